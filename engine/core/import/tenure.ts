/**
 * A tenure column (`tenure` = months a customer has been one) on a one-row-per-customer
 * extract that has no start date: each account's start is the export date minus that many
 * whole months. Pure: the mapping's notes and problems; the dates themselves are DuckDB's
 * date − interval (engine/node/import/tenureStarts.ts), which keeps the day of the month or
 * takes the shorter month's last day (tenure 1 from 2024-03-31 is 2024-02-29).
 */
import type { FileMapping } from '../api/importSchema.js';

export const TENURE_ROLE = 'tenure_months';
export const SIGNUP_ROLE = 'signup_date';

/** Whether the file's start dates are to come from its tenure column (a start date column wins). */
export const startsFromTenure = (m: Pick<FileMapping, 'entity' | 'columns'>): boolean =>
  m.entity === 'accounts' && m.columns[TENURE_ROLE] !== undefined && m.columns[SIGNUP_ROLE] === undefined;

/** What the mapping does with a tenure column, in plain words, for the mapping's notes. */
export function tenureNotes(m: Pick<FileMapping, 'entity' | 'columns'>): string[] {
  const tenure = m.columns[TENURE_ROLE];
  if (m.entity !== 'accounts' || tenure === undefined) return [];
  const signup = m.columns[SIGNUP_ROLE];
  if (signup !== undefined)
    return [`Start dates from ${JSON.stringify(signup)}; ${JSON.stringify(tenure)} (tenure) is not used.`];
  return [
    `Signup dates come from ${JSON.stringify(tenure)}: each account started the export date minus that many whole months ` +
      '(the same day of the month, or the last day of a shorter month). A blank or negative tenure leaves the start unknown.',
  ];
}

/** Why the tenure column cannot be used as mapped, one sentence each, or none. */
export function tenureProblems(m: FileMapping): string[] {
  if (!startsFromTenure(m) || m.asOf !== undefined) return [];
  return [
    `column ${JSON.stringify(m.columns[TENURE_ROLE])} counts months back from the export date, which is not given: ` +
      'give the export date (the day the file was exported), or clear the tenure column',
  ];
}
