/**
 * Which snapshot dates a backtest judges: a date is observed when every one of its snapshots has the
 * whole horizon behind it, and the window is the observed dates after the date N calendar months
 * before the last observed one. Every expected value is worked by hand from the calendar.
 */
import { describe, expect, it } from 'vitest';
import { evaluationWindow, monthsBefore } from '../../engine/core/backtest/window.js';
import { frameOf } from './frames.js';

/** A frame with one snapshot per (period, observed days) pair, on the given dates. */
function frameAt(dates: string[], rows: [period: number, observedDays: number][]) {
  return frameOf(
    rows.map(() => ({})),
    {
      period: Uint16Array.from(rows.map((r) => r[0])),
      observedDays: Float32Array.from(rows.map((r) => r[1])),
    },
    ['SMB'],
    dates,
  );
}

describe('monthsBefore (the start of the window)', () => {
  it('maps a month-end to the month-end N months before, whatever its length', () => {
    expect(monthsBefore('2025-03-31', 1)).toBe('2025-02-28');
    expect(monthsBefore('2024-03-31', 1)).toBe('2024-02-29');
    // 28 February 2025 is the last day of its month, so it maps to 31 January.
    expect(monthsBefore('2025-02-28', 1)).toBe('2025-01-31');
    expect(monthsBefore('2025-04-30', 2)).toBe('2025-02-28');
    expect(monthsBefore('2025-06-30', 1)).toBe('2025-05-31');
  });
  it('keeps the day of a date that is not a month-end, clipped to the shorter month', () => {
    // 28 February 2024 is not the last day (a leap year): the day stays 28.
    expect(monthsBefore('2024-02-28', 1)).toBe('2024-01-28');
    expect(monthsBefore('2025-03-15', 1)).toBe('2025-02-15');
    expect(monthsBefore('2025-03-30', 1)).toBe('2025-02-28');
    expect(monthsBefore('2025-05-30', 1)).toBe('2025-04-30');
    // A week-ending Sunday six months before.
    expect(monthsBefore('2025-03-09', 6)).toBe('2024-09-09');
  });
  it('crosses year ends both ways', () => {
    expect(monthsBefore('2025-01-31', 12)).toBe('2024-01-31');
    expect(monthsBefore('2025-01-15', 13)).toBe('2023-12-15');
    expect(monthsBefore('2025-02-28', 24)).toBe('2023-02-28');
    expect(monthsBefore('2025-12-31', 0)).toBe('2025-12-31');
  });
});

describe('evaluationWindow', () => {
  const months = ['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31'];

  it('observes a date only when its least-observed snapshot has the whole horizon (the horizon itself counts)', () => {
    // Period 1: one snapshot with 90 days, one with 89 after it in the frame; period 2: 89 then 90.
    const f = frameAt(months.slice(0, 4), [
      [0, 120],
      [1, 90],
      [1, 89],
      [2, 89],
      [2, 90],
      [3, 90],
    ]);
    const w = evaluationWindow(f, 90, 12);
    expect(Array.from(w.observed)).toEqual([1, 0, 0, 1]);
    expect(Array.from(w.inWindow)).toEqual([1, 0, 0, 1]);
    expect(w.periods).toEqual(['2025-01-31', '2025-04-30']);
    expect(Array.from(evaluationWindow(f, 89, 12).observed)).toEqual([1, 1, 1, 1]);
  });

  it('never observes a date without snapshots, whatever the horizon', () => {
    const f = frameAt(months.slice(0, 3), [
      [0, 400],
      [2, 400],
    ]);
    const w = evaluationWindow(f, 1, 12);
    expect(Array.from(w.observed)).toEqual([1, 0, 1]);
    expect(w.periods).toEqual(['2025-01-31', '2025-03-31']);
  });

  it('counts N months back from the last observed date, not the last date, and excludes the date N months before', () => {
    // The last two dates are not observed yet; the window ends at 31 March.
    const f = frameAt(months, [
      [0, 400],
      [1, 400],
      [2, 400],
      [3, 10],
      [4, 0],
    ]);
    // 2 months before 31 March is 31 January, itself outside.
    const w = evaluationWindow(f, 90, 2);
    expect(w.periods).toEqual(['2025-02-28', '2025-03-31']);
    expect(Array.from(w.inWindow)).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(w.observed)).toEqual([1, 1, 1, 0, 0]);
    expect(evaluationWindow(f, 90, 1).periods).toEqual(['2025-03-31']);
    expect(evaluationWindow(f, 90, 3).periods).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
  });

  it('keeps every observed date when the window is unbounded (the calibration split asks for that)', () => {
    const f = frameAt(
      ['1901-01-31', '2025-01-31'],
      [
        [0, 400],
        [1, 400],
      ],
    );
    expect(evaluationWindow(f, 90, Number.MAX_SAFE_INTEGER).periods).toEqual(['1901-01-31', '2025-01-31']);
    expect(evaluationWindow(f, 90, 240).periods).toEqual(['2025-01-31']);
  });

  it('is empty, with nothing observed, when no date has its horizon yet', () => {
    const f = frameAt(months.slice(0, 2), [
      [0, 30],
      [1, 0],
    ]);
    const w = evaluationWindow(f, 90, 12);
    expect(Array.from(w.observed)).toEqual([0, 0]);
    expect(Array.from(w.inWindow)).toEqual([0, 0]);
    expect(w.periods).toEqual([]);
  });

  it('works on weekly dates the same way: N calendar months, not 4N weeks', () => {
    // Sundays from 5 January to 6 April 2025; 3 months before 6 April is 6 January.
    const sundays = ['2025-01-05', '2025-01-12', '2025-02-02', '2025-03-02', '2025-04-06'];
    const f = frameAt(
      sundays,
      sundays.map((_, m) => [m, 200]),
    );
    expect(evaluationWindow(f, 90, 3).periods).toEqual(['2025-01-12', '2025-02-02', '2025-03-02', '2025-04-06']);
  });
});
