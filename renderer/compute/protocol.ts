import type { BacktestSettings, EvaluationResult, Intervals, ModelConfig } from '../../engine/api/schema.js';

export interface EvaluateParams {
  config: ModelConfig;
  backtest: BacktestSettings;
  asOf: string;
  /** Also compute bootstrap intervals once the screen has settled. */
  intervals?: boolean;
  /** Compute the alert backtest (only while the Alerts view is open: it costs a pass over every snapshot). */
  alerts?: boolean;
}

export type ToWorker =
  | { type: 'init'; buffer: ArrayBuffer }
  | ({ type: 'evaluate'; seq: number } & EvaluateParams);

export type FromWorker =
  | { type: 'ready'; snapshots: number }
  | { type: 'result'; seq: number; result: EvaluationResult; ms: number }
  | { type: 'intervals'; seq: number; intervals: Intervals }
  | { type: 'error'; seq: number; message: string };
