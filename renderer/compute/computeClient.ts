/**
 * Owns one evaluation worker: hands it the snapshot frame (the worker decodes
 * the columns), queues evaluations, and passes on only the answers the
 * ResultGate admits.
 */
import type { EvaluationResult, Intervals } from '../../engine/core/api/schema.js';
import type { FromWorker, ToWorker, WorkerEvaluateRequest } from './protocol.js';
import { ResultGate } from './resultGate.js';

export interface ComputeCallbacks {
  /** provisional: the ranking-based metrics are still the previous result's; the final one follows. */
  onResult(seq: number, result: EvaluationResult, ms: number, provisional: boolean): void;
  onError(seq: number, message: string): void;
  onIntervals(seq: number, intervals: Intervals): void;
}

export class ComputeClient {
  private readonly worker: Worker;
  private readonly gate = new ResultGate();
  /** Resolves with the snapshot count once the worker has decoded the frame. */
  readonly ready: Promise<number>;

  /** `frameBuffer` moves to the worker: it is unusable here afterwards. */
  constructor(
    frameBuffer: ArrayBuffer,
    private readonly cb: ComputeCallbacks,
  ) {
    this.worker = new Worker(new URL('./evaluate.worker.ts', import.meta.url), { type: 'module', name: 'evaluate' });
    this.ready = new Promise((ok, fail) => {
      this.worker.addEventListener('error', (e) => fail(new Error(e.message || 'evaluation worker failed to start')), {
        once: true,
      });
      this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.type === 'ready') ok(m.snapshots);
        else if (!this.gate.admit(m)) return;
        else if (m.type === 'result') this.cb.onResult(m.seq, m.result, m.ms, m.provisional);
        else if (m.type === 'intervals') this.cb.onIntervals(m.seq, m.intervals);
        else this.cb.onError(m.seq, m.message);
      });
    });
    const init: ToWorker = { type: 'init', buffer: frameBuffer };
    this.worker.postMessage(init, [frameBuffer]);
  }

  /** Queue an evaluation; returns its sequence number. */
  request(params: WorkerEvaluateRequest): number {
    const seq = this.gate.next();
    const msg: ToWorker = { type: 'evaluate', seq, ...params };
    this.worker.postMessage(msg);
    return seq;
  }

  dispose(): void {
    this.worker.terminate();
  }
}
