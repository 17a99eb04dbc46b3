/// <reference lib="webworker" />
/**
 * Recomputes off the UI thread. Requests that queue up while one is being
 * computed are collapsed to the newest: a dragged slider never builds a
 * backlog of stale work.
 */
import { decodeFrame } from '../../engine/core/api/frameCodec.js';
import { DEFAULT_REPLICATES } from '../../engine/core/backtest/bootstrap.js';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import type { FromWorker, ToWorker } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

let evaluator: BacktestPipeline | null = null;
/** Bootstrap replicates run only when no newer request is waiting. */
const REPLICATES = DEFAULT_REPLICATES;
/**
 * Quiet time before ranking a provisional result. Ranking a million
 * snapshots takes 40-90 ms and cannot be interrupted, so ranking after every
 * key press of a held arrow key or a drag made the next press wait for it;
 * a short pause means ranking happens where the slider rests.
 */
const RANK_AFTER_MS = 120;
const SLICE_MS = 8;
let pending: Extract<ToWorker, { type: 'evaluate' }> | null = null;
let scheduled = false;
/** Bumped by every evaluation, so a bootstrap of an older one stops. */
let generation = 0;

const post = (m: FromWorker) => self.postMessage(m);

function drain(): void {
  scheduled = false;
  const req = pending;
  pending = null;
  if (!req || !evaluator) return;
  const mine = ++generation;
  const t0 = performance.now();
  try {
    const provisional = evaluator.runProvisional(req);
    if (!provisional) {
      finish(req, mine, t0);
      return;
    }
    post({ type: 'result', seq: req.seq, result: provisional, ms: performance.now() - t0, provisional: true });
    // Let newer requests in before ranking: while a slider is dragged only where it stops is ranked.
    setTimeout(() => {
      if (!pending && mine === generation) finish(req, mine, t0);
    }, RANK_AFTER_MS);
  } catch (err) {
    post({ type: 'error', seq: req.seq, message: err instanceof Error ? err.message : String(err) });
  }
}

/** The complete result (ranking included), then bootstrap intervals in slices. */
function finish(req: Extract<ToWorker, { type: 'evaluate' }>, mine: number, t0: number): void {
  if (!evaluator) return;
  try {
    const result = evaluator.run(req);
    post({ type: 'result', seq: req.seq, result, ms: performance.now() - t0, provisional: false });
    if (req.intervals) {
      // In slices, yielding between them: a new request (the user still
      // dragging) stops the bootstrap instead of queueing behind it.
      const run = evaluator.bootstrap(req, REPLICATES);
      const slice = () => {
        if (pending || mine !== generation) return;
        // A few milliseconds at a time: one replicate at a million snapshots
        // takes ~15 ms, so a fixed count per slice would make key presses wait.
        const until = performance.now() + SLICE_MS;
        do run.step(1);
        while (!run.finished && performance.now() < until);
        if (run.finished) post({ type: 'intervals', seq: req.seq, intervals: run.result() });
        else setTimeout(slice, 0);
      };
      setTimeout(slice, 0);
    }
  } catch (err) {
    post({ type: 'error', seq: req.seq, message: err instanceof Error ? err.message : String(err) });
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  if (msg.type === 'init') {
    evaluator = new BacktestPipeline(decodeFrame(msg.buffer));
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
