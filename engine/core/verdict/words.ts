/** Figures as a CSM reads them: "6 of every 100", "1 in 4", "2.2×", "0.3 %", "14,000". */

const INT = new Intl.NumberFormat('en-US');

export const count = (n: number): string => INT.format(n);

export const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** A rate as "k of every 100" ("none of every 100" reads badly: "none"; below 0.5 %: "fewer than 1 of every 100"). */
export function perHundred(rate: number): string {
  if (rate <= 0) return 'none';
  const k = Math.round(rate * 100);
  return k === 0 ? 'fewer than 1 of every 100' : `${k} of every 100`;
}

/** A share of people: "2 of every 100" below 10 %, "1 in 4" up to a half, "7 in 10" above. */
export function share(x: number): string {
  if (x <= 0) return 'none';
  if (x < 0.1) return perHundred(x);
  if (x < 0.5) return `1 in ${Math.round(1 / x)}`;
  return `${Math.round(x * 10)} in 10`;
}

/** A ratio of rates: "2.2×". */
export const times = (x: number): string => `${x.toFixed(1)}×`;

export const ratio3 = (x: number): string => x.toFixed(3);

/** "Red", "Red + Yellow", "a score below 40". */
export function joinNames(names: readonly string[]): string {
  return names.join(' + ');
}
