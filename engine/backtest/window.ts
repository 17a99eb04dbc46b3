/**
 * Which snapshots a backtest may use. A month-end is observed when its whole
 * horizon lies on or before the last observed date; the window is the last N
 * observed month-ends. Snapshots of months not yet observed are censored —
 * excluded and counted, never labelled "stayed" just because the churn has
 * not happened yet.
 */
import type { SnapshotFrame } from '../snapshots/frame.js';

export interface EvaluationWindow {
  /** 1 for month indices inside the window. */
  inWindow: Uint8Array;
  /** 1 for month indices whose horizon is fully observed. */
  observed: Uint8Array;
  months: string[];
}

export function evaluationWindow(frame: SnapshotFrame, horizonDays: number, windowMonths: number): EvaluationWindow {
  const nm = frame.meta.months.length;
  const minObserved = new Float64Array(nm).fill(Number.POSITIVE_INFINITY);
  const present = new Uint8Array(nm);
  for (let i = 0; i < frame.n; i++) {
    const m = frame.month[i]!;
    present[m] = 1;
    if (frame.observedDays[i]! < minObserved[m]!) minObserved[m] = frame.observedDays[i]!;
  }
  const observed = new Uint8Array(nm);
  for (let m = 0; m < nm; m++) observed[m] = present[m] && minObserved[m]! >= horizonDays ? 1 : 0;
  const inWindow = new Uint8Array(nm);
  let left = windowMonths;
  for (let m = nm - 1; m >= 0 && left > 0; m--) {
    if (observed[m]) {
      inWindow[m] = 1;
      left--;
    }
  }
  return { inWindow, observed, months: frame.meta.months.filter((_, m) => inWindow[m] === 1) };
}
