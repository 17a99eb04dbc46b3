/**
 * An evaluation window overlapping the months a configuration was fitted
 * on: the one wording the backtest's warning and the verdict share, saying
 * what was fitted (the category weights of a suggestion, or everything a
 * fitted scorecard chose) and from when an evaluation is fair.
 */
import type { BacktestSettings } from '../api/schema.js';

type Cadence = BacktestSettings['cadence'];

export type FittedOn = NonNullable<BacktestSettings['fittedOn']>;

export interface FittedOverlap {
  /** Evaluated snapshot dates (month- or week-ends) inside the fitting months, of all evaluated. */
  overlapMonths: number;
  months: number;
  /** "This scorecard's bands, points, weights and cuts were fitted on Jan–Jun 2024, which this evaluation overlaps (…)" */
  sentence: string;
  /** "Jul 2024": the first month an evaluation can start without overlapping. */
  evaluateFrom: string;
}

// Functions rather than module-level constants, so mutation testing can switch every name per test.
function monthName(m: number): string {
  return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m]!;
}
function parts(iso: string): { y: number; m: number } {
  return { y: Number(iso.slice(0, 4)), m: Number(iso.slice(5, 7)) - 1 };
}
function month(iso: string): string {
  return `${monthName(parts(iso).m)} ${parts(iso).y}`;
}

/** "Jan–Jun 2024", "Jun 2024", "Nov 2023 – Apr 2024". */
export function monthSpan(from: string, to: string): string {
  const a = parts(from),
    b = parts(to);
  if (a.y === b.y && a.m === b.m) return month(to);
  if (a.y === b.y) return `${monthName(a.m)}–${monthName(b.m)} ${b.y}`;
  return `${month(from)} – ${month(to)}`;
}

/** The first fair start after `to`: the next month after a month-end, else the next day ("27 Jun 2024") for weekly dates. */
export function startAfter(to: string): string {
  const next = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000);
  const iso = next.toISOString().slice(0, 10);
  return next.getUTCDate() === 1 ? month(iso) : `${next.getUTCDate()} ${month(iso)}`;
}

/** What was fitted, in words, and the pronoun for it. */
function fittedWords(kind: FittedOn['fitted']): { what: string; it: string } {
  switch (kind) {
    case 'scorecard':
      return { what: "This scorecard's bands, points, weights and cuts were", it: 'it' };
    case 'weights':
      return { what: 'The category weights were', it: 'them' };
    default:
      // Older files name no kind: say only what is certain.
      return { what: 'This configuration was', it: 'it' };
  }
}

/** Null when nothing was fitted or the window starts after the fit. */
export function fittedOverlap(
  fittedOn: BacktestSettings['fittedOn'],
  periods: readonly string[],
  cadence: Cadence,
): FittedOverlap | null {
  if (!fittedOn) return null;
  const overlapMonths = periods.filter((p) => p >= fittedOn.from && p <= fittedOn.to).length;
  if (overlapMonths === 0) return null;
  const f = fittedWords(fittedOn.fitted);
  return {
    overlapMonths,
    months: periods.length,
    sentence: `${f.what} fitted on ${monthSpan(fittedOn.from, fittedOn.to)}, which this evaluation overlaps (${overlapMonths} of its ${periods.length} ${cadence === 'weekly' ? 'week-ends' : 'month-ends'}): its numbers flatter ${f.it}`,
    evaluateFrom: startAfter(fittedOn.to),
  };
}
