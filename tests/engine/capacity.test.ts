/**
 * Capacity month by month, worked by hand: each month's K lowest scores
 * (ties by position, as the whole ranking) against that month's churners.
 */
import { describe, expect, it } from 'vitest';
import { capacityMetrics, capacitySpread } from '../../engine/core/backtest/capacity.js';
import { rankByScore } from '../../engine/core/backtest/ranking.js';

// Six periods; period 4 is outside the window, period 5 is inside but had no evaluated snapshot.
const dates = ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30'];
const inWindow = Uint8Array.of(1, 1, 1, 1, 0, 1);
// prettier-ignore
const rows: [month: number, score: number, churned: 0 | 1][] = [
  [0, 20, 0], // month 0: 10, 20 (stayed), 20 (churned), 30 (churned) — the tie on K = 2 goes to the stayer, listed first
  [1, 20, 1], // month 1: 5, 20 (churned), 20 (stayed), 40 (churned) — the tie goes to the churner, listed first
  [0, 10, 0],
  [2, 50, 0], // month 2: no churners
  [0, 20, 1],
  [1, 20, 0],
  [3, 70, 1], // month 3: one account, a churner — fewer accounts than K
  [1, 5, 0],
  [2, 60, 0],
  [0, 30, 1],
  [2, 80, 0],
  [1, 40, 1],
];
const month = Uint16Array.from(rows, (r) => r[0]);
const labels = Uint8Array.from(rows, (r) => r[2]);
const order = rankByScore(Float32Array.from(rows, (r) => r[1]));
const periods = { dates, inWindow };

describe('capacity month by month', () => {
  it('works each month’s K lowest against its own churners; no churners means no recall, not 0', () => {
    const cap = capacityMetrics(labels, month, periods, order, 2, 0.5);
    expect(cap.byPeriod).toEqual([
      { period: '2026-01-31', accounts: 4, worked: 2, churners: 2, churnersCaught: 0, recallAtK: 0 },
      { period: '2026-02-28', accounts: 4, worked: 2, churners: 2, churnersCaught: 1, recallAtK: 0.5 },
      { period: '2026-03-31', accounts: 3, worked: 2, churners: 0, churnersCaught: 0, recallAtK: null },
      { period: '2026-04-30', accounts: 1, worked: 1, churners: 1, churnersCaught: 1, recallAtK: 1 },
      { period: '2026-06-30', accounts: 0, worked: 0, churners: 0, churnersCaught: 0, recallAtK: null },
    ]);
    // The months add up to the whole window.
    expect(cap.churnersCaught).toBe(2);
    expect(cap.churners).toBe(5);
    expect(cap.byPeriod.reduce((s, p) => s + p.churnersCaught, 0)).toBe(cap.churnersCaught);
    expect(cap.byPeriod.reduce((s, p) => s + p.churners, 0)).toBe(cap.churners);
    expect(cap.byPeriod.reduce((s, p) => s + p.accounts, 0)).toBe(rows.length);
  });

  it('K = 0 reaches nobody (recall 0 where there were churners); a fractional K is whole accounts', () => {
    const none = capacityMetrics(labels, month, periods, order, 0, 0.5).byPeriod;
    expect(none.map((p) => p.recallAtK)).toEqual([0, 0, null, 0, null]);
    expect(none.every((p) => p.worked === 0)).toBe(true);
    const three = capacityMetrics(labels, month, periods, order, 3.7, 0.5).byPeriod;
    expect(three.map((p) => [p.worked, p.churnersCaught])).toEqual([
      [3, 1],
      [3, 1],
      [3, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it('spread: the worst and best month with churners, the months without, and K against the accounts scored', () => {
    const spread = capacitySpread(capacityMetrics(labels, month, periods, order, 2, 0.5).byPeriod);
    expect(spread.worst?.period).toBe('2026-01-31');
    expect(spread.best?.period).toBe('2026-04-30');
    expect(spread.withoutChurners).toBe(2);
    expect(spread.accounts).toEqual({ min: 1, max: 4 });
    expect(spread.share).toEqual({ min: 0.5, max: 1 });
  });

  it('spread: ties go to the earliest month; nothing to say without months or churners', () => {
    const spread = capacitySpread(capacityMetrics(labels, month, periods, order, 0, 0.5).byPeriod);
    expect(spread.worst?.period).toBe('2026-01-31');
    expect(spread.best?.period).toBe('2026-01-31');
    expect(capacitySpread([])).toEqual({ worst: null, best: null, withoutChurners: 0, accounts: null, share: null });
    const stayers = capacityMetrics(new Uint8Array(rows.length), month, periods, order, 2, 0.5).byPeriod;
    expect(capacitySpread(stayers)).toMatchObject({ worst: null, best: null, withoutChurners: 5 });
  });
});
