/**
 * The export date (`mapping.asOf`): the day a file was exported, for a file whose rows
 * carry no date of their own where the product needs one. A churn flag without a churn
 * date dates its churned accounts at it; a score extract without a score date has its
 * scores as of it. Pure: the mapping screen, the CLI and the importer ask the same questions.
 */
import type { FileMapping } from '../api/importSchema.js';
import { CHURN_DATE_ROLE, CHURN_FLAG_ROLE } from './churnFlag.js';
import { startsFromTenure, tenureProblems } from './tenure.js';

export const SCORE_DATE_ROLE = 'score_date';

/** What the export date would date in this file: churned accounts, scores, starts counted back by tenure, or nothing. */
export type ExportDateUse = 'churn' | 'scores' | 'starts';

/** The use a mapping needs an export date for, or null when its rows carry the dates it needs. */
export function exportDateUse(m: Pick<FileMapping, 'entity' | 'columns'>): ExportDateUse | null {
  if (m.columns[CHURN_FLAG_ROLE] !== undefined && m.columns[CHURN_DATE_ROLE] === undefined) return 'churn';
  if (m.entity === 'score_history' && m.columns[SCORE_DATE_ROLE] === undefined) return 'scores';
  if (startsFromTenure(m)) return 'starts';
  return null;
}

/**
 * Whether an export date means anything for this mapping: where it is needed, on a churn flag
 * with a churn date column, whose rows with a blank churn date it dates, and on a tenure column,
 * which counts each account's start back from it.
 */
export const takesExportDate = (m: Pick<FileMapping, 'entity' | 'columns'>): boolean =>
  exportDateUse(m) !== null || m.columns[CHURN_FLAG_ROLE] !== undefined;

/** A time as the local calendar day, YYYY-MM-DD: the day the user would call a file's date. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
}

/** The last day of the month of a YYYY-MM-DD day: the month-end snapshot a dated churn falls in. */
export function monthEnd(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${day.slice(0, 8)}${String(last).padStart(2, '0')}`;
}

/** What the export date does to this file's rows, in plain words (null when it does nothing here). */
export function exportDateEffect(m: FileMapping, day: string): string | null {
  // A churn flag says more than the starts do: its sentence comes first.
  const use = m.columns[CHURN_FLAG_ROLE] !== undefined ? 'churn' : exportDateUse(m);
  const starts = startsFromTenure(m)
    ? `Each account started ${day} minus its ${JSON.stringify(m.columns.tenure_months)} in whole months.`
    : null;
  if (use === 'churn') {
    const blank = m.columns[CHURN_DATE_ROLE] !== undefined ? ' with a blank churn date' : '';
    const churn =
      `Accounts flagged as churned${blank} are dated ${day}: their churn is counted in the month ending ${monthEnd(day)}, ` +
      'and accounts flagged close to it have had less time to be seen churning, so churn in the last months is under-counted.';
    return starts ? `${churn} ${starts}` : churn;
  }
  if (starts) return starts;
  if (use === 'scores')
    return (
      `Every score in this file is taken as the account's score on ${day}: it counts from that day on, never before, ` +
      'and nothing in the file proves it was known that day.'
    );
  return null;
}

/**
 * Why a mapping's export date cannot be used as given, one sentence each, or none. The churn
 * flag's own rules (a date needed, not after today) are churnFlagProblems'.
 */
export function exportDateProblems(m: FileMapping, today: string = new Date().toISOString().slice(0, 10)): string[] {
  if (m.asOf === undefined) return tenureProblems(m);
  if (!takesExportDate(m))
    return [
      `the export date ${m.asOf} would date nothing: this file's rows carry their own dates (only a churn flag without a churn date, a score extract without a score date, or a tenure column without a start date, takes one); remove it`,
    ];
  if (startsFromTenure(m) && m.asOf > today)
    return [`the export date ${m.asOf} is after today: no account's tenure can be counted from it yet`];
  if (exportDateUse(m) === 'scores' && m.asOf > today)
    return [`the export date ${m.asOf} is after today: no score can have been given on it yet`];
  return [];
}
