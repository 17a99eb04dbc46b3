import type { BacktestSettings, EvaluationResult, Intervals, ModelConfig } from '../../engine/core/api/schema.js';

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
  /** provisional: tier statistics are current, the ranking-based metrics are the previous ones; the final result follows unless a newer request came in. */
  | { type: 'result'; seq: number; result: EvaluationResult; ms: number; provisional: boolean }
  | { type: 'intervals'; seq: number; intervals: Intervals }
  | { type: 'error'; seq: number; message: string };
