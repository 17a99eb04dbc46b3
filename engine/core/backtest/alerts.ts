/**
 * Backtest of threshold-crossing alerts: when an account enters a worse tier
 * (or sits in the worst tier for two month-ends running), how often does it
 * churn within the horizon? The confirmed variant waits for the next month-end
 * to stay low before alerting, trading speed for fewer false alarms.
 */
import type { AlertStat, TierScheme } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

/** For each row, the same account's row at the previous / next month-end, or -1. */
export function neighbourRows(frame: SnapshotFrame): { prev: Int32Array; next: Int32Array } {
  const prev = new Int32Array(frame.n).fill(-1);
  const next = new Int32Array(frame.n).fill(-1);
  const last = new Int32Array(frame.meta.accountIds.length).fill(-1);
  // Rows come ordered by month-end (the snapshot builder's contract); check rather than trust.
  for (let i = 1; i < frame.n; i++)
    if (frame.period[i]! < frame.period[i - 1]!) throw new Error('snapshot rows must be ordered by month');
  for (let i = 0; i < frame.n; i++) {
    const a = frame.account[i]!;
    const j = last[a]!;
    if (j >= 0 && frame.period[j] === frame.period[i]! - 1) {
      prev[i] = j;
      next[j] = i;
    }
    last[a] = i;
  }
  return { prev, next };
}

/**
 * @param tier tier index per row (-1 unscored)
 * @param label outcome per row: 1 churned, 0 stayed, -1 not evaluated (censored or outside the window)
 */
export function alertBacktest(
  scheme: TierScheme,
  tier: Int8Array,
  label: Int8Array,
  prev: Int32Array,
  next: Int32Array,
): AlertStat[] {
  const L = scheme.tiers.length;
  const out: AlertStat[] = [];
  const tally = (id: string, text: string, confirmed: boolean, fires: (i: number) => number) => {
    let alerts = 0,
      churned = 0;
    for (let i = 0; i < tier.length; i++) {
      const at = fires(i); // the row whose as-of date the alert is raised on, or -1
      if (at < 0 || label[at]! < 0) continue;
      alerts++;
      if (label[at] === 1) churned++;
    }
    out.push({
      id,
      label: text,
      confirmed,
      alerts,
      followedByChurn: churned,
      precision: alerts > 0 ? churned / alerts : null,
    });
  };
  for (let k = 1; k < L; k++) {
    const into = (i: number) => {
      const p = prev[i]!;
      return p >= 0 && tier[p]! >= 0 && tier[p]! < k && tier[i]! >= k;
    };
    const name = `${scheme.tiers[k - 1]!.name} → ${scheme.tiers[k]!.name}${k < L - 1 ? ' or worse' : ''}`;
    tally(`enter-${scheme.tiers[k]!.id}`, name, false, (i) => (into(i) ? i : -1));
    tally(`enter-${scheme.tiers[k]!.id}-confirmed`, name, true, (i) => {
      const n = next[i]!;
      return into(i) && n >= 0 && tier[n]! >= k ? n : -1;
    });
  }
  const worst = L - 1;
  tally(
    `${scheme.tiers[worst]!.id}-two-periods`,
    `${scheme.tiers[worst]!.name} at two snapshots in a row (30+ days at monthly cadence)`,
    true,
    (i) => {
      const p = prev[i]!;
      if (p < 0 || tier[p] !== worst || tier[i] !== worst) return -1;
      const pp = prev[p]!;
      return pp >= 0 && tier[pp] === worst ? -1 : i; // once per streak
    },
  );
  return out;
}

/**
 * The same alert counts from 2-D score-bin histograms, so a cut-point move
 * costs O(tiers) instead of a pass over every snapshot. With T the cut point
 * of the tier entered, an account "enters" when its previous score ≥ T and its
 * current score < T; confirmed when the next score is < T as well; and it has
 * been in the worst tier for two month-ends when the last two scores are < T
 * and the one before was not (or did not exist).
 */
const ALERT_BINS = 102; // 0..100, plus 101 for "no earlier snapshot"

export interface AlertHistograms {
  /** [label][prevBin][bin] over snapshots with a scored previous one. */
  enter: Int32Array;
  /** [label of next][prevBin][max(bin, nextBin)]. */
  confirmed: Int32Array;
  /** [label][bin two back, or 101][max(prevBin, bin)]. */
  twoPeriods: Int32Array;
}

function cell(y: number, a: number, b: number): number {
  return (y * ALERT_BINS + a) * ALERT_BINS + b;
}

/** @param bin score bin per frame row, -1 when unscored */
export function alertHistograms(
  bin: Int16Array,
  label: Int8Array,
  prev: Int32Array,
  next: Int32Array,
): AlertHistograms {
  const size = 2 * ALERT_BINS * ALERT_BINS;
  const enter = new Int32Array(size);
  const confirmed = new Int32Array(size);
  const twoPeriods = new Int32Array(size);
  const B = ALERT_BINS;
  for (let i = 0; i < bin.length; i++) {
    const p = prev[i]!;
    if (p < 0) continue;
    const bi = bin[i]!;
    const bp = bin[p]!;
    if (bi < 0 || bp < 0) continue;
    const y = label[i]!;
    if (y >= 0) {
      enter[(y * B + bp) * B + bi]!++;
      const pp = prev[p]!;
      const bpp = pp >= 0 && bin[pp]! >= 0 ? bin[pp]! : 101;
      twoPeriods[(y * B + bpp) * B + (bp > bi ? bp : bi)]!++;
    }
    const n = next[i]!;
    if (n >= 0) {
      const bn = bin[n]!;
      const yn = label[n]!;
      if (bn >= 0 && yn >= 0) confirmed[(yn * B + bp) * B + (bi > bn ? bi : bn)]!++;
    }
  }
  return { enter, confirmed, twoPeriods };
}

/** Σ over a ≥ t, b < t of h[y][a][b]. */
function crossing(h: Int32Array, y: number, t: number): number {
  let s = 0;
  for (let a = t; a < ALERT_BINS; a++) {
    const base = cell(y, a, 0);
    for (let b = 0; b < t; b++) s += h[base + b]!;
  }
  return s;
}

export function alertsFromHistograms(scheme: TierScheme, h: AlertHistograms): AlertStat[] {
  const L = scheme.tiers.length;
  const out: AlertStat[] = [];
  const stat = (id: string, text: string, confirmed: boolean, hist: Int32Array, t: number) => {
    const churned = crossing(hist, 1, t);
    const alerts = churned + crossing(hist, 0, t);
    out.push({
      id,
      label: text,
      confirmed,
      alerts,
      followedByChurn: churned,
      precision: alerts > 0 ? churned / alerts : null,
    });
  };
  for (let k = 1; k < L; k++) {
    const t = scheme.tiers[k - 1]!.min;
    const name = `${scheme.tiers[k - 1]!.name} → ${scheme.tiers[k]!.name}${k < L - 1 ? ' or worse' : ''}`;
    stat(`enter-${scheme.tiers[k]!.id}`, name, false, h.enter, t);
    stat(`enter-${scheme.tiers[k]!.id}-confirmed`, name, true, h.confirmed, t);
  }
  const worst = scheme.tiers[L - 1]!;
  stat(
    `${worst.id}-two-periods`,
    `${worst.name} at two snapshots in a row (30+ days at monthly cadence)`,
    true,
    h.twoPeriods,
    scheme.tiers[L - 2]!.min,
  );
  return out;
}

/** Each row's tier (-1 unscored) under the cut points of the configuration that scored it. */
export function tiersOfRows(bins: Int16Array, assigned: Uint8Array | null, tierOfBin: readonly Int8Array[]): Int8Array {
  const tier = new Int8Array(bins.length);
  for (let i = 0; i < bins.length; i++) {
    const b = bins[i]!;
    tier[i] = b < 0 ? -1 : tierOfBin[assigned ? assigned[i]! : 0]![b]!;
  }
  return tier;
}
