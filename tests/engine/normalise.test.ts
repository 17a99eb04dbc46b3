/**
 * Normalisation cases the scoring tests leave open: every comparison operator,
 * unavailable values under each scheme, and percentile ranks at a second date
 * and in a second segment (where each group's slice starts past the first).
 * Expectations are worked by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Normalisation } from '../../engine/core/api/schema.js';
import { holds, normaliseValue, percentileColumn } from '../../engine/core/scoring/normalise.js';
import { frameOf } from './frames.js';

describe('conditions', () => {
  it('compare with each operator, equality and both inclusive bounds included', () => {
    const at = (op: '<' | '<=' | '>' | '>=' | '==') => [2, 3, 4].map((v) => holds(v, { op, value: 3 }));
    expect(at('<')).toEqual([true, false, false]);
    expect(at('<=')).toEqual([true, true, false]);
    expect(at('>')).toEqual([false, false, true]);
    expect(at('>=')).toEqual([false, true, true]);
    expect(at('==')).toEqual([false, true, false]);
  });
  it('drive rules and booleans the way a playbook reads them', () => {
    // No escalations (== 0) earns 20 on a base of 50; three or fewer open tickets (<= 3) earns 10 more.
    const rules: Normalisation = {
      kind: 'rules',
      base: 50,
      rules: [
        { when: { op: '==', value: 0 }, points: 20 },
        { when: { op: '<=', value: 3 }, points: 10 },
      ],
    };
    expect([0, 3, 4].map((v) => normaliseValue(v, rules))).toEqual([80, 60, 50]);
    const current: Normalisation = { kind: 'boolean', when: { op: '==', value: 1 }, score: 100, otherwise: 0 };
    expect([1, 0].map((v) => normaliseValue(v, current))).toEqual([100, 0]);
  });
});

describe('unavailable values', () => {
  it('stay unavailable under every scheme, never a band, base or boolean score', () => {
    const specs: Exclude<Normalisation, { kind: 'percentile' }>[] = [
      { kind: 'linear', worst: 0, best: 1 },
      { kind: 'bands', edges: [1, 31, 61], scores: [100, 60, 30, 0] },
      { kind: 'rules', base: 60, rules: [{ when: { op: '>=', value: 1 }, points: 10 }] },
      { kind: 'boolean', when: { op: '>', value: 0 }, score: 0, otherwise: 100 },
    ];
    for (const spec of specs) expect(normaliseValue(Number.NaN, spec)).toBeNaN();
  });
  it('leave every percentile unavailable when the frame has no such column', () => {
    const frame = frameOf([{}, {}]);
    const out = percentileColumn(frame, undefined, { kind: 'percentile', higherIsBetter: true, within: 'portfolio' });
    expect(Array.from(out)).toEqual([Number.NaN, Number.NaN]);
  });
});

describe('percentile ranks at several dates and segments', () => {
  // Rows interleaved on purpose. Date 1: Enterprise 10, 20; SMB 3, 6, 9. Date 2: Enterprise 5, 1, 3; SMB 8, 8, 2.
  const rows = [
    { v: 10, p: 0, s: 0 },
    { v: 5, p: 1, s: 0 },
    { v: 3, p: 0, s: 1 },
    { v: 8, p: 1, s: 1 },
    { v: 20, p: 0, s: 0 },
    { v: 1, p: 1, s: 0 },
    { v: 6, p: 0, s: 1 },
    { v: 8, p: 1, s: 1 },
    { v: 9, p: 0, s: 1 },
    { v: 3, p: 1, s: 0 },
    { v: 2, p: 1, s: 1 },
  ];
  const frame = frameOf(
    rows.map((r) => ({ seat_utilisation: r.v })),
    { period: Uint16Array.from(rows, (r) => r.p), segment: Uint8Array.from(rows, (r) => r.s) },
    ['Enterprise', 'SMB'],
    ['2025-01-31', '2025-02-28'],
  );
  const rank = (within: 'segment' | 'portfolio', higherIsBetter = true) =>
    Array.from(percentileColumn(frame, frame.values.seat_utilisation, { kind: 'percentile', higherIsBetter, within }));

  it('rank within each date and segment: (accounts below) / (accounts in the group − 1)', () => {
    // Date 1 Enterprise: 10 → 0, 20 → 1. SMB: 3 → 0, 6 → 1/2, 9 → 1.
    // Date 2 Enterprise (1, 3, 5): 5 → 1, 1 → 0, 3 → 1/2. SMB (2, 8, 8): 8 → 1/2 (tied), 2 → 0.
    expect(rank('segment')).toEqual([0, 100, 0, 50, 100, 0, 50, 50, 100, 50, 0].map(Math.fround));
    expect(rank('segment', false)).toEqual([100, 0, 100, 50, 0, 100, 50, 50, 0, 50, 100].map(Math.fround));
  });
  it('rank within each date across the portfolio', () => {
    // Date 1 (3, 6, 9, 10, 20): 10 → 3/4, 3 → 0, 20 → 1, 6 → 1/4, 9 → 2/4.
    // Date 2 (1, 2, 3, 5, 8, 8): 5 → 3/5, 8 → 4/5, 1 → 0, 3 → 2/5, 2 → 1/5.
    expect(rank('portfolio')).toEqual([75, 60, 0, 80, 100, 0, 25, 80, 50, 40, 20].map(Math.fround));
  });
});
