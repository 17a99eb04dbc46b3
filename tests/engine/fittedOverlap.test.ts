import { describe, expect, it } from 'vitest';
import { fittedOverlap, monthSpan, startAfter } from '../../engine/core/backtest/fittedOverlap.js';
import { backtestWarnings } from '../../engine/core/backtest/warnings.js';
import { DEFAULT_BACKTEST } from '../../engine/core/model/defaults.js';
import { frameOf } from './frames.js';

const months = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, from + i + 1, 0)).toISOString().slice(0, 10));

describe('the fitting months in words', () => {
  it('spans months within a year, across years, and a single month', () => {
    expect(monthSpan('2024-01-31', '2024-06-30')).toBe('Jan–Jun 2024');
    expect(monthSpan('2023-11-30', '2024-04-30')).toBe('Nov 2023 – Apr 2024');
    expect(monthSpan('2024-06-30', '2024-06-30')).toBe('Jun 2024');
  });
  it('starts a fair evaluation the month after a month-end, or the day after a week-end', () => {
    expect(startAfter('2024-06-30')).toBe('Jul 2024');
    expect(startAfter('2024-12-31')).toBe('Jan 2025');
    expect(startAfter('2024-02-29')).toBe('Mar 2024');
    expect(startAfter('2024-06-28')).toBe('29 Jun 2024');
  });
});

describe('the overlap with the fitting months', () => {
  const window = months(0, 12); // Jan–Dec 2024 month-ends
  it('is none when the window starts after the fit, or nothing was fitted', () => {
    expect(fittedOverlap({ from: '2023-01-31', to: '2023-12-31', fitted: 'scorecard' }, window, 'monthly')).toBeNull();
    expect(fittedOverlap(null, window, 'monthly')).toBeNull();
    expect(fittedOverlap(undefined, window, 'monthly')).toBeNull();
  });
  it('counts the overlapping month-ends, the first and last fitting months included', () => {
    const o = fittedOverlap({ from: '2024-01-31', to: '2024-06-30', fitted: 'scorecard' }, window, 'monthly')!;
    expect([o.overlapMonths, o.months, o.evaluateFrom]).toEqual([6, 12, 'Jul 2024']);
  });
  it("the backtest's warning for a fitted scorecard names bands, points, weights and cuts and when to evaluate from", () => {
    const frame = frameOf([{ logins_trend: 50 }], {}, ['Enterprise'], window);
    const warn = (fitted?: 'scorecard' | 'weights') =>
      backtestWarnings({
        frame,
        window: { inWindow: new Uint8Array(12), observed: new Uint8Array(12), periods: window },
        settings: { ...DEFAULT_BACKTEST, minChurners: 0, fittedOn: { from: '2024-01-31', to: '2024-06-30', fitted } },
        asOf: '2024-12-31',
        positives: 0,
        overrideRate: 0,
      }).filter((w) => w.kind === 'fitted-on-window');
    expect(warn('scorecard').map((w) => w.message)).toEqual([
      "This scorecard's bands, points, weights and cuts were fitted on Jan–Jun 2024, which this evaluation overlaps (6 of its 12 month-ends): its numbers flatter it. Evaluate from Jul 2024.",
    ]);
    expect(warn('weights')[0]!.message).toMatch(/^The category weights were fitted on Jan–Jun 2024, .*flatter them\./);
    expect(warn()[0]!.message).toMatch(/^This configuration was fitted on Jan–Jun 2024/);
  });
});
