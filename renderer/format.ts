const INT = new Intl.NumberFormat('en-US');

export const formatCount = (n: number) => INT.format(n);

/** A share as a percentage with one decimal; "—" when undefined (e.g. precision with no predictions). */
export const formatPct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);

export const formatMonth = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
