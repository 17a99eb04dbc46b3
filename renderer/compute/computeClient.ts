/**
 * Owns the evaluation worker. Every request gets a sequence number; a result
 * older than one already shown is dropped, so the screen never steps back.
 */
import type { EvaluationResult, Intervals } from '../../engine/core/api/schema.js';
import type { EvaluateParams, FromWorker, ToWorker } from './protocol.js';

export interface ComputeCallbacks {
  /** provisional: the ranking-based metrics are still the previous result's; the final one follows. */
  onResult(seq: number, result: EvaluationResult, ms: number, provisional: boolean): void;
  onError(seq: number, message: string): void;
  onIntervals(seq: number, intervals: Intervals): void;
}

export class ComputeClient {
  private readonly worker: Worker;
  /** Shared by every client, so results of a replaced worker can never pass for newer ones. */
  private static lastSeq = 0;
  private seq = 0;
  private shown = 0;
  /** The newest sequence number whose final (not provisional) result was shown. */
  private final = 0;
  readonly ready: Promise<number>;

  constructor(frameBuffer: ArrayBuffer, private readonly cb: ComputeCallbacks) {
    this.worker = new Worker(new URL('./evaluate.worker.ts', import.meta.url), { type: 'module', name: 'evaluate' });
    this.ready = new Promise((ok, fail) => {
      this.worker.addEventListener('error', (e) => fail(new Error(e.message || 'evaluation worker failed to start')), { once: true });
      this.worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
        const m = e.data;
        if (m.type === 'ready') ok(m.snapshots);
        else if (m.type === 'result') {
          // A newer result, or the final one for the provisional result on screen.
          if (m.seq > this.shown || (m.seq === this.shown && !m.provisional && this.final < m.seq)) {
            this.shown = m.seq;
            if (!m.provisional) this.final = m.seq;
            this.cb.onResult(m.seq, m.result, m.ms, m.provisional);
          }
        } else if (m.type === 'intervals') {
          // Intervals belong to exactly one result; late ones for an older result are dropped.
          if (m.seq === this.shown && m.seq === this.seq) this.cb.onIntervals(m.seq, m.intervals);
        } else if (m.seq >= this.shown) this.cb.onError(m.seq, m.message);
      });
    });
    const init: ToWorker = { type: 'init', buffer: frameBuffer };
    this.worker.postMessage(init, [frameBuffer]);
  }

  /** Queue an evaluation; returns its sequence number. */
  request(params: EvaluateParams): number {
    this.seq = ++ComputeClient.lastSeq;
    const msg: ToWorker = { type: 'evaluate', seq: this.seq, ...params };
    this.worker.postMessage(msg);
    return this.seq;
  }

  get latest(): number {
    return this.seq;
  }

  dispose(): void {
    this.worker.terminate();
  }
}
