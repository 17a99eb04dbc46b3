/**
 * Messages between the UI thread and the evaluation worker. The evaluate
 * request is the engine API's own (schema.ts), with the bootstrap replicate
 * count replaced by "intervals wanted": the worker decides how many replicates
 * it runs, in slices, when nothing newer is waiting.
 */
import type { EvaluateRequest, EvaluationResult, Intervals } from '../../engine/core/api/schema.js';

export type WorkerEvaluateRequest = Omit<EvaluateRequest, 'bootstrap'> & {
  /** Also compute bootstrap intervals once the screen has settled. */
  intervals: boolean;
  /** Compute the alert backtest: it costs a pass over every snapshot, so only when a view shows it. */
  alerts: boolean;
};

export type ToWorker =
  { type: 'init'; buffer: ArrayBuffer } | ({ type: 'evaluate'; seq: number } & WorkerEvaluateRequest);

export type FromWorker =
  | { type: 'ready'; snapshots: number }
  /** provisional: tier statistics are current, the ranking-based metrics are the previous ones; the final result follows unless a newer request came in. */
  | { type: 'result'; seq: number; result: EvaluationResult; ms: number; provisional: boolean }
  | { type: 'intervals'; seq: number; intervals: Intervals }
  | { type: 'error'; seq: number; message: string };
