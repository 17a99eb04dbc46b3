const INT = new Intl.NumberFormat('en-US');

export const formatCount = (n: number) => INT.format(n);

/** A share as a percentage with one decimal; "—" when undefined (e.g. precision with no predictions). */
export const formatPct = (x: number | null | undefined) =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`;

// toLocaleDateString builds a new formatter on every call (milliseconds each, on every render of
// the month list): one formatter, and each month formatted once.
const MONTH = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const months = new Map<string, string>();

export const formatMonth = (iso: string): string => {
  let text = months.get(iso);
  if (text === undefined) months.set(iso, (text = MONTH.format(new Date(`${iso}T00:00:00Z`))));
  return text;
};

/** A ratio of rates as "2.2×"; "—" when undefined. */
export const formatTimes = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${x.toFixed(1)}×`);

/** A score-quality ratio (AUC, average precision) to three decimals; "—" when undefined. */
export const formatRatio = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
