/**
 * The one schema for everything that crosses a boundary: the model
 * configuration (UI, files, CLI) and the engine API's requests and responses
 * (IPC and HTTP). Types are inferred from it so the hosts cannot drift.
 * One file per subject under schema/; this barrel keeps the import path.
 */
export * from './schema/model.js';
export * from './schema/customSignal.js';
export * from './schema/backtest.js';
export * from './schema/status.js';
export * from './schema/requests.js';
export * from './schema/results.js';
export * from './schema/scorecard.js';
export * from './schema/verdict.js';
export * from './schema/insight.js';
export * from './schema/accounts.js';
export * from './schema/approval.js';
export * from './schema/methods.js';
export { FileMappingSchema } from './importSchema.js';
