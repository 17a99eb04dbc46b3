/**
 * Which snapshots the backtest judges: those whose horizon is fully observed,
 * inside the evaluation window, labelled by the outcome. Depends on horizon,
 * window and outcome only, so weight and cut moves reuse it.
 */
import type { BacktestSettings } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';
import { outcomeAt } from '../snapshots/frame.js';
import type { GroupCodes } from './groups.js';
import { evaluationWindow, type EvaluationWindow } from './window.js';

export interface Selection {
  window: EvaluationWindow;
  rows: Uint32Array;
  labels: Uint8Array;
  period: Uint16Array;
  account: Int32Array;
  /** Group code of each selected row, per breakdown dimension. */
  groupCodes: Uint8Array[];
  /**
   * The slider path's cell of each selected row: group code * 2 + label. One
   * array over all four group codes as one number (mixed radix) when there
   * are few enough combinations (jointGroups), so the slider path counts one
   * histogram and splits it per dimension afterwards; else one per dimension.
   */
  cells: Uint16Array[];
  jointGroups: number | null;
  /** Positions (in the selection) of the churned rows. */
  churned: Uint32Array;
  /** Per frame row: 1 churned, 0 stayed, -1 not evaluated. */
  rowLabel: Int8Array;
  censored: number;
  outsideWindow: number;
}

/** Above this many segment × plan × region × lifecycle combinations the joint histogram would cost more than it saves. */
const MAX_JOINT_GROUPS = 2048;

/** What a selection depends on: two settings with the same key select the same snapshots with the same labels. */
export function selectionKey(s: BacktestSettings): string {
  return `${s.horizonDays}|${s.windowMonths}|${s.outcome}`;
}

export function selectSnapshots(f: SnapshotFrame, groups: readonly GroupCodes[], s: BacktestSettings): Selection {
  const window = evaluationWindow(f, s.horizonDays, s.windowMonths);
  const rowLabel = new Int8Array(f.n).fill(-1);
  let censored = 0,
    outsideWindow = 0,
    count = 0;
  for (let i = 0; i < f.n; i++) {
    const m = f.period[i]!;
    if (!window.observed[m]) censored++;
    else if (!window.inWindow[m]) outsideWindow++;
    else {
      rowLabel[i] = outcomeAt(f, i, s.horizonDays, s.outcome) === 1 ? 1 : 0;
      count++;
    }
  }
  const rows = new Uint32Array(count);
  const labels = new Uint8Array(count);
  const period = new Uint16Array(count);
  const account = new Int32Array(count);
  const groupCodes = groups.map(() => new Uint8Array(count));
  for (let i = 0, k = 0; i < f.n; i++) {
    if (rowLabel[i]! < 0) continue;
    rows[k] = i;
    labels[k] = rowLabel[i]!;
    period[k] = f.period[i]!;
    account[k] = f.account[i]!;
    for (let d = 0; d < groupCodes.length; d++) groupCodes[d]![k] = groups[d]!.codes[i]!;
    k++;
  }
  const sizes = groupSizes(groups);
  const combos = sizes.reduce((a, b) => a * b, 1);
  const jointGroups = combos <= MAX_JOINT_GROUPS ? combos : null;
  const cellsOf = (code: (j: number) => number) => {
    const out = new Uint16Array(count);
    for (let j = 0; j < count; j++) out[j] = code(j) * 2 + labels[j]!;
    return out;
  };
  const cells =
    jointGroups !== null
      ? [
          cellsOf((j) => {
            let q = 0;
            for (let d = 0; d < sizes.length; d++) q = q * sizes[d]! + groupCodes[d]![j]!;
            return q;
          }),
        ]
      : groupCodes.map((codes) => cellsOf((j) => codes[j]!));
  let positives = 0;
  for (let j = 0; j < count; j++) positives += labels[j]!;
  const churned = new Uint32Array(positives);
  for (let j = 0, k = 0; j < count; j++) if (labels[j] === 1) churned[k++] = j;
  return {
    window,
    rows,
    labels,
    period,
    account,
    groupCodes,
    cells,
    jointGroups,
    churned,
    rowLabel,
    censored,
    outsideWindow,
  };
}

/** Radix of each dimension in the joint cell number (at least 1, so an empty dimension still counts). */
export function groupSizes(groups: readonly GroupCodes[]): number[] {
  return groups.map((g) => Math.max(1, g.labels.length));
}
