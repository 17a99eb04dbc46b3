/// <reference lib="webworker" />
/**
 * Recomputes off the UI thread. Requests that queue up while one is being
 * computed are collapsed to the newest: a dragged slider never builds a
 * backlog of stale work.
 */
import { decodeFrame } from '../../engine/api/frameCodec.js';
import { IncrementalEvaluator } from './evaluator.js';
import type { FromWorker, ToWorker } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

let evaluator: IncrementalEvaluator | null = null;
let pending: Extract<ToWorker, { type: 'evaluate' }> | null = null;
let scheduled = false;

const post = (m: FromWorker) => self.postMessage(m);

function drain(): void {
  scheduled = false;
  const req = pending;
  pending = null;
  if (!req || !evaluator) return;
  const t0 = performance.now();
  try {
    const { result, rescored } = evaluator.evaluate(req);
    post({ type: 'result', seq: req.seq, result, ms: performance.now() - t0, rescored });
  } catch (err) {
    post({ type: 'error', seq: req.seq, message: err instanceof Error ? err.message : String(err) });
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    evaluator = new IncrementalEvaluator(decodeFrame(msg.buffer));
    post({ type: 'ready', snapshots: evaluator.frame.n });
    if (pending && !scheduled) {
      scheduled = true;
      setTimeout(drain, 0);
    }
    return;
  }
  pending = msg;
  if (!scheduled && evaluator) {
    scheduled = true;
    // A macrotask lets every message already queued arrive before we pick the newest.
    setTimeout(drain, 0);
  }
};
