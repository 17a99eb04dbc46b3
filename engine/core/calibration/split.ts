/**
 * The time split every suggestion is fitted and judged on: the observed
 * month-ends (horizon fully seen), the last third of the evaluation window
 * held out, everything observed before it used for fitting. Fitting on
 * earlier months and judging on later ones is what a model faces in use.
 */
import type { BacktestSettings } from '../api/schema.js';
import { evaluationWindow } from '../backtest/window.js';
import { outcomeAt, type SnapshotFrame } from '../snapshots/frame.js';

export interface MonthRange {
  from: string;
  to: string;
}

export interface TimeSplit {
  train: Set<number>;
  test: Set<number>;
  trainMonths: MonthRange | null;
  testMonths: MonthRange | null;
}

function monthRange(frame: SnapshotFrame, months: Set<number>): MonthRange | null {
  const ms = [...months].sort((a, b) => a - b);
  return ms.length ? { from: frame.meta.periods[ms[0]!]!, to: frame.meta.periods[ms[ms.length - 1]!]! } : null;
}

export function timeSplit(frame: SnapshotFrame, settings: Pick<BacktestSettings, 'horizonDays' | 'windowMonths'>) {
  const win = evaluationWindow(frame, settings.horizonDays, Number.MAX_SAFE_INTEGER);
  const observed = frame.meta.periods.map((_, m) => m).filter((m) => win.observed[m] === 1);
  const testCount = Math.max(1, Math.floor(Math.min(settings.windowMonths, observed.length) / 3));
  const test = new Set(observed.slice(-testCount));
  const train = new Set(observed.slice(0, -testCount));
  const split: TimeSplit = {
    train,
    test,
    trainMonths: monthRange(frame, train),
    testMonths: monthRange(frame, test),
  };
  return split;
}

/** Frame rows whose month is in `months` (and, with `keep`, that pass it). */
export function rowsIn(frame: SnapshotFrame, months: Set<number>, keep?: (i: number) => boolean): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < frame.n; i++) if (months.has(frame.period[i]!) && (!keep || keep(i))) rows.push(i);
  return Int32Array.from(rows);
}

/** 1 when the snapshot's account churned within the horizon (rows of observed months only). */
export function labelsOf(
  frame: SnapshotFrame,
  rows: ArrayLike<number>,
  settings: Pick<BacktestSettings, 'horizonDays' | 'outcome'>,
): Uint8Array {
  return Uint8Array.from(Array.from(rows), (i) =>
    outcomeAt(frame, i, settings.horizonDays, settings.outcome) === 1 ? 1 : 0,
  );
}
