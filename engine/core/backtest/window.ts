/**
 * Which snapshots a backtest may use. A month-end is observed when its whole
 * horizon lies on or before the last observed date; the window is the last N
 * observed month-ends. Snapshots of months not yet observed are censored —
 * excluded and counted, never labelled "stayed" just because the churn has
 * not happened yet.
 */
import type { SnapshotFrame } from '../snapshots/frame.js';

export interface EvaluationWindow {
  /** 1 for period indices inside the window. */
  inWindow: Uint8Array;
  /** 1 for period indices whose horizon is fully observed. */
  observed: Uint8Array;
  periods: string[];
}

// A function declaration, not a module-level arrow: Stryker can switch its mutants per test.
function lastDayOf(y: number, m0: number): number {
  return new Date(Date.UTC(y, m0 + 1, 0)).getUTCDate();
}

/** The date `months` calendar months before `iso`; a month-end maps to a month-end. */
export function monthsBefore(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const ty = first.getUTCFullYear(),
    tm = first.getUTCMonth();
  const day = d === lastDayOf(y, m - 1) ? lastDayOf(ty, tm) : Math.min(d, lastDayOf(ty, tm));
  return new Date(Date.UTC(ty, tm, day)).toISOString().slice(0, 10);
}

export function evaluationWindow(frame: SnapshotFrame, horizonDays: number, windowMonths: number): EvaluationWindow {
  const nm = frame.meta.periods.length;
  const minObserved = new Float64Array(nm).fill(Number.POSITIVE_INFINITY);
  const present = new Uint8Array(nm);
  for (let i = 0; i < frame.n; i++) {
    const m = frame.period[i]!;
    present[m] = 1;
    if (frame.observedDays[i]! < minObserved[m]!) minObserved[m] = frame.observedDays[i]!;
  }
  const observed = new Uint8Array(nm);
  // A one-moment export's outcome is known at its one date (FrameMeta.crossSectional): nothing to wait for.
  const always = frame.meta.crossSectional === true;
  for (let m = 0; m < nm; m++) observed[m] = present[m] && (always || minObserved[m]! >= horizonDays) ? 1 : 0;
  // The window covers the last N months of observed snapshot dates, whatever the cadence.
  const inWindow = new Uint8Array(nm);
  let last = -1;
  for (let m = nm - 1; m >= 0 && last < 0; m--) if (observed[m]) last = m;
  if (last >= 0) {
    // Beyond a century the window is simply everything observed.
    const from = windowMonths >= 1200 ? '' : monthsBefore(frame.meta.periods[last]!, windowMonths);
    for (let m = 0; m <= last; m++) if (observed[m] && frame.meta.periods[m]! > from) inWindow[m] = 1;
  }
  return { inWindow, observed, periods: frame.meta.periods.filter((_, m) => inWindow[m] === 1) };
}
