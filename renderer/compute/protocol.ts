import type { BacktestSettings, EvaluationResult, ModelConfig } from '../../engine/api/schema.js';

export interface EvaluateParams {
  config: ModelConfig;
  backtest: BacktestSettings;
  asOf: string;
}

export type ToWorker =
  | { type: 'init'; buffer: ArrayBuffer }
  | ({ type: 'evaluate'; seq: number } & EvaluateParams);

export type FromWorker =
  | { type: 'ready'; snapshots: number }
  | { type: 'result'; seq: number; result: EvaluationResult; ms: number; rescored: boolean }
  | { type: 'error'; seq: number; message: string };
