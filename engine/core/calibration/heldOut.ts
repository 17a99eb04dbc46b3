/**
 * Two scorings of the same held-out snapshots, compared as a CSM would need:
 * each one's ranking quality with a 95 % interval, and the gain with a paired
 * interval (the same resampled accounts score both), so a gain smaller than
 * resampling noise is called that rather than offered as an improvement.
 */
import { BootstrapRun, percentileInterval } from '../backtest/bootstrap.js';
import { thresholdFree } from '../backtest/curves.js';
import { rankByScore } from '../backtest/ranking.js';

// 200 replicates left the lower bound of a gain near zero swinging across it from seed to seed on the sample; 1000 settle it.
export const HELD_OUT_REPLICATES = 1000;

export type HeldOutVerdict = 'better' | 'within-noise' | 'worse' | 'not-judged';

/** The at-risk set a cut point makes: what share of it churned, and what share of the churners it caught. */
export interface AtCut {
  /** Held-out snapshots flagged at risk. */
  flagged: number;
  precision: number | null;
  recall: number | null;
  precisionInterval: [number, number] | null;
  recallInterval: [number, number] | null;
}

export interface Judged {
  auc: number | null;
  averagePrecision: number | null;
  aucInterval: [number, number] | null;
  /** Only when the caller said which rows each scoring flags at risk. */
  atCut?: AtCut;
}

export interface HeldOutComparison {
  current: Judged;
  suggested: Judged;
  /** Suggested AUC − current AUC on the held-out snapshots. */
  gain: number | null;
  gainInterval: [number, number] | null;
  verdict: HeldOutVerdict;
}

interface Scored {
  scores: Float32Array;
  labels: Uint8Array;
  account: Int32Array;
  predicted?: Uint8Array;
}

/** Rows both scorings can score (NaN is "cannot be scored"): the same snapshots for both, or the gain means nothing. */
function common(a: Float32Array, b: Float32Array): number[] {
  const keep: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] === a[i] && b[i] === b[i]) keep.push(i);
  return keep;
}

function judge(s: Scored, replicates: number, seed: number): { judged: Judged; series: readonly number[] } {
  const order = rankByScore(s.scores);
  const t = thresholdFree(s.scores, s.labels, order, undefined, false);
  // The predicted flags only feed the confusion counts: the resampled accounts, and so the AUC series, are the same.
  const predicted = s.predicted ?? new Uint8Array(s.scores.length);
  const run = new BootstrapRun(
    { scores: s.scores, labels: s.labels, account: s.account, order, predicted },
    replicates,
    seed,
  );
  run.step(replicates);
  const r = run.result();
  const judged: Judged = { auc: t.auc, averagePrecision: t.averagePrecision, aucInterval: r.auc };
  if (s.predicted)
    judged.atCut = { ...atCut(s.labels, s.predicted), precisionInterval: r.precision, recallInterval: r.recall };
  return { judged, series: run.replicateSeries.auc };
}

function atCut(labels: Uint8Array, predicted: Uint8Array): Pick<AtCut, 'flagged' | 'precision' | 'recall'> {
  let tp = 0,
    flagged = 0,
    churners = 0;
  for (let i = 0; i < labels.length; i++) {
    flagged += predicted[i]!;
    churners += labels[i]!;
    if (predicted[i] && labels[i]) tp++;
  }
  return { flagged, precision: flagged ? tp / flagged : null, recall: churners ? tp / churners : null };
}

/**
 * @param current, suggested scores (0–100, lower is riskier) of the same held-out rows
 * @param labels 1 churned within the horizon
 * @param account account of each row (resampled as a whole)
 * @param flagged 1 where each scoring's cut point puts the row at risk: adds precision and recall at the cut
 */
export function compareHeldOut(
  current: Float32Array,
  suggested: Float32Array,
  labels: Uint8Array,
  account: Int32Array,
  flagged?: { current: Uint8Array; suggested: Uint8Array },
  replicates = HELD_OUT_REPLICATES,
  seed = 20261124,
): HeldOutComparison {
  const keep = common(current, suggested);
  const pick = (scores: Float32Array, predicted?: Uint8Array): Scored => ({
    scores: Float32Array.from(keep, (i) => scores[i]!),
    labels: Uint8Array.from(keep, (i) => labels[i]!),
    account: Int32Array.from(keep, (i) => account[i]!),
    predicted: predicted && Uint8Array.from(keep, (i) => predicted[i]!),
  });
  const a = judge(pick(current, flagged?.current), replicates, seed);
  const b = judge(pick(suggested, flagged?.suggested), replicates, seed);
  const gain = a.judged.auc === null || b.judged.auc === null ? null : b.judged.auc - a.judged.auc;
  const gainInterval = percentileInterval(
    b.series.map((v, r) => v - a.series[r]!),
    replicates,
  );
  return { current: a.judged, suggested: b.judged, gain, gainInterval, verdict: verdictOf(gain, gainInterval) };
}

/** Worse whenever the point estimate is: a suggestion is never offered as an improvement on a held-out loss. */
export function verdictOf(gain: number | null, interval: [number, number] | null): HeldOutVerdict {
  if (gain === null) return 'not-judged';
  if (gain < 0) return 'worse';
  if (interval === null) return 'not-judged';
  return interval[0] > 0 ? 'better' : 'within-noise';
}

const f3 = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;

/** The comparison in plain words, saying what to do next. */
export function heldOutText(c: HeldOutComparison, what: string): string {
  const span = c.gainInterval ? ` (95 % interval ${f3(c.gainInterval[0])} to ${f3(c.gainInterval[1])})` : '';
  switch (c.verdict) {
    case 'better':
      return `On the held-out months ${what} ranked churners better: AUC gain ${f3(c.gain!)}${span}, larger than resampling noise.`;
    case 'within-noise':
      return `On the held-out months ${what} gained ${f3(c.gain!)} AUC${span}: within noise, not a proven improvement. Keep the current configuration unless you have another reason to change.`;
    case 'worse':
      return `On the held-out months ${what} ranked churners worse than the current configuration: AUC ${f3(c.gain!)}${span}. Keep the current configuration.`;
    case 'not-judged':
      return `The held-out months have too few churners or stayers to judge ${what}; fit on a longer history before using them.`;
  }
}
