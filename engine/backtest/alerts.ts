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
  for (let i = 1; i < frame.n; i++) if (frame.month[i]! < frame.month[i - 1]!) throw new Error('snapshot rows must be ordered by month');
  for (let i = 0; i < frame.n; i++) {
    const a = frame.account[i]!;
    const j = last[a]!;
    if (j >= 0 && frame.month[j] === frame.month[i]! - 1) {
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
export function alertBacktest(scheme: TierScheme, tier: Int8Array, label: Int8Array, prev: Int32Array, next: Int32Array): AlertStat[] {
  const L = scheme.tiers.length;
  const out: AlertStat[] = [];
  const tally = (id: string, text: string, confirmed: boolean, fires: (i: number) => number) => {
    let alerts = 0, churned = 0;
    for (let i = 0; i < tier.length; i++) {
      const at = fires(i); // the row whose as-of date the alert is raised on, or -1
      if (at < 0 || label[at]! < 0) continue;
      alerts++;
      if (label[at] === 1) churned++;
    }
    out.push({ id, label: text, confirmed, alerts, followedByChurn: churned, precision: alerts > 0 ? churned / alerts : null });
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
  tally(`${scheme.tiers[worst]!.id}-two-periods`, `${scheme.tiers[worst]!.name} for 30+ days (two month-ends)`, true, (i) => {
    const p = prev[i]!;
    if (p < 0 || tier[p] !== worst || tier[i] !== worst) return -1;
    const pp = prev[p]!;
    return pp >= 0 && tier[pp] === worst ? -1 : i; // once per streak
  });
  return out;
}
