/**
 * The general scoring path (variants, re-weighting, overrides applied):
 * the selection binned from every snapshot's full-frame score, in one pass.
 */
import { BINS } from './histograms.js';
import type { GroupCodes } from './groups.js';
import type { Scored } from './scorer.js';
import type { Selection } from './selection.js';
import type { Evaluated } from './stages.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export function evaluateScored(
  f: SnapshotFrame,
  groups: readonly GroupCodes[],
  scored: Scored,
  sel: Selection,
  selectionKey: string,
): Evaluated {
  // Unscored snapshots (every category missing under re-weighting) cannot be judged.
  let count = 0;
  for (let k = 0; k < sel.rows.length; k++) if (scored.bins[sel.rows[k]!]! >= 0) count++;
  const all = count === sel.rows.length;
  const keep = all ? null : Uint32Array.from({ length: count });
  if (keep) for (let k = 0, j = 0; k < sel.rows.length; k++) if (scored.bins[sel.rows[k]!]! >= 0) keep[j++] = k;
  const sub = <T extends Uint32Array | Uint8Array | Uint16Array | Int32Array>(a: T, make: (n: number) => T): T => {
    if (!keep) return a;
    const out = make(count);
    for (let j = 0; j < count; j++) out[j] = a[keep[j]!]!;
    return out;
  };
  const rows = sub(sel.rows, (n) => new Uint32Array(n));
  const labels = sub(sel.labels, (n) => new Uint8Array(n));
  const month = sub(sel.period, (n) => new Uint16Array(n));
  const account = sub(sel.account, (n) => new Int32Array(n));
  const codes = sel.groupCodes.map((c) => sub(c, (n) => new Uint8Array(n)));
  const scores = new Float32Array(count);
  const L = scored.layers;
  const assigned = scored.assigned;
  const layer = assigned ? new Uint8Array(count) : null;
  const churnedArr = new Float64Array(L * BINS);
  const groupHists = groups.map((g) => new Int32Array(g.labels.length * L * 2 * BINS));
  let arrKnown = false;
  // One pass: scores, bins, ARR and every breakdown's histogram together
  // (the four breakdowns of groupCodes: segment, plan, region, lifecycle),
  // split by configuration because each may cut tiers at its own points.
  const [h0, h1, h2, h3] = groupHists as [Int32Array, Int32Array, Int32Array, Int32Array];
  const [c0, c1, c2, c3] = codes as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  const stride = L * 2 * BINS;
  for (let j = 0; j < count; j++) {
    const i = rows[j]!;
    const b = scored.bins[i]!;
    const y = labels[j]!;
    scores[j] = scored.scores[i]!;
    const l = assigned ? assigned[i]! : 0;
    if (layer) layer[j] = l;
    const yb = (l * 2 + y) * BINS + b;
    h0[c0[j]! * stride + yb]!++;
    h1[c1[j]! * stride + yb]!++;
    h2[c2[j]! * stride + yb]!++;
    h3[c3[j]! * stride + yb]!++;
    const a = f.arr[i]!;
    if (a === a) {
      if (y === 1) churnedArr[l * BINS + b]! += a;
      arrKnown = true;
    }
  }
  const { window, rowLabel, censored, outsideWindow } = sel;
  return {
    selectionKey,
    window,
    rows,
    scores: () => scores,
    labels,
    month,
    account,
    rowLabel,
    censored,
    outsideWindow,
    layer,
    groupHists,
    churnedArr,
    arrKnown,
  };
}
