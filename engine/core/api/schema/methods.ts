/**
 * The method table: the one description of the engine API. Every host
 * (Electron IPC, local HTTP) derives its routes from it and the engine parses
 * each request with the method's `request` schema before a handler runs.
 *
 * Most methods answer JSON: `POST /api/<method>` over HTTP, the `engine:invoke`
 * channel over IPC, the answer checked against `response` by the renderer.
 * Bytes methods answer raw bytes on their own GET route and IPC channel,
 * named in their `bytes` entry.
 */
import { z } from 'zod';
import { IPC_CHANNELS } from '../bridge.js';
import {
  DataQualitySchema,
  FileInfoSchema,
  ImportReportSchema,
  ImportRequestSchema,
  ProjectStateSchema,
  WorkspaceListSchema,
  WorkspaceSummarySchema,
} from '../importSchema.js';
import { AccountsResponseSchema } from './accounts.js';
import { InsightRequestSchema, InsightSchema } from './insight.js';
import { ApprovedConfigSchema } from './approval.js';
import {
  AccountsRequestSchema,
  ApproveRequestSchema,
  CompareRequestSchema,
  EvaluateRequestSchema,
  ExportSqlRequestSchema,
  ImportReportRequestSchema,
  OpenWorkspaceRequestSchema,
  ProposeMappingsRequestSchema,
  RemoveFileRequestSchema,
  SaveWorkspaceRequestSchema,
  SignalDistributionRequestSchema,
  SniffFileRequestSchema,
  SnapshotFrameRequestSchema,
  SuggestWeightsRequestSchema,
  FitScorecardRequestSchema,
} from './requests.js';
import { ScorecardResponseSchema } from './scorecard.js';
import { ComparisonSchema, EvaluationResultSchema, MappingProposalSchema, WeightSuggestionSchema } from './results.js';
import { DatasetMetaSchema, DefaultsSchema, ImportStatusSchema, LoadStatusSchema } from './status.js';

const Empty = z.object({}).strict();

/** The JSON methods. */
export const ENGINE_API = {
  getStatus: { request: Empty, response: LoadStatusSchema },
  getDataset: { request: Empty, response: DatasetMetaSchema },
  getDefaults: { request: Empty, response: DefaultsSchema },
  evaluate: { request: EvaluateRequestSchema, response: EvaluationResultSchema },
  suggestWeights: { request: SuggestWeightsRequestSchema, response: WeightSuggestionSchema },
  /** A whole configuration fitted as a scorecard on earlier month-ends, judged on later ones (a few seconds). */
  fitScorecard: { request: FitScorecardRequestSchema, response: ScorecardResponseSchema },
  compareScenarios: { request: CompareRequestSchema, response: ComparisonSchema },
  approveConfig: { request: ApproveRequestSchema, response: ApprovedConfigSchema },
  listAccounts: { request: AccountsRequestSchema, response: AccountsResponseSchema },
  // Loading user exports (files arrive through the host: upload or a path from a dialog).
  listFiles: { request: Empty, response: z.array(FileInfoSchema) },
  sniffFile: { request: SniffFileRequestSchema, response: FileInfoSchema },
  removeFile: { request: RemoveFileRequestSchema, response: z.object({}) },
  /** How the registered files map and relate (a file reaching its account through another's key), from their values. */
  proposeMappings: { request: ProposeMappingsRequestSchema, response: MappingProposalSchema },
  startImport: { request: ImportRequestSchema, response: z.object({}) },
  getImportStatus: { request: Empty, response: ImportStatusSchema },
  cancelImport: { request: Empty, response: z.object({}) },
  getImportReport: { request: ImportReportRequestSchema, response: ImportReportSchema },
  getDataQuality: { request: Empty, response: DataQualitySchema },
  // Workspaces: the data and the project (mapping, scenarios) saved together.
  listWorkspaces: { request: Empty, response: WorkspaceListSchema },
  saveWorkspace: { request: SaveWorkspaceRequestSchema, response: WorkspaceSummarySchema },
  openWorkspace: { request: OpenWorkspaceRequestSchema, response: z.object({ project: ProjectStateSchema }) },
  getProject: { request: Empty, response: ProjectStateSchema.extend({ workspace: z.string().nullable() }) },
  /** A signal's raw values at a date, binned: the preview behind the normalisation editor. */
  signalDistribution: {
    request: SignalDistributionRequestSchema,
    response: z.object({
      bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
      missing: z.number().int(),
      total: z.number().int(),
    }),
  },
  /** Each signal's and category's power on its own, and the score's precision, recall and AUC per evaluation month. */
  insight: { request: InsightRequestSchema, response: InsightSchema },
  /** The configuration as one SQL query scoring the canonical tables in a warehouse (DuckDB and PostgreSQL). */
  exportSql: { request: ExportSqlRequestSchema, response: z.object({ sql: z.string(), asOf: z.string() }) },
} as const;

/**
 * Where a bytes method travels. HTTP: `GET /api/<path>`, the request's fields
 * as query parameters (absent ones take the default given here, or stay absent
 * when `optional`); with `post`, also `POST /api/<path>` with the whole request as
 * a JSON body (for fields too long for an address). IPC: its own channel, the
 * request's fields as arguments in `args` order.
 */
export interface BytesRoute {
  readonly http: {
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
    readonly optional?: readonly string[];
    readonly post?: boolean;
  };
  readonly ipc: { readonly channel: string; readonly args: readonly string[] };
}

/** The bytes methods. */
export const BYTES_API = {
  /** The snapshot frame (see frameCodec): 100+ MB that would cost seconds as JSON, so it skips JSON altogether. */
  getSnapshotFrame: {
    request: SnapshotFrameRequestSchema,
    response: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
    bytes: {
      // Custom signal definitions (up to 50) would overflow an address: they travel in a POST body.
      http: { path: 'frame', query: { cadence: 'monthly' }, optional: ['graceDays'], post: true },
      ipc: { channel: IPC_CHANNELS.frame, args: ['cadence', 'graceDays', 'customSignals'] },
    },
  },
  /** The whole issue log as CSV (formula-safe cells), of the last load, a failed one included: it can run to hundreds of MB. */
  getImportIssuesCsv: {
    request: Empty,
    response: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected bytes'),
    bytes: {
      http: { path: 'import-issues.csv', query: {} },
      ipc: { channel: IPC_CHANNELS.issuesCsv, args: [] },
    },
  },
} as const satisfies Record<string, { request: z.ZodObject; response: z.ZodType<Uint8Array>; bytes: BytesRoute }>;

/** Every method, JSON and bytes. */
export const API_METHODS = { ...ENGINE_API, ...BYTES_API } as const;

export type MethodName = keyof typeof API_METHODS;
export type BytesMethod = keyof typeof BYTES_API;
/** The JSON methods (the name predates the bytes methods joining the table). */
export type EngineMethod = keyof typeof ENGINE_API;

export const METHOD_NAMES = Object.keys(API_METHODS) as MethodName[];
export const ENGINE_METHODS = Object.keys(ENGINE_API) as EngineMethod[];
export const BYTES_METHODS = Object.keys(BYTES_API) as BytesMethod[];

/** A request as a handler receives it: parsed, defaults applied. */
export type RequestOf<M extends MethodName> = z.output<(typeof API_METHODS)[M]['request']>;
export type ResponseOf<M extends MethodName> = z.output<(typeof API_METHODS)[M]['response']>;
export type EngineRequest<M extends EngineMethod> = RequestOf<M>;
export type EngineResponse<M extends EngineMethod> = ResponseOf<M>;

/** The typed API the renderer sees, whichever host carries it. */
export type EngineClient = {
  [M in EngineMethod]: (request: EngineRequest<M>) => Promise<EngineResponse<M>>;
} & {
  /** `onProgress` reports bytes received where the transport can (HTTP); IPC answers in one piece. */
  getSnapshotFrame: (
    cadence: RequestOf<'getSnapshotFrame'>['cadence'],
    onProgress?: (received: number, total: number) => void,
    /** The subscription grace period the frame's episodes are built with (absent: the default). */
    graceDays?: number,
    /** The configuration's custom signals: one column more each (absent or empty: the built-in signals only). */
    customSignals?: Readonly<NonNullable<RequestOf<'getSnapshotFrame'>['customSignals']>>,
  ) => Promise<ArrayBuffer>;
  getImportIssuesCsv: () => Promise<ArrayBuffer>;
};

const has = (table: object, name: unknown): boolean =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name);

export const isApiMethod = (name: unknown): name is MethodName => has(API_METHODS, name);
export const isEngineMethod = (name: unknown): name is EngineMethod => has(ENGINE_API, name);
export const isBytesMethod = (name: unknown): name is BytesMethod => has(BYTES_API, name);
