/**
 * The words of the "fitted on the months you evaluate" warning, which the
 * backtest and the verdict share: month names, spans, which snapshot dates
 * overlap the fit, and what was fitted.
 */
import { describe, expect, it } from 'vitest';
import { fittedOverlap, monthSpan } from '../../engine/core/backtest/fittedOverlap.js';

const monthEnds2024 = [
  '2024-01-31',
  '2024-02-29',
  '2024-03-31',
  '2024-04-30',
  '2024-05-31',
  '2024-06-30',
  '2024-07-31',
  '2024-08-31',
  '2024-09-30',
  '2024-10-31',
  '2024-11-30',
  '2024-12-31',
];

describe('months in words', () => {
  it('names every month by its English abbreviation', () => {
    expect(monthEnds2024.map((d) => monthSpan(d, d))).toEqual([
      'Jan 2024',
      'Feb 2024',
      'Mar 2024',
      'Apr 2024',
      'May 2024',
      'Jun 2024',
      'Jul 2024',
      'Aug 2024',
      'Sep 2024',
      'Oct 2024',
      'Nov 2024',
      'Dec 2024',
    ]);
  });
  it('the same month a year apart is a span across years, not one month', () => {
    expect(monthSpan('2024-06-30', '2025-06-30')).toBe('Jun 2024 – Jun 2025');
  });
});

describe('the overlap', () => {
  it('counts only the dates from the first fitting month to the last', () => {
    const o = fittedOverlap({ from: '2024-03-31', to: '2024-04-30', fitted: 'weights' }, monthEnds2024, 'monthly')!;
    expect([o.overlapMonths, o.months, o.evaluateFrom]).toEqual([2, 12, 'May 2024']);
  });
  it('says what was fitted, and week-ends on weekly snapshots', () => {
    const weekly = ['2024-03-03', '2024-03-10', '2024-03-17', '2024-03-24'];
    const of = (fitted?: 'weights' | 'scorecard') =>
      fittedOverlap({ from: '2024-03-01', to: '2024-03-12', fitted }, weekly, 'weekly')!.sentence;
    expect(of('weights')).toBe(
      'The category weights were fitted on Mar 2024, which this evaluation overlaps (2 of its 4 week-ends): its numbers flatter them',
    );
    expect(of('scorecard')).toBe(
      "This scorecard's bands, points, weights and cuts were fitted on Mar 2024, which this evaluation overlaps (2 of its 4 week-ends): its numbers flatter it",
    );
    expect(of()).toBe(
      'This configuration was fitted on Mar 2024, which this evaluation overlaps (2 of its 4 week-ends): its numbers flatter it',
    );
  });
});
