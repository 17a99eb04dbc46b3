/**
 * Each bootstrap replicate, recomputed by hand from the weights it drew: a
 * replicate holds account a's snapshots weightOf(a) times, and every metric
 * is its definition on that weighted data set (precision tp / (tp + fp),
 * AUC as the weighted Mann–Whitney count, average precision as scikit-learn
 * defines it, top-decile lift on the expanded rows, churn rate per tier,
 * precision, recall and F1 per group). The draw itself is checked against
 * numpy in bootstrapReference.test.ts; this file checks what is made of it,
 * with few replicates, so it stays fast under mutation testing.
 */
import { describe, expect, it } from 'vitest';
import {
  accountUniverse,
  BootstrapRun,
  bootstrapIntervals,
  percentileInterval,
  quantile,
  type BootstrapInput,
} from '../../engine/core/backtest/bootstrap.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

// Twelve snapshots of eight accounts: ties (three at 15, two at 30), unknown ARR, accounts with several
// snapshots, a churner that is not flagged and a flagged stayer.
// prettier-ignore
const rows: [account: number, score: number, churned: 0 | 1, arr: number][] = [
  [10, 15, 1, 1200],
  [10, 40, 0, 1200],
  [20, 15, 1, NaN],
  [30, 60, 0, 5000],
  [30, 30, 1, 5000],
  [30, 30, 0, 5000],
  [40, 80, 0, 800],
  [50, 15, 0, 300],
  [60, 55, 1, 2500],
  [60, 90, 0, 2500],
  [70, 45, 1, NaN],
  [80, 70, 0, 900],
];
const scores = Float32Array.from(rows, (r) => r[1]);
const labels = Uint8Array.from(rows, (r) => r[2]);
const account = Int32Array.from(rows, (r) => r[0]);
const arr = Float64Array.from(rows, (r) => r[3]);
/** At risk when the score is 40 or below. */
const predicted = Uint8Array.from(rows, (r) => (r[1] <= 40 ? 1 : 0));
/** Green from 70, Yellow from 40, Red below. */
const tierIndex = Uint8Array.from(rows, (r) => (r[1] >= 70 ? 0 : r[1] >= 40 ? 1 : 2));
const segment = Uint8Array.from([0, 0, 1, 1, 1, 1, 0, 1, 0, 0, 1, 0]);
const plan = Uint8Array.from(rows, (_, i) => i % 3);

const input: BootstrapInput = {
  scores,
  labels,
  predicted,
  account,
  order: rankByScore(scores),
  arr,
  tiers: { index: tierIndex, ids: ['green', 'yellow', 'red'] },
  groups: [
    { dimension: 'segment', labels: ['S0', 'S1'], codes: segment, judged: [true, false] },
    { dimension: 'plan', labels: ['P0', 'P1', 'P2'], codes: plan, judged: [true, true, true] },
  ],
};

const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/** A replicate's metrics from their definitions, on the rows weighted by their account's draw. */
function byHand(w: readonly number[]) {
  let tp = 0,
    fp = 0,
    fn = 0,
    total = 0,
    arrTp = 0,
    arrPos = 0;
  rows.forEach(([, , y, a], i) => {
    const m = w[i]!;
    total += m;
    if (predicted[i] && y) tp += m;
    else if (predicted[i]) fp += m;
    else if (y) fn += m;
    if (y && !Number.isNaN(a)) {
      arrPos += m * a;
      if (predicted[i]) arrTp += m * a;
    }
  });
  // AUC: over every (churner, stayer) pair, 1 when the churner scored lower, 1/2 on a tie.
  let pairs = 0,
    wins = 0;
  rows.forEach(([, sp, yp], p) =>
    rows.forEach(([, sn, yn], q) => {
      if (yp !== 1 || yn !== 0) return;
      const ww = w[p]! * w[q]!;
      pairs += ww;
      wins += ww * (sp < sn ? 1 : sp === sn ? 0.5 : 0);
    }),
  );
  // Average precision: Σ (recall step) × precision at each distinct score, riskiest (lowest) first.
  const positives = tp + fn;
  const cuts = [...new Set(rows.filter((_, i) => w[i]! > 0).map((r) => r[1]))].sort((a, b) => a - b);
  let ap = 0,
    prevRecall = 0;
  for (const t of cuts) {
    let ctp = 0,
      cfp = 0;
    rows.forEach(([, s, y], i) => {
      if (s <= t) y ? (ctp += w[i]!) : (cfp += w[i]!);
    });
    const recall = ctp / positives;
    ap += (recall - prevRecall) * (ctp / (ctp + cfp));
    prevRecall = recall;
  }
  // Top-decile lift: the rows copied w times in ranking order, the first ceil(total / 10) copies.
  const expanded = Array.from(input.order).flatMap((i) => Array<number>(w[i]!).fill(labels[i]!));
  const top = expanded.slice(0, Math.ceil(total / 10));
  const baseRate = ratio(positives, total);
  const precision = ratio(tp, tp + fp);
  const group = (codes: Uint8Array, g: number) => {
    let gtp = 0,
      gfp = 0,
      gfn = 0;
    rows.forEach(([, , y], i) => {
      if (codes[i] !== g) return;
      if (predicted[i] && y) gtp += w[i]!;
      else if (predicted[i]) gfp += w[i]!;
      else if (y) gfn += w[i]!;
    });
    return {
      precision: ratio(gtp, gtp + gfp),
      recall: ratio(gtp, gtp + gfn),
      f1: ratio(2 * gtp, 2 * gtp + gfp + gfn),
    };
  };
  const tierRate = (t: number) =>
    ratio(
      rows.reduce((s, r, i) => s + (tierIndex[i] === t && r[2] ? w[i]! : 0), 0),
      rows.reduce((s, _, i) => s + (tierIndex[i] === t ? w[i]! : 0), 0),
    );
  return {
    precision,
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    baseRate,
    lift: baseRate > 0 ? precision / baseRate : Number.NaN,
    arrCaptured: ratio(arrTp, arrPos),
    auc: pairs > 0 ? wins / pairs : Number.NaN,
    averagePrecision: positives > 0 ? ap : Number.NaN,
    topDecileLift: baseRate > 0 ? top.filter((y) => y === 1).length / top.length / baseRate : Number.NaN,
    tiers: [0, 1, 2].map(tierRate),
    segment: [0, 1].map((g) => group(segment, g)),
    plan: [0, 1, 2].map((g) => group(plan, g)),
  };
}

const R = 60;
/** The run stepped one replicate at a time, with each replicate's weights read off it and its metrics by hand. */
function handRun(seed?: number) {
  const run = new BootstrapRun(input, R, seed);
  const hand: ReturnType<typeof byHand>[] = [];
  const weights: number[][] = [];
  while (!run.finished) {
    run.step(1);
    const w = rows.map(([a]) => run.weightOf(a));
    weights.push(w);
    hand.push(byHand(w));
  }
  return { run, hand, weights };
}

/** numpy's linear percentile, written out: (m − 1)·p between the two order statistics around it. */
function percentile(sorted: readonly number[], p: number): number {
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  return sorted[lo]! + ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]!) * (at - lo);
}
/** The app's 95 % interval by hand: none unless at least max(20, half the replicates) are defined. */
function interval(values: readonly number[]): [number, number] | null {
  const s = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length < Math.max(20, R / 2)) return null;
  return [percentile(s, 0.025), percentile(s, 0.975)];
}

function expectInterval(actual: [number, number] | null | undefined, expected: [number, number] | null, what: string) {
  if (expected === null) return expect(actual ?? null, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(actual![0], `${what} lower end`).toBeCloseTo(expected[0], 12);
  expect(actual![1], `${what} upper end`).toBeCloseTo(expected[1], 12);
}

describe('each bootstrap replicate is its metrics recomputed on the accounts it drew', () => {
  // Each test runs the bootstrap itself (60 replicates of 12 rows: milliseconds), not the describe block:
  // mutation testing switches a mutant on per test, so work done while collecting the tests would escape it.

  it('draws each account as many times in all as there are accounts, and only accounts of the portfolio', () => {
    const { run, hand, weights } = handRun();
    expect(hand).toHaveLength(R);
    for (const w of weights) {
      const perAccount = new Map(rows.map(([a], i) => [a, w[i]!]));
      expect([...perAccount.values()].reduce((s, x) => s + x, 0)).toBe(8);
    }
    expect(run.weightOf(999)).toBe(0);
    // Some replicate leaves an account out and some draws one twice or more: the weights do vary.
    expect(weights.some((w) => w.includes(0))).toBe(true);
    expect(weights.some((w) => w.some((x) => x >= 2))).toBe(true);
  });

  it.each(['precision', 'recall', 'f1', 'baseRate', 'lift', 'arrCaptured', 'auc', 'averagePrecision'] as const)(
    '%s of every replicate',
    (metric) => {
      const { run, hand } = handRun();
      const series = run.replicateSeries[metric];
      expect(series).toHaveLength(R);
      series.forEach((x, r) => {
        if (Number.isNaN(hand[r]![metric])) expect(x, `replicate ${r}`).toBeNaN();
        else expect(x, `replicate ${r}`).toBeCloseTo(hand[r]![metric], 12);
      });
    },
  );

  it('top-decile lift of every replicate: the riskiest tenth of the copied rows', () => {
    const { run, hand } = handRun();
    run.replicateSeries.topDecileLift.forEach((x, r) => {
      if (Number.isNaN(hand[r]!.topDecileLift)) expect(x, `replicate ${r}`).toBeNaN();
      else expect(x, `replicate ${r}`).toBeCloseTo(hand[r]!.topDecileLift, 12);
    });
  });

  it('the headline intervals are the 2.5th and 97.5th percentiles of those replicates', () => {
    const { run, hand } = handRun();
    const result = run.result();
    expect(result.replicates).toBe(R);
    for (const metric of [
      'precision',
      'recall',
      'f1',
      'auc',
      'averagePrecision',
      'lift',
      'arrCaptured',
      'topDecileLift',
    ] as const)
      expectInterval(result[metric], interval(hand.map((h) => h[metric])), metric);
  });

  it('churn rate per tier, healthiest first', () => {
    const { run, hand } = handRun();
    const tiers = run.result().tiers!;
    expect(tiers.map((t) => t.tierId)).toEqual(['green', 'yellow', 'red']);
    tiers.forEach((t, k) => expectInterval(t.churnRate, interval(hand.map((h) => h.tiers[k]!)), t.tierId));
    // Green holds no churner: its churn rate is 0 in every replicate, so its interval is [0, 0].
    expect(tiers[0]!.churnRate).toEqual([0, 0]);
  });

  it('precision, recall and F1 per group of each breakdown; none for a group not judged', () => {
    const { run, hand } = handRun();
    const [seg, pl] = run.result().breakdowns!;
    expect(seg!.dimension).toBe('segment');
    expect(pl!.dimension).toBe('plan');
    expect(seg!.groups.map((g) => g.group)).toEqual(['S0', 'S1']);
    expect(pl!.groups.map((g) => g.group)).toEqual(['P0', 'P1', 'P2']);
    for (const m of ['precision', 'recall', 'f1'] as const) {
      expectInterval(seg!.groups[0]![m], interval(hand.map((h) => h.segment[0]![m])), `S0 ${m}`);
      expect(seg!.groups[1]![m], `S1 ${m}`).toBeNull();
      pl!.groups.forEach((g, k) => expectInterval(g[m], interval(hand.map((h) => h.plan[k]![m])), `P${k} ${m}`));
    }
  });

  it('bootstrapIntervals gives the same intervals in one call as the run stepped one replicate at a time', () => {
    const { hand } = handRun();
    const once = bootstrapIntervals(input, R);
    expectInterval(once.precision, interval(hand.map((h) => h.precision)), 'precision');
    expectInterval(once.auc, interval(hand.map((h) => h.auc)), 'auc');
    expect(once.tiers).toHaveLength(3);
    expect(once.breakdowns).toHaveLength(2);
  });

  it('another seed draws other accounts', () => {
    const { weights } = handRun();
    const other = handRun(7);
    expect(other.weights).not.toEqual(weights);
    expect(other.run.replicateSeries.precision).toEqual(other.hand.map((h) => h.precision));
  });
});

describe('how a bootstrap run is sliced and what it leaves out', () => {
  it('stops at the replicates asked for however it is stepped', () => {
    const run = new BootstrapRun(input, 5);
    run.step(2);
    expect(run.finished).toBe(false);
    expect(run.replicateSeries.precision).toHaveLength(2);
    run.step(100);
    expect(run.finished).toBe(true);
    expect(run.replicateSeries.precision).toHaveLength(5);
  });

  it('without ARR, tiers or breakdowns: no churned-ARR interval, no tier or group intervals', () => {
    const { arr: _a, tiers: _t, groups: _g, ...bare } = input;
    const result = bootstrapIntervals(bare, R);
    expect(result.arrCaptured).toBeNull();
    expect(result.tiers).toEqual([]);
    expect(result.breakdowns).toEqual([]);
    expect(result.precision).not.toBeNull();
  });

  it('an empty portfolio is finished at once and has no intervals', () => {
    const empty: BootstrapInput = {
      scores: new Float32Array(0),
      labels: new Uint8Array(0),
      predicted: new Uint8Array(0),
      account: new Int32Array(0),
      order: new Uint32Array(0),
    };
    const run = new BootstrapRun(empty, 10);
    expect(run.finished).toBe(true);
    run.step(10);
    expect(run.replicateSeries.precision).toHaveLength(0);
    expect(run.result().precision).toBeNull();
  });

  it('refuses a row whose account is outside the universe, naming the account and the row', () => {
    expect(() => new BootstrapRun(input, 10, 1, Int32Array.of(10, 20))).toThrow(
      'BootstrapRun: account 30 of row 3 is not in the universe',
    );
  });

  it('the universe is the distinct accounts of every row set, in ascending order', () => {
    expect(Array.from(accountUniverse(Int32Array.of(50, 3, 50, 12), Int32Array.of(7, 3)))).toEqual([3, 7, 12, 50]);
    expect(accountUniverse()).toHaveLength(0);
  });
});

describe('the 95 % interval of replicate values', () => {
  it('numpy-style linear quantiles: between the order statistics around (m − 1)·q', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.025)).toBeCloseTo(0.25, 12);
    expect(quantile([0, 10], 0.975)).toBeCloseTo(9.75, 12);
    expect(quantile([4, 4, 8], 1)).toBe(8);
    expect(quantile([4, 4, 8], 0)).toBe(4);
  });

  it('needs at least 20 defined values and at least half the replicates', () => {
    const xs = (k: number) => Array.from({ length: k }, (_, i) => i);
    expect(percentileInterval(xs(19), 10)).toBeNull();
    expectInterval(percentileInterval(xs(20), 10), [0.475, 18.525], '20 of 10');
    // 100 replicates, 49 defined and 51 undefined: too few to mean anything; 50 are enough.
    expect(percentileInterval([...xs(49), ...Array<number>(51).fill(Number.NaN)], 100)).toBeNull();
    expectInterval(
      percentileInterval([...xs(50), ...Array<number>(50).fill(Number.NaN)], 100),
      [1.225, 47.775],
      '50 of 100',
    );
  });
});

describe('per-tier and per-group intervals where the rates vary from replicate to replicate', () => {
  // Forty accounts, one snapshot each: scores spread over 0–99, every third account and every score
  // below 25 churned, at risk at 40 or below; segments alternate.
  const n = 40;
  const score = Array.from({ length: n }, (_, i) => (i * 37) % 100);
  const churned = score.map((s, i) => (i % 3 === 0 || s < 25 ? 1 : 0));
  const flagged = score.map((s) => (s <= 40 ? 1 : 0));
  const tier = score.map((s) => (s >= 70 ? 0 : s >= 40 ? 1 : 2));
  const seg = score.map((_, i) => i % 2);
  const scores = Float32Array.from(score);
  const spread: BootstrapInput = {
    scores,
    labels: Uint8Array.from(churned),
    predicted: Uint8Array.from(flagged),
    account: Int32Array.from(score, (_, i) => i),
    order: rankByScore(scores),
    tiers: { index: Uint8Array.from(tier), ids: ['green', 'yellow', 'red'] },
    groups: [{ dimension: 'segment', labels: ['S0', 'S1'], codes: Uint8Array.from(seg), judged: [true, true] }],
  };
  const sum = (w: readonly number[], keep: (i: number) => boolean) => w.reduce((s, x, i) => s + (keep(i) ? x : 0), 0);

  it('churn rate per tier and precision, recall and F1 per segment: percentiles of the rates by hand', () => {
    const run = new BootstrapRun(spread, R);
    const tierRates: number[][] = [[], [], []];
    const group: Record<'precision' | 'recall' | 'f1', number[][]> = {
      precision: [[], []],
      recall: [[], []],
      f1: [[], []],
    };
    while (!run.finished) {
      run.step(1);
      const w = score.map((_, i) => run.weightOf(i));
      for (let t = 0; t < 3; t++)
        tierRates[t]!.push(
          ratio(
            sum(w, (i) => tier[i] === t && churned[i] === 1),
            sum(w, (i) => tier[i] === t),
          ),
        );
      for (let g = 0; g < 2; g++) {
        const tp = sum(w, (i) => seg[i] === g && flagged[i] === 1 && churned[i] === 1);
        const fp = sum(w, (i) => seg[i] === g && flagged[i] === 1 && churned[i] === 0);
        const fn = sum(w, (i) => seg[i] === g && flagged[i] === 0 && churned[i] === 1);
        group.precision[g]!.push(ratio(tp, tp + fp));
        group.recall[g]!.push(ratio(tp, tp + fn));
        group.f1[g]!.push(ratio(2 * tp, 2 * tp + fp + fn));
      }
    }
    const result = run.result();
    result.tiers!.forEach((t, k) => {
      const expected = interval(tierRates[k]!);
      expect(expected![0], `${t.tierId}: the rates do vary`).toBeLessThan(expected![1]);
      expectInterval(t.churnRate, expected, t.tierId);
    });
    for (const m of ['precision', 'recall', 'f1'] as const)
      result.breakdowns![0]!.groups.forEach((g, k) => {
        const expected = interval(group[m][k]!);
        expect(expected![0], `${g.group} ${m}: the values do vary`).toBeLessThan(expected![1]);
        expectInterval(g[m], expected, `${g.group} ${m}`);
      });
  });
});
