/**
 * 95 % bootstrap intervals for the headline metrics, resampling accounts
 * rather than snapshots: one account's monthly snapshots are not independent,
 * so resampling them one by one would make the intervals too narrow.
 */
import type { Intervals } from '../api/schema.js';
import { mulberry32 } from '../random/mulberry32.js';
import { thresholdFree } from './curves.js';

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

export interface BootstrapInput {
  scores: Float32Array;
  labels: Uint8Array;
  /** 1 when the row is predicted at risk. */
  predicted: Uint8Array;
  /** Account of each row. */
  account: Int32Array;
  /** Riskiest-first order of the rows. */
  order: Uint32Array;
}

/**
 * A bootstrap that runs in slices, so an interactive caller can stop it the
 * moment newer work arrives; the result is the same however it is sliced.
 */
export class BootstrapRun {
  private readonly acc: Uint32Array;
  private readonly accounts: number;
  private readonly rand: () => number;
  private readonly mult: Uint32Array;
  private readonly w: Uint32Array;
  private readonly series = {
    precision: [] as number[],
    recall: [] as number[],
    f1: [] as number[],
    auc: [] as number[],
  };
  private done = 0;

  constructor(
    private readonly input: BootstrapInput,
    readonly replicates: number,
    seed = 20261124,
  ) {
    const { account, scores } = input;
    const n = scores.length;
    // Compact account ids so a replicate is one multinomial draw over accounts.
    const compact = new Map<number, number>();
    this.acc = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      let c = compact.get(account[i]!);
      if (c === undefined) compact.set(account[i]!, (c = compact.size));
      this.acc[i] = c;
    }
    this.accounts = compact.size;
    this.rand = mulberry32(seed);
    this.mult = new Uint32Array(this.accounts);
    this.w = new Uint32Array(n);
  }

  /** Per-replicate values (NaN where undefined), in replicate order. */
  get replicateSeries(): Readonly<Record<'precision' | 'recall' | 'f1' | 'auc', readonly number[]>> {
    return this.series;
  }

  get finished(): boolean {
    return this.done >= this.replicates || this.accounts === 0;
  }

  /** Run up to `count` more replicates. */
  step(count: number): void {
    const { scores, labels, predicted, order } = this.input;
    const { acc, mult, w, rand, series } = this;
    const A = this.accounts;
    const n = scores.length;
    for (let r = 0; r < count && !this.finished; r++, this.done++) {
      mult.fill(0);
      for (let k = 0; k < A; k++) mult[Math.floor(rand() * A)]!++;
      let tp = 0,
        fp = 0,
        fn = 0;
      for (let i = 0; i < n; i++) {
        const m = mult[acc[i]!]!;
        w[i] = m;
        if (m === 0) continue;
        if (predicted[i]) {
          if (labels[i]) tp += m;
          else fp += m;
        } else if (labels[i]) fn += m;
      }
      // NaN for an undefined replicate keeps the series aligned across runs with one seed (paired comparisons).
      series.precision.push(tp + fp > 0 ? tp / (tp + fp) : Number.NaN);
      series.recall.push(tp + fn > 0 ? tp / (tp + fn) : Number.NaN);
      series.f1.push(2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : Number.NaN);
      series.auc.push(thresholdFree(scores, labels, order, w, false).auc ?? Number.NaN);
    }
  }

  result(): Intervals {
    const { series } = this;
    return {
      replicates: this.replicates,
      precision: ci(series.precision, this.replicates),
      recall: ci(series.recall, this.replicates),
      f1: ci(series.f1, this.replicates),
      auc: ci(series.auc, this.replicates),
    };
  }
}

export function bootstrapIntervals(input: BootstrapInput, replicates: number, seed = 20261124): Intervals {
  const run = new BootstrapRun(input, replicates, seed);
  run.step(replicates);
  return run.result();
}
