import { describe, expect, it } from 'vitest';
import { BacktestPipeline } from '../../engine/core/backtest/pipeline.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { cochranArmitage } from '../../engine/core/verdict/trendTest.js';
import { verdictOf } from '../../engine/core/verdict/verdict.js';
import { frameOf, simpleConfig } from './frames.js';

/**
 * Three accounts over three month-ends; score = logins / 2 + 25 (category B has no data: neutral 50).
 *   A0 stays, 75 throughout (Green).
 *   A1 churns on 2025-04-26: 55 Yellow (85 days before), 35 Red (57), 25 Red (26).
 *   A2 churns 100 days after January: 75 Green (100 days, beyond the horizon), 75 Green (72), 45 Yellow (41).
 */
function threeAccounts() {
  // Rows ordered by month, then account (as buildSnapshots writes them).
  const logins = [100, 60, 100, 100, 20, 100, 100, 0, 40];
  const d = [NaN, 85, 100, NaN, 57, 72, NaN, 26, 41];
  return frameOf(
    logins.map((v) => ({ logins_trend: v })),
    {
      account: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]),
      period: Uint16Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]),
      daysToChurn: Float32Array.from(d),
    },
    ['Enterprise'],
    ['2025-01-31', '2025-02-28', '2025-03-31'],
  );
}

describe('account-level evidence for the verdict', () => {
  const frame = threeAccounts();
  const config = simpleConfig(50, 50);
  // Run in each test, not while the tests are collected: mutation testing switches a mutant on per test.
  const backtest = () => {
    const result = new BacktestPipeline(frame).run({ config, backtest: DEFAULT_BACKTEST, asOf: '2025-03-31' });
    return { result, ev: result.backtest.evidence! };
  };

  it('counts distinct accounts and churners per tier, not snapshots', () => {
    const { result, ev } = backtest();
    expect(result.backtest.evaluated).toBe(9);
    expect(ev.accounts).toBe(3);
    expect(ev.churnedAccounts).toBe(2);
    expect(ev.tiers).toEqual([
      { tierId: 'green', accounts: 2, churnedAccounts: 1 },
      { tierId: 'yellow', accounts: 2, churnedAccounts: 2 },
      { tierId: 'red', accounts: 1, churnedAccounts: 1 },
    ]);
    // Red (the at-risk tier) flagged A1 twice: one churner.
    expect(result.backtest.overall.confusion.tp).toBe(2);
    expect(ev.churnersFlagged).toBe(1);
  });
  it('tests the tier trend with each account counted once, on the same snapshots as the tier table', () => {
    const { result, ev } = backtest();
    // Tier and label per snapshot, by hand from the comment above (A0 G G G stays; A1 Y R R churned;
    // A2 G, then G and Y churned), run through tests/reference/trend_reference.py:
    //   {"group":[0,1,0,0,2,0,0,2,1],"event":[0,1,0,0,1,1,0,1,1],"cluster":[0,1,2,0,1,2,0,1,2]}
    const t = ev.tierTrend!;
    expect([t.accounts, t.snapshots]).toEqual([3, 9]);
    expect(t.snapshotZ).toBeCloseTo(2.1908902300206643, 9);
    expect(t.designEffect).toBeCloseTo(2.9523809523809534, 9);
    expect(t.z).toBeCloseTo(1.2750711555097238, 9);
    expect(t.pValue).toBeCloseTo(0.10114202887378715, 7);
    // Its snapshot-level z is the classical test on the tier table the result shows.
    const tiers = result.backtest.tiers;
    expect(t.snapshotZ).toBeCloseTo(
      cochranArmitage(
        tiers.map((x) => x.count),
        tiers.map((x) => x.churned),
      )!.z,
      12,
    );
  });
  it('lead time: of the churners seen 60–90 days ahead, those already below Green', () => {
    const { ev } = backtest();
    expect(ev.leadTime).toEqual({ fromDays: 60, toDays: 90, churners: 2, belowTopTier: 1 });
  });
  it('a category with no data anywhere is counted, and the verdict names it', () => {
    const { result, ev } = backtest();
    expect(ev.categories.map((c) => [c.categoryId, c.snapshots, c.withData, c.min, c.max])).toEqual([
      ['a', 9, 9, 0, 100],
      ['b', 9, 0, null, null],
    ]);
    const v = verdictOf({ result, config, backtest: DEFAULT_BACKTEST });
    expect(v.findings.find((f) => f.id === 'category-no-data')!.sentence).toMatch(/^B has no data in any of the 9/);
  });
  it('follows the outcome: with missed renewals there are no churners here', () => {
    const r = new BacktestPipeline(frame).run({
      config,
      backtest: { ...DEFAULT_BACKTEST, outcome: 'renewal' },
      asOf: '2025-03-31',
    });
    expect(r.backtest.evidence!.churnedAccounts).toBe(0);
    expect(r.backtest.evidence!.leadTime.churners).toBe(0);
  });
});
