/**
 * The portfolio at the as-of date when some snapshot dates have no rows: each
 * date counts its own accounts only, and an empty date (or one that is not a
 * snapshot date) has none, no mean score and no overrides. Worked by hand:
 * the score is category A's value alone; Green from 70, Yellow from 40.
 */
import { describe, expect, it } from 'vitest';
import { evaluateFrame } from '../../engine/core/backtest/evaluate.js';
import { BINS } from '../../engine/core/backtest/histograms.js';
import { emptyPortfolio, overrideCounts, overridesAt, periodStarts } from '../../engine/core/backtest/portfolio.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf, simpleConfig } from './frames.js';

// December and February have no rows; January has two accounts, March three.
const DATES = ['2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31'];
const SCORES = [30, 80, 10, 50, 90];
const PERIOD = [1, 1, 3, 3, 3];

function frame() {
  return frameOf(
    SCORES.map((s) => ({ logins_trend: s })),
    { period: Uint16Array.from(PERIOD), account: Int32Array.of(0, 1, 0, 1, 2) },
    ['Enterprise', 'SMB'],
    DATES,
  );
}

const portfolioOn = (asOf: string) => evaluateFrame(frame(), simpleConfig(100, 0), DEFAULT_BACKTEST, asOf).portfolio;

describe('the portfolio at the as-of date, with snapshot dates that have no rows', () => {
  it('finds where each date starts: an empty date starts where the next one does', () => {
    // One past the last row (5) closes March.
    expect(Array.from(periodStarts(frame()))).toEqual([0, 0, 2, 2, 5]);
  });

  it("counts only that date's accounts when the next date is empty", () => {
    const p = portfolioOn('2025-01-31');
    expect(p.accounts).toBe(2);
    expect(p.tierCounts.map((t) => t.count)).toEqual([1, 0, 1]);
    expect(p.meanScore).toBe((30 + 80) / 2);
    const histogram = new Array<number>(BINS).fill(0);
    histogram[30] = histogram[80] = 1;
    expect(p.histogram).toEqual(histogram);
  });

  it('has no accounts, no mean score and no overrides on an empty date, first or between two others', () => {
    for (const asOf of ['2024-12-31', '2025-02-28']) {
      const p = portfolioOn(asOf);
      expect([p.accounts, p.meanScore, p.tierCounts.map((t) => t.count)], asOf).toEqual([0, null, [0, 0, 0]]);
      // 0 accounts: a rate of 0, not 0 / 0.
      expect(p.overrides, asOf).toEqual({ active: 0, rate: 0 });
    }
  });

  it('has no overrides in force on a date that is not a snapshot date', () => {
    expect(portfolioOn('2025-04-30').overrides).toEqual({ active: 0, rate: 0 });
  });
});

describe('overrides in force per date', () => {
  it('counts the accounts with an override in force and their share of that date', () => {
    const f = frame();
    f.overrideIdx.set([0, -1, 1, 2, -1]);
    const counts = overrideCounts(f);
    expect([Array.from(counts.active), Array.from(counts.accounts)]).toEqual([
      [0, 1, 0, 2],
      [0, 2, 0, 3],
    ]);
    expect(overridesAt(counts, 1)).toEqual({ active: 1, rate: 1 / 2 });
    expect(overridesAt(counts, 3)).toEqual({ active: 2, rate: 2 / 3 });
    expect(overridesAt(counts, 2)).toEqual({ active: 0, rate: 0 });
    expect(overridesAt(counts, -1)).toEqual({ active: 0, rate: 0 });
  });
});

describe('the empty portfolio', () => {
  it('holds a zero count for every score bin of every configuration, and no score', () => {
    expect(emptyPortfolio(2)).toEqual({ counts: new Int32Array(2 * BINS), sum: 0 });
  });
});
