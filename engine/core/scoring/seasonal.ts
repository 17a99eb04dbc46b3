/**
 * Seasonal businesses (retail peaks, school years, fiscal-year budgets) see
 * trends against the trailing baseline swing every year for no reason. With
 * the 'last-year' baseline, each trend signal that has a same-period-last-year
 * counterpart reads that instead; an account without a year of history falls
 * back to its trailing trend, so young accounts are not left unscored.
 */
import type { Baseline } from '../api/schema.js';
import { isCustomSignalId, type AnySignalId, type SignalId } from '../signals/catalog.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

/**
 * Each trend signal's same-period-last-year twin. Built by a function, not held in a module-level constant,
 * so mutation testing can switch each entry per test (a constant is evaluated once, when the module loads).
 */
export function samePeriodLastYear(): Readonly<Partial<Record<SignalId, SignalId>>> {
  return {
    logins_trend: 'logins_yoy',
    session_trend: 'session_yoy',
    key_actions_trend: 'key_actions_yoy',
    api_calls_trend: 'api_calls_yoy',
  };
}

const merged = new WeakMap<SnapshotFrame, Map<SignalId, Float32Array>>();

/**
 * The raw values a signal input reads under a baseline (merged columns are built once per frame). A custom
 * signal has its own comparison and no seasonal twin; one the frame was built without is an error, never NaN.
 */
export function signalValues(frame: SnapshotFrame, signal: AnySignalId, baseline: Baseline | undefined): Float32Array {
  if (isCustomSignalId(signal)) {
    const col = frame.values[signal];
    if (!col)
      throw new Error(
        `custom signal "${signal}" is not in these snapshots: build them with the configuration's customSignals (the app asks for them when the definitions change)`,
      );
    return col;
  }
  const yoy = baseline === 'last-year' ? samePeriodLastYear()[signal] : undefined;
  if (!yoy) return frame.values[signal];
  let byFrame = merged.get(frame);
  if (!byFrame) merged.set(frame, (byFrame = new Map()));
  let col = byFrame.get(signal);
  if (!col) {
    const seasonal = frame.values[yoy];
    const trailing = frame.values[signal];
    col = new Float32Array(frame.n);
    for (let i = 0; i < frame.n; i++) {
      const v = seasonal[i]!;
      col[i] = v === v ? v : trailing[i]!;
    }
    byFrame.set(signal, col);
  }
  return col;
}
