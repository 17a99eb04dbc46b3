/**
 * Start-up: wait for the engine to load the data (showing its progress), fetch
 * defaults, dataset summary and the snapshot frame, hand the frame to the
 * evaluation worker, then recompute on every model change.
 */
import type { EngineClient } from '../engine/api/schema.js';
import { ComputeClient } from './compute/computeClient.js';
import { useModelStore, type ModelState } from './state/modelStore.js';
import { useSessionStore } from './state/sessionStore.js';

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function paramsOf(s: ModelState) {
  return s.config ? { config: s.config, backtest: s.backtest, asOf: s.asOf, intervals: true } : null;
}

export async function boot(client: EngineClient): Promise<() => void> {
  const session = useSessionStore.getState();
  try {
    for (;;) {
      const status = await client.getStatus({});
      session.setStatus(status);
      if (status.state === 'ready') break;
      if (status.state === 'error') {
        session.fail(status.message ?? 'The engine could not load the data.');
        return () => undefined;
      }
      await sleep(POLL_MS);
    }
    session.setStatus({ state: 'loading', step: 'Transferring snapshots', done: 0, total: 1 });
    const [defaults, dataset, frame] = await Promise.all([client.getDefaults({}), client.getDataset({}), client.getSnapshotFrame()]);
    const compute = new ComputeClient(frame, {
      onResult: (seq, result, ms) => useSessionStore.getState().showResult(seq, result, ms),
      onError: (_seq, message) => useSessionStore.getState().fail(`Recompute failed: ${message}`),
      onIntervals: (seq, intervals) => useSessionStore.getState().showIntervals(seq, intervals),
    });
    await compute.ready;
    session.setDataset(dataset);
    useModelStore.getState().init(defaults, dataset.months);
    const request = (s: ModelState) => {
      const p = paramsOf(s);
      if (p) useSessionStore.getState().requested(compute.request(p));
    };
    request(useModelStore.getState());
    const unsubscribe = useModelStore.subscribe((s, prev) => {
      if (s.config !== prev.config || s.backtest !== prev.backtest || s.asOf !== prev.asOf) request(s);
    });
    session.setStatus({ state: 'ready', step: 'Ready', done: 1, total: 1 });
    return () => {
      unsubscribe();
      compute.dispose();
    };
  } catch (err) {
    session.fail(err instanceof Error ? err.message : String(err));
    return () => undefined;
  }
}
