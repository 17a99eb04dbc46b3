/**
 * The rows a scorecard is fitted and judged on, as a table: which side of
 * the time split, the account, the outcome and every signal's raw value
 * (null where unavailable). What the benchmark hands scikit-learn, so both
 * fit on exactly the same snapshots.
 */
import type { BacktestSettings } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { labelsOf, rowsIn, timeSplit } from './split.js';

export function scorecardRows(
  frame: SnapshotFrame,
  settings: Pick<BacktestSettings, 'horizonDays' | 'windowMonths' | 'outcome'>,
): { header: string[]; rows: (string | number | null)[][] } {
  const split = timeSplit(frame, settings);
  const header = ['split', 'account', 'label', ...frame.meta.signals];
  const rows: (string | number | null)[][] = [];
  for (const [name, months] of [
    ['fit', split.train],
    ['held-out', split.test],
  ] as const) {
    const at = rowsIn(frame, months);
    const y = labelsOf(frame, at, settings);
    at.forEach((i, r) =>
      rows.push([
        name,
        frame.meta.accountIds[frame.account[i]!]!,
        y[r]!,
        ...frame.meta.signals.map((id) => {
          const v = frame.values[id]?.[i] ?? Number.NaN;
          return v === v ? v : null;
        }),
      ]),
    );
  }
  return { header, rows };
}
