import type { Condition, Normalisation } from '../api/schema.js';

export function holds(value: number, c: Condition): boolean {
  switch (c.op) {
    case '<': return value < c.value;
    case '<=': return value <= c.value;
    case '>': return value > c.value;
    case '>=': return value >= c.value;
    case '==': return value === c.value;
  }
}

/** Map a raw signal value to 0–100. NaN (unavailable) stays NaN. */
export function normaliseValue(value: number, spec: Normalisation): number {
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
