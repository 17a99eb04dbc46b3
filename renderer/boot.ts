/**
 * Start-up: wait for the engine to load the data (showing its progress), fetch
 * defaults, dataset summary and the snapshot frame, hand the frame to the
 * evaluation worker, then recompute on every model change.
 */
import { decodeFrame } from '../engine/core/api/frameCodec.js';
import type { EngineClient, EvaluationResult, Intervals } from '../engine/core/api/schema.js';
import type { Cadence } from '../engine/core/snapshots/frame.js';
import { ComputeClient } from './compute/computeClient.js';
import { useModelStore, type ModelState } from './state/modelStore.js';
import { useSessionStore } from './state/sessionStore.js';
import { useViewStore } from './state/viewStore.js';

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function paramsOf(s: ModelState) {
  return s.config ? { config: s.config, backtest: s.backtest, asOf: s.asOf, intervals: true, alerts: useViewStore.getState().tab === 'alerts' } : null;
}

export async function boot(client: EngineClient): Promise<() => void> {
  const session = useSessionStore.getState();
  try {
    for (;;) {
      const status = await client.getStatus({});
      session.setStatus(status);
      if (status.generation !== undefined) useSessionStore.setState({ generation: status.generation });
      if (status.state === 'ready') break;
      if (status.state === 'error') {
        session.fail(status.message ?? 'The engine could not load the data.');
        return () => undefined;
      }
      await sleep(POLL_MS);
    }
    session.setStatus({ state: 'loading', step: 'Transferring snapshots', done: 0, total: 1 });
    const [defaults, dataset] = await Promise.all([client.getDefaults({}), client.getDataset({})]);
    const callbacks = {
      onResult: (seq: number, result: EvaluationResult, ms: number, provisional: boolean) => useSessionStore.getState().showResult(seq, result, ms, provisional),
      onError: (_seq: number, message: string) => useSessionStore.getState().fail(`Recompute failed: ${message}`),
      onIntervals: (seq: number, intervals: Intervals) => useSessionStore.getState().showIntervals(seq, intervals),
    };
    /** Fetch a cadence's snapshots and hand them to a fresh worker. */
    const open = async (cadence: Cadence) => {
      let shown = -1;
      const frame = await client.getSnapshotFrame(cadence, (received, total) => {
        // A render per percent, not per network chunk; only while the loading screen is up.
        const pct = Math.floor((received / total) * 100);
        if (pct === shown || useSessionStore.getState().dataset) return;
        shown = pct;
        const mb = (b: number) => (b / 1e6).toFixed(0);
        session.setStatus({ state: 'loading', step: `Transferring snapshots (${mb(received)} of ${mb(total)} MB)`, done: received, total });
      });
      const periods = decodeFrame(frame).meta.periods; // read before the buffer moves to the worker
      const compute = new ComputeClient(frame, callbacks);
      await compute.ready;
      return { compute, periods, cadence };
    };
    let current = await open('monthly');
    session.setDataset(dataset);
    // New data (an import, a workspace) keeps the model being calibrated; only the dates change.
    if (useModelStore.getState().config) useModelStore.getState().setPeriods(current.periods);
    else useModelStore.getState().init(defaults, current.periods);
    const request = (s: ModelState) => {
      const p = paramsOf(s);
      if (p && p.backtest.cadence === current.cadence) useSessionStore.getState().requested(current.compute.request(p));
    };
    request(useModelStore.getState());
    let switching: Promise<void> = Promise.resolve();
    const unsubscribe = useModelStore.subscribe((s, prev) => {
      if (s.backtest.cadence !== current.cadence) {
        const cadence = s.backtest.cadence;
        useSessionStore.getState().setSwitching(`Building ${cadence} snapshots…`);
        switching = switching.then(async () => {
          if (useModelStore.getState().backtest.cadence !== cadence || current.cadence === cadence) return;
          const next = await open(cadence);
          current.compute.dispose();
          current = next;
          useSessionStore.getState().setSwitching(null);
          useModelStore.getState().setPeriods(next.periods); // triggers a request at the new cadence
          request(useModelStore.getState());
        }).catch((err: unknown) => useSessionStore.getState().fail(err instanceof Error ? err.message : String(err)));
        return;
      }
      if (s.config !== prev.config || s.backtest !== prev.backtest || s.asOf !== prev.asOf) request(s);
    });
    // Opening the Alerts view asks for the alert backtest the slider path leaves out.
    const unsubscribeView = useViewStore.subscribe((v, prev) => {
      if (v.tab === 'alerts' && prev.tab !== 'alerts' && useSessionStore.getState().result?.backtest.alerts === null) request(useModelStore.getState());
    });
    session.setStatus({ state: 'ready', step: 'Ready', done: 1, total: 1 });
    return () => {
      unsubscribe();
      unsubscribeView();
      current.compute.dispose();
    };
  } catch (err) {
    session.fail(err instanceof Error ? err.message : String(err));
    return () => undefined;
  }
}
