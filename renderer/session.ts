/**
 * Start-up wiring: wait for the engine to load the data (showing its
 * progress), fetch defaults and the dataset summary, start the recompute on
 * the snapshots, then feed it the model. The recompute itself lives in
 * compute/recompute.ts; this file only connects it to the stores.
 */
import type { EngineClient } from '../engine/core/api/schema.js';
import type { ComputeCallbacks } from './compute/computeClient.js';
import { openEvaluator } from './compute/evaluator.js';
import { Recompute, type ModelInputs } from './compute/recompute.js';
import { useModelStore, type ModelState } from './state/modelStore.js';
import { useSessionStore } from './state/sessionStore.js';

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface Session {
  recompute: Recompute;
  dispose(): void;
}

/** The recompute's model inputs, once the model exists. */
const modelInputs = (s: ModelState): ModelInputs | null =>
  s.config ? { config: s.config, backtest: s.backtest, asOf: s.asOf } : null;

const showing: ComputeCallbacks = {
  onResult: (seq, result, ms, provisional) => useSessionStore.getState().showResult(seq, result, ms, provisional),
  onError: (_seq, message) => useSessionStore.getState().fail(`Recompute failed: ${message}`),
  onIntervals: (seq, intervals) => useSessionStore.getState().showIntervals(seq, intervals),
};

/** Download progress, a render per percent rather than per network chunk, and only while the loading screen is up. */
function progressReporter(): (received: number, total: number) => void {
  let shown = -1;
  return (received, total) => {
    const pct = Math.floor((received / total) * 100);
    if (pct === shown || useSessionStore.getState().dataset) return;
    shown = pct;
    const mb = (b: number) => (b / 1e6).toFixed(0);
    useSessionStore.getState().setStatus({
      state: 'loading',
      step: `Transferring snapshots (${mb(received)} of ${mb(total)} MB)`,
      done: received,
      total,
    });
  };
}

/** Poll until the engine has loaded the data; false when it could not. */
async function engineReady(client: EngineClient, live: () => boolean): Promise<boolean> {
  const session = useSessionStore.getState();
  while (live()) {
    const status = await client.getStatus({});
    if (!live()) break;
    session.setStatus(status);
    if (status.generation !== undefined) useSessionStore.setState({ generation: status.generation });
    if (status.state === 'ready') return true;
    if (status.state === 'error') {
      session.fail(status.message ?? 'The engine could not load the data.');
      return false;
    }
    await sleep(POLL_MS);
  }
  return false;
}

export function startSession(client: EngineClient): Session {
  let live = true;
  let unsubscribe: () => void = () => undefined;
  const recompute = new Recompute({
    open: (cadence, graceDays, customSignals) =>
      openEvaluator(client, cadence, showing, progressReporter(), graceDays, customSignals),
    requested: (seq) => useSessionStore.getState().requested(seq),
    switching: (message) => useSessionStore.getState().setSwitching(message),
    periods: (periods) => useModelStore.getState().setPeriods([...periods]),
    failed: (message) => useSessionStore.getState().fail(message),
  });
  // The Backtest panel's confidence intervals are always wanted; the worker computes them once the screen settles.
  recompute.want('intervals');

  const load = async () => {
    if (!(await engineReady(client, () => live))) return;
    const session = useSessionStore.getState();
    session.setStatus({ state: 'loading', step: 'Transferring snapshots', done: 0, total: 1 });
    const [defaults, dataset] = await Promise.all([client.getDefaults({}), client.getDataset({})]);
    if (!live) return;
    // New data (an import, a workspace) keeps the model being calibrated, its cadence too; only the dates change.
    const keptModel = useModelStore.getState().config;
    const kept = keptModel ? useModelStore.getState().backtest.cadence : null;
    const grace = kept ? useModelStore.getState().backtest.graceDays : defaults.backtest.graceDays;
    const custom = (keptModel ?? defaults.config).customSignals ?? [];
    const periods = [...(await recompute.start(kept ?? defaults.backtest.cadence, grace, custom))];
    if (!live) return;
    session.setDataset(dataset);
    if (kept) useModelStore.getState().setPeriods(periods);
    else useModelStore.getState().init(defaults, periods);
    const feed = (s: ModelState) => {
      const inputs = modelInputs(s);
      if (inputs) recompute.set(inputs);
    };
    feed(useModelStore.getState());
    unsubscribe = useModelStore.subscribe((s, prev) => {
      if (s.config !== prev.config || s.backtest !== prev.backtest || s.asOf !== prev.asOf) feed(s);
    });
    session.setStatus({ state: 'ready', step: 'Ready', done: 1, total: 1 });
  };
  void load().catch((err: unknown) => live && useSessionStore.getState().fail(messageOf(err)));

  return {
    recompute,
    dispose() {
      live = false;
      unsubscribe();
      recompute.dispose();
    },
  };
}
