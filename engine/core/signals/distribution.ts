/**
 * A signal's raw values at one snapshot date as a histogram for the
 * normalisation editor: 30 equal bins between the 1st and 99th percentile
 * (outliers counted in the end bins), plus how many accounts have no value.
 */
import type { Baseline } from '../api/schema.js';
import { signalValues } from '../scoring/seasonal.js';
import type { AnySignalId } from './catalog.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

export interface SignalDistribution {
  bins: { from: number; to: number; count: number }[];
  missing: number;
  total: number;
}

/** @param baseline the trend baseline of the configuration being edited: the values its normalisation will see */
export function signalDistribution(
  frame: SnapshotFrame,
  signal: AnySignalId,
  asOf: string,
  baseline?: Baseline,
  binCount = 30,
): SignalDistribution {
  const m = frame.meta.periods.indexOf(asOf);
  const col = signalValues(frame, signal, baseline);
  const vals: number[] = [];
  let total = 0;
  for (let i = 0; i < frame.n; i++) {
    if (frame.period[i] !== m) continue;
    total++;
    const v = col[i]!;
    if (v === v) vals.push(v);
  }
  const missing = total - vals.length;
  if (vals.length === 0) return { bins: [], missing, total };
  const sorted = Float64Array.from(vals).sort();
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
  let lo = q(0.01);
  let hi = q(0.99);
  if (hi <= lo) {
    lo = sorted[0]!;
    hi = sorted[sorted.length - 1]!;
  }
  if (hi <= lo) return { bins: [{ from: lo, to: lo, count: vals.length }], missing, total };
  const width = (hi - lo) / binCount;
  const counts = new Array<number>(binCount).fill(0);
  for (const v of vals) counts[Math.min(binCount - 1, Math.max(0, Math.floor((v - lo) / width)))]!++;
  return {
    bins: counts.map((count, k) => ({ from: lo + k * width, to: lo + (k + 1) * width, count })),
    missing,
    total,
  };
}
