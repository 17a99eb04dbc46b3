/**
 * 95 % bootstrap intervals for the headline metrics, resampling accounts
 * rather than snapshots: one account's monthly snapshots are not independent,
 * so resampling them one by one would make the intervals too narrow.
 *
 * A replicate is one multinomial draw over the accounts of a universe sorted
 * by account, so two runs with one seed and one universe (Compare's scenarios,
 * whatever snapshots each scores) give every account the same weight.
 */
import type { Dimension, Intervals } from '../api/schema.js';
import { mulberry32 } from '../random/mulberry32.js';
import { thresholdFree } from './curves.js';

/**
 * Replicates for the intervals on screen, in the CLI and in the approved file.
 * Measured with tests/reference/bootstrap_noise.ts (1,000 accounts × 12
 * months, 12 seeds): an endpoint's standard deviation across seeds was 4–5 %
 * of the interval's width at 200 replicates (up to 8 % for a tier's churn
 * rate) and 1–2 % at 2,000 (up to 2.6 %), the engine's request limit. Cost on
 * a shared 2-core machine: about 1 s for 12,000 snapshots, 4 s for 100,000,
 * 65 ms a replicate at 1,000,000 — the renderer runs it in background slices
 * of a few milliseconds, so only the wait for the intervals grows.
 */
export const DEFAULT_REPLICATES = 2000;

export const DEFAULT_SEED = 20261124;

/** 95 % percentile interval of the defined replicate values; null when too few are defined to mean anything. */
export function percentileInterval(xs: readonly number[], replicates: number): [number, number] | null {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length < Math.max(20, replicates * 0.5)) return null;
  return [quantile(s, 0.025), quantile(s, 0.975)];
}

const ci = percentileInterval;

/** numpy's default (linear) quantile of sorted values. */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** One breakdown's group code per row, and which groups have enough churners to be judged (others get no interval). */
export interface BootstrapGroups {
  dimension: Dimension;
  labels: readonly string[];
  codes: Uint8Array;
  judged: readonly boolean[];
}

export interface BootstrapInput {
  scores: Float32Array;
  labels: Uint8Array;
  /** 1 when the row is predicted at risk. */
  predicted: Uint8Array;
  /** Account of each row. */
  account: Int32Array;
  /** Riskiest-first order of the rows. */
  order: Uint32Array;
  /** ARR of each row (NaN unknown); without it, no interval for churned ARR caught. */
  arr?: Float32Array | Float64Array;
  /** Tier of each row (index into ids); without it, no per-tier intervals. */
  tiers?: { index: Uint8Array; ids: readonly string[] };
  groups?: readonly BootstrapGroups[];
}

/** The scalar metrics with one value per replicate. */
export const SERIES_METRICS = [
  'precision',
  'recall',
  'f1',
  'auc',
  'averagePrecision',
  'lift',
  'arrCaptured',
  'baseRate',
  'topDecileLift',
] as const;
export type SeriesMetric = (typeof SERIES_METRICS)[number];

/** The distinct accounts of several row sets, sorted: the universe a paired bootstrap draws from. */
export function accountUniverse(...accounts: readonly Int32Array[]): Int32Array {
  const seen = new Set<number>();
  for (const a of accounts) for (const x of a) seen.add(x);
  return Int32Array.from(seen).sort();
}

const rate = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

/**
 * A bootstrap that runs in slices, so an interactive caller can stop it the
 * moment newer work arrives; the result is the same however it is sliced.
 */
export class BootstrapRun {
  /** Universe position of each row's account. */
  private readonly acc: Uint32Array;
  private readonly universe: Int32Array;
  private readonly rand: () => number;
  private readonly mult: Uint32Array;
  private readonly w: Uint32Array;
  private readonly series = Object.fromEntries(SERIES_METRICS.map((m) => [m, [] as number[]])) as Record<
    SeriesMetric,
    number[]
  >;
  private readonly tierSeries: number[][];
  /** [dimension][group] → per-replicate precision, recall, F1. */
  private readonly groupSeries: { precision: number[]; recall: number[]; f1: number[] }[][];
  private done = 0;

  /**
   * @param universe the accounts a replicate draws from, sorted (accountUniverse);
   *   by default this input's own. Rows whose account is outside it are a caller error.
   */
  constructor(
    private readonly input: BootstrapInput,
    readonly replicates: number,
    seed = DEFAULT_SEED,
    universe?: Int32Array,
  ) {
    const { account } = input;
    this.universe = universe ?? accountUniverse(account);
    const position = new Map<number, number>();
    this.universe.forEach((a, k) => position.set(a, k));
    this.acc = new Uint32Array(account.length);
    for (let i = 0; i < account.length; i++) {
      const k = position.get(account[i]!);
      if (k === undefined)
        throw new RangeError(`BootstrapRun: account ${account[i]} of row ${i} is not in the universe`);
      this.acc[i] = k;
    }
    this.rand = mulberry32(seed);
    this.mult = new Uint32Array(this.universe.length);
    this.w = new Uint32Array(account.length);
    this.tierSeries = (input.tiers?.ids ?? []).map(() => []);
    this.groupSeries = (input.groups ?? []).map((g) => g.labels.map(() => ({ precision: [], recall: [], f1: [] })));
  }

  /** Per-replicate values (NaN where undefined), in replicate order. */
  get replicateSeries(): Readonly<Record<SeriesMetric, readonly number[]>> {
    return this.series;
  }

  /** How many times the last replicate drew this account (0 outside the universe): the pairing, made visible. */
  weightOf(account: number): number {
    const k = this.universe.indexOf(account);
    return k < 0 ? 0 : this.mult[k]!;
  }

  get finished(): boolean {
    return this.done >= this.replicates || this.universe.length === 0;
  }

  /** Run up to `count` more replicates. */
  step(count: number): void {
    const { scores, labels, predicted, order, arr, tiers, groups = [] } = this.input;
    const { acc, mult, w, rand, series } = this;
    const A = this.universe.length;
    const n = scores.length;
    const nt = tiers?.ids.length ?? 0;
    const tierN = new Float64Array(nt);
    const tierC = new Float64Array(nt);
    // Per dimension: tp, fp, fn per group, laid out [group * 3 + k].
    const gc = groups.map((g) => new Float64Array(g.labels.length * 3));
    const codes = groups.map((g) => g.codes);
    const D = gc.length;
    for (let r = 0; r < count && !this.finished; r++, this.done++) {
      mult.fill(0);
      for (let k = 0; k < A; k++) mult[Math.floor(rand() * A)]!++;
      let tp = 0,
        fp = 0,
        fn = 0,
        total = 0,
        arrTp = 0,
        arrPos = 0;
      tierN.fill(0);
      tierC.fill(0);
      for (const c of gc) c.fill(0);
      for (let i = 0; i < n; i++) {
        const m = mult[acc[i]!]!;
        w[i] = m;
        if (m === 0) continue;
        total += m;
        const y = labels[i]!;
        // 0 tp, 1 fp, 2 fn, 3 tn.
        const cell = predicted[i] ? (y ? 0 : 1) : y ? 2 : 3;
        if (cell === 0) tp += m;
        else if (cell === 1) fp += m;
        else if (cell === 2) fn += m;
        if (y && arr) {
          const a = arr[i]!;
          if (a === a) {
            arrPos += m * a;
            if (cell === 0) arrTp += m * a;
          }
        }
        if (tiers) {
          const t = tiers.index[i]!;
          tierN[t]! += m;
          if (y) tierC[t]! += m;
        }
        if (cell < 3) for (let d = 0; d < D; d++) gc[d]![codes[d]![i]! * 3 + cell]! += m;
      }
      // NaN for an undefined replicate keeps the series aligned across runs with one seed (paired comparisons).
      const precision = rate(tp, tp + fp);
      const baseRate = rate(tp + fn, total);
      series.precision.push(precision);
      series.recall.push(rate(tp, tp + fn));
      series.f1.push(rate(2 * tp, 2 * tp + fp + fn));
      series.baseRate.push(baseRate);
      series.lift.push(baseRate > 0 ? precision / baseRate : Number.NaN);
      series.arrCaptured.push(arr ? rate(arrTp, arrPos) : Number.NaN);
      const t = thresholdFree(scores, labels, order, w, false);
      series.auc.push(t.auc ?? Number.NaN);
      series.averagePrecision.push(t.averagePrecision ?? Number.NaN);
      series.topDecileLift.push(topDecileLift(labels, order, w, total, baseRate));
      for (let k = 0; k < nt; k++) this.tierSeries[k]!.push(rate(tierC[k]!, tierN[k]!));
      gc.forEach((c, d) =>
        this.groupSeries[d]!.forEach((s, g) => {
          const [gtp, gfp, gfn] = [c[g * 3]!, c[g * 3 + 1]!, c[g * 3 + 2]!];
          s.precision.push(rate(gtp, gtp + gfp));
          s.recall.push(rate(gtp, gtp + gfn));
          s.f1.push(rate(2 * gtp, 2 * gtp + gfp + gfn));
        }),
      );
    }
  }

  result(): Intervals {
    const { series, replicates: R, input } = this;
    return {
      replicates: R,
      precision: ci(series.precision, R),
      recall: ci(series.recall, R),
      f1: ci(series.f1, R),
      auc: ci(series.auc, R),
      averagePrecision: ci(series.averagePrecision, R),
      lift: ci(series.lift, R),
      arrCaptured: input.arr ? ci(series.arrCaptured, R) : null,
      topDecileLift: ci(series.topDecileLift, R),
      tiers: (input.tiers?.ids ?? []).map((tierId, k) => ({ tierId, churnRate: ci(this.tierSeries[k]!, R) })),
      breakdowns: (input.groups ?? []).map((g, d) => ({
        dimension: g.dimension,
        groups: g.labels.map((group, j) => {
          const s = this.groupSeries[d]![j]!;
          const judged = g.judged[j] === true;
          return {
            group,
            precision: judged ? ci(s.precision, R) : null,
            recall: judged ? ci(s.recall, R) : null,
            f1: judged ? ci(s.f1, R) : null,
          };
        }),
      })),
    };
  }
}

/**
 * The riskiest tenth's churn rate over the base rate, on the resampled rows:
 * as decileMetrics does on a data set holding each row m times (the copies
 * in the row's place), the tenth being the first ceil(total / 10) of them.
 */
function topDecileLift(
  labels: Uint8Array,
  order: Uint32Array,
  w: Uint32Array,
  total: number,
  baseRate: number,
): number {
  if (!(baseRate > 0)) return Number.NaN;
  const top = Math.ceil(total / 10);
  let taken = 0,
    churned = 0;
  for (let r = 0; r < order.length && taken < top; r++) {
    const i = order[r]!;
    const k = Math.min(w[i]!, top - taken);
    taken += k;
    if (labels[i]) churned += k;
  }
  return taken > 0 ? churned / taken / baseRate : Number.NaN;
}

export function bootstrapIntervals(input: BootstrapInput, replicates: number, seed = DEFAULT_SEED): Intervals {
  const run = new BootstrapRun(input, replicates, seed);
  run.step(replicates);
  return run.result();
}
