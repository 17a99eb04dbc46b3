/**
 * The capacity curve ("recall if the team works K accounts a month", K = 0 up
 * to the largest month) and the K a target recall needs, worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { capacityMetrics, capacitySpread, type PeriodCapacity } from '../../engine/core/backtest/capacity.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

// The months of capacity.test.ts. Each month's snapshots lowest score first (ties by position):
//   month 0: 10, 20, 20 (churned), 30 (churned)  → churners at ranks 2 and 3
//   month 1: 5, 20 (churned), 20, 40 (churned)   → ranks 1 and 3
//   month 2: 50, 60, 80                          → no churners
//   month 3: 70 (churned)                        → rank 0
// Five churners; within the first K of their month: K = 0 → 0, 1 → 1, 2 → 2, 3 → 3, 4 → 5.
// prettier-ignore
const rows: [month: number, score: number, churned: 0 | 1][] = [
  [0, 20, 0], [1, 20, 1], [0, 10, 0], [2, 50, 0], [0, 20, 1], [1, 20, 0],
  [3, 70, 1], [1, 5, 0], [2, 60, 0], [0, 30, 1], [2, 80, 0], [1, 40, 1],
];
const month = Uint16Array.from(rows, (r) => r[0]);
const labels = Uint8Array.from(rows, (r) => r[2]);
const order = rankByScore(Float32Array.from(rows, (r) => r[1]));
const periods = {
  dates: ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30'],
  inWindow: Uint8Array.of(1, 1, 1, 1),
};
const capacity = (k: number, target: number) => capacityMetrics(labels, month, periods, order, k, target);

describe('the capacity curve', () => {
  it('gives the recall at every K from 0 to the largest month', () => {
    expect(capacity(2, 0.5).curve).toEqual([
      { k: 0, recall: 0 },
      { k: 1, recall: 0.2 },
      { k: 2, recall: 0.4 },
      { k: 3, recall: 0.6 },
      { k: 4, recall: 1 },
    ]);
  });

  it('is flat at 0 without churners', () => {
    const none = capacityMetrics(new Uint8Array(rows.length), month, periods, order, 2, 0.5);
    expect(none.curve).toEqual([0, 1, 2, 3, 4].map((k) => ({ k, recall: 0 })));
    expect([none.recallAtK, none.kForTarget, none.churners, none.churnersCaught]).toEqual([null, null, 0, 0]);
  });

  // One month of 451 accounts scored 0…450, every tenth a churner (ranks 0, 10, …, 450: 46 churners).
  // Within the first K: ceil(K / 10) of them.
  const big = (n: number) => {
    const scores = Float32Array.from({ length: n }, (_, i) => i);
    return capacityMetrics(
      Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0)),
      new Uint16Array(n),
      { dates: ['2026-01-31'], inWindow: Uint8Array.of(1) },
      rankByScore(scores),
      25,
      0.5,
    );
  };

  it('above 200 accounts a month, every ceil(K / 200)-th K, and the largest month last', () => {
    const cap = big(451);
    const churners = 46;
    // Step ceil(451 / 200) = 3: K = 0, 3, …, 450, then 451 itself.
    const ks = [...Array.from({ length: 151 }, (_, q) => 3 * q), 451];
    expect(cap.curve.map((p) => p.k)).toEqual(ks);
    cap.curve.forEach((p) => expect(p.recall, `K = ${p.k}`).toBeCloseTo(Math.ceil(p.k / 10) / churners, 12));
    expect(cap.recallAtK).toBeCloseTo(3 / churners, 12);
    // Half of 46 is 23 churners: the 23rd sits at rank 220, so K = 221.
    expect(cap.kForTarget).toBe(221);
  });

  it('is flat at 0 without churners above 200 accounts too, the largest month included', () => {
    const n = 451;
    const none = capacityMetrics(
      new Uint8Array(n),
      new Uint16Array(n),
      { dates: ['2026-01-31'], inWindow: Uint8Array.of(1) },
      rankByScore(Float32Array.from({ length: n }, (_, i) => i)),
      25,
      0.5,
    );
    expect(none.curve.at(-1)).toEqual({ k: 451, recall: 0 });
    expect(none.curve.every((p) => p.recall === 0)).toBe(true);
  });

  it('does not repeat the largest month when the step lands on it', () => {
    // 450 accounts: step ceil(450 / 200) = 3, and 450 is a multiple of 3.
    const ks = big(450).curve.map((p) => p.k);
    expect(ks).toHaveLength(151);
    expect(ks.at(-1)).toBe(450);
    expect(ks.at(-2)).toBe(447);
  });
});

describe('the K a target recall needs', () => {
  it('is the smallest K whose recall reaches the target, a target met exactly included', () => {
    expect(capacity(2, 0.5).kForTarget).toBe(3); // 0.4 at K = 2 falls short, 0.6 at K = 3
    expect(capacity(2, 0.6).kForTarget).toBe(3); // 3 of 5 is exactly 0.6
    expect(capacity(2, 0.61).kForTarget).toBe(4);
    expect(capacity(2, 1).kForTarget).toBe(4);
    expect(capacity(2, 0).kForTarget).toBe(0);
  });

  it('forgives the rounding of a target typed as a sum (0.1 + 0.2 is a hair above 0.3)', () => {
    // 0.1 + 0.2 = 0.30000000000000004; with 10 churners, 3 of them is 0.3: that reaches it.
    const n = 10;
    const cap = capacityMetrics(
      new Uint8Array(n).fill(1),
      new Uint16Array(n),
      { dates: ['2026-01-31'], inWindow: Uint8Array.of(1) },
      rankByScore(Float32Array.from({ length: n }, (_, i) => i)),
      1,
      0.1 + 0.2,
    );
    expect(cap.kForTarget).toBe(3);
  });

  it('K beyond the largest month works every account; a negative K none', () => {
    const all = capacity(10, 0.5);
    expect([all.k, all.recallAtK, all.churnersCaught, all.churners]).toEqual([4, 1, 5, 5]);
    const none = capacity(-3, 0.5);
    expect([none.k, none.recallAtK, none.churnersCaught]).toEqual([0, 0, 0]);
    expect(none.targetRecall).toBe(0.5);
  });
});

describe('the worst and best month', () => {
  const month = (period: string, recallAtK: number | null, accounts = 4, worked = 2): PeriodCapacity => ({
    period,
    accounts,
    worked,
    churners: recallAtK === null ? 0 : 4,
    churnersCaught: recallAtK === null ? 0 : recallAtK * 4,
    recallAtK,
  });

  it('the worst is the lowest recall wherever it falls, the earliest of equals', () => {
    const spread = capacitySpread([
      month('2026-01-31', 0.5),
      month('2026-02-28', 0.25),
      month('2026-03-31', null),
      month('2026-04-30', 0.25),
      month('2026-05-31', 0.75),
      month('2026-06-30', 0.75),
    ]);
    expect(spread.worst?.period).toBe('2026-02-28');
    expect(spread.best?.period).toBe('2026-05-31');
    expect(spread.withoutChurners).toBe(1);
  });

  it('K against the accounts scored, over the months that scored any', () => {
    const spread = capacitySpread([
      month('2026-01-31', 0.5, 8, 2),
      month('2026-02-28', null, 0, 0),
      month('2026-03-31', 1, 3, 2),
    ]);
    expect(spread.accounts).toEqual({ min: 3, max: 8 });
    expect(spread.share).toEqual({ min: 0.25, max: 2 / 3 });
  });
});
