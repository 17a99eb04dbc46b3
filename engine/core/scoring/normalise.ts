import type { Condition, Normalisation } from '../api/schema.js';
import type { SnapshotFrame } from '../snapshots/frame.js';

/** The schemes that map one value on its own (percentile needs the other accounts: percentileColumn). */
export type PointwiseNormalisation = Exclude<Normalisation, { kind: 'percentile' }>;
export type PercentileSpec = Extract<Normalisation, { kind: 'percentile' }>;

export function holds(value: number, c: Condition): boolean {
  switch (c.op) {
    case '<':
      return value < c.value;
    case '<=':
      return value <= c.value;
    case '>':
      return value > c.value;
    case '>=':
      return value >= c.value;
    case '==':
      return value === c.value;
  }
}

/** Map a raw signal value to 0–100. NaN (unavailable) stays NaN. */
export function normaliseValue(value: number, spec: PointwiseNormalisation): number {
  if (Number.isNaN(value)) return Number.NaN;
  if (spec.kind === 'rules') {
    let s = spec.base;
    for (const r of spec.rules) if (holds(value, r.when)) s += r.points;
    return s < 0 ? 0 : s > 100 ? 100 : s;
  }
  if (spec.kind === 'boolean') return holds(value, spec.when) ? spec.score : spec.otherwise;
  if (spec.kind === 'linear') {
    const t = (value - spec.worst) / (spec.best - spec.worst);
    return t <= 0 ? 0 : t >= 1 ? 100 : t * 100;
  }
  const { edges, scores } = spec;
  let i = 0;
  while (i < edges.length && value >= edges[i]!) i++;
  return scores[i]!;
}

/**
 * Percentile rank of every snapshot's value among the snapshots of the same
 * date (and segment), 0–100, NaN where the value is unavailable. Each group is
 * sorted once with the native numeric sort; a row's rank is a binary search.
 */
export function percentileColumn(
  frame: SnapshotFrame,
  values: Float32Array | undefined,
  spec: PercentileSpec,
): Float32Array {
  const n = frame.n;
  const out = new Float32Array(n).fill(Number.NaN);
  if (!values) return out;
  const ns = spec.within === 'segment' ? Math.max(1, frame.meta.segments.length) : 1;
  const groups = frame.meta.periods.length * ns;
  const group = (i: number) => frame.period[i]! * ns + (spec.within === 'segment' ? frame.segment[i]! : 0);
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < n; i++) if (values[i] === values[i]) start[group(i) + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const fill = start.slice(0, groups);
  const sorted = new Float32Array(start[groups]!);
  for (let i = 0; i < n; i++) if (values[i] === values[i]) sorted[fill[group(i)]!++] = values[i]!;
  for (let g = 0; g < groups; g++) sorted.subarray(start[g]!, start[g + 1]!).sort();
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (v !== v) continue;
    const g = group(i);
    let lo = start[g]!;
    let hi = start[g + 1]!;
    const count = hi - lo;
    const base = lo;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const pr = count > 1 ? (lo - base) / (count - 1) : 0;
    out[i] = (spec.higherIsBetter ? pr : 1 - pr) * 100;
  }
  return out;
}
