import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from '../../engine/core/api/schema.js';
import { capacityWords } from '../../renderer/components/capacityWords.js';

type Capacity = EvaluationResult['backtest']['capacity'];
type Row = Capacity['byPeriod'][number];

const row = (period: string, accounts: number, churners: number, churnersCaught: number, k = 100): Row => ({
  period,
  accounts,
  worked: Math.min(k, accounts),
  churners,
  churnersCaught,
  recallAtK: churners > 0 ? churnersCaught / churners : null,
});

const capacity = (byPeriod: Row[], k = 100): Capacity => {
  const churners = byPeriod.reduce((s, p) => s + p.churners, 0);
  const caught = byPeriod.reduce((s, p) => s + p.churnersCaught, 0);
  return {
    k,
    recallAtK: churners ? caught / churners : null,
    churnersCaught: caught,
    churners,
    targetRecall: 0.7,
    kForTarget: null,
    curve: [],
    byPeriod,
  };
};

describe('capacity month by month in plain words', () => {
  it('names the worst and the best month as churners reached per 100, and K as a share of the accounts scored', () => {
    const w = capacityWords(
      capacity([row('2025-08-31', 4188, 110, 9), row('2025-09-30', 4197, 102, 5), row('2026-06-30', 4169, 117, 12)]),
      'monthly',
    );
    expect(w.spread).toBe(
      'In the worst month (Sep 2025) a team working 100 accounts reached 5 of every 100 churners (5 of 102); in the best (Jun 2026), 10 (12 of 117).',
    );
    expect(w.share).toBe('100 accounts is 2.4 % of the 4,169–4,197 accounts scored each month.');
    expect(w.noChurners).toBeNull();
  });

  it('says a month without churners has nobody to reach, and leaves it out of the worst', () => {
    const w = capacityWords(
      capacity([row('2026-01-31', 4800, 0, 0), row('2026-02-28', 4800, 40, 2), row('2026-03-31', 4800, 0, 0)]),
      'monthly',
    );
    expect(w.spread).toBe(
      'In the one month with churners (Feb 2026) a team working 100 accounts reached 5 of every 100 churners (2 of 40).',
    );
    expect(w.share).toBe('100 accounts is 2.1 % of the 4,800 accounts scored each month.');
    expect(w.noChurners).toBe(
      '2 months had no churners, so there was nobody to reach and no share reached to show: they are left out of the worst and the best.',
    );
  });

  it('speaks of weeks for a weekly cadence; says nothing it cannot back', () => {
    const w = capacityWords(capacity([row('2026-03-08', 50, 0, 0, 60)], 60), 'weekly');
    expect(w.spread).toBeNull();
    expect(w.share).toBe('60 accounts is every account scored each week (50).');
    expect(w.noChurners).toBe(
      'One week had no churners, so there was nobody to reach and no share reached to show: it is left out of the worst and the best.',
    );
    expect(capacityWords(capacity([]), 'monthly')).toEqual({ share: null, spread: null, noChurners: null });
  });
});
