import type { Normalisation } from '../api/schema.js';

/** Map a raw signal value to 0–100. NaN (unavailable) stays NaN. */
export function normaliseValue(value: number, spec: Normalisation): number {
  if (Number.isNaN(value)) return Number.NaN;
  if (spec.kind === 'linear') {
    const t = (value - spec.worst) / (spec.best - spec.worst);
    return t <= 0 ? 0 : t >= 1 ? 100 : t * 100;
  }
  const { edges, scores } = spec;
  let i = 0;
  while (i < edges.length && value >= edges[i]!) i++;
  return scores[i]!;
}
