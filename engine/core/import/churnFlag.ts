/**
 * A churn flag or status column without a date of its own: a one-row-per-customer
 * extract's `Churn` = Yes/No, `Exited` = 1/0 or `status` = churned/active. The
 * churned accounts are dated by a date column of the same row (`cancelled_at`,
 * `last_active`) or by the date the user gives (the export date). Pure: the
 * mapping screen, the CLI and the importer read the flag the same way.
 */
import type { FileMapping } from '../api/importSchema.js';

/** Values that say the account churned, compared lower-cased and trimmed. */
export const CHURNED_WORDS = [
  'yes',
  'y',
  'true',
  't',
  '1',
  'churned',
  'churn',
  'cancelled',
  'canceled',
  'inactive',
  'closed lost',
  'closed-lost',
  'closed_lost',
  'lost',
  'ended',
  'expired',
  'terminated',
  'exited',
  'former customer',
] as const;

/** Values that say it did not. */
export const ACTIVE_WORDS = [
  'no',
  'n',
  'false',
  'f',
  '0',
  'active',
  'not churned',
  'retained',
  'current',
  'current customer',
  'closed won',
  'closed-won',
  'closed_won',
  'won',
  'renewed',
  'live',
] as const;

const CHURNED = new Set<string>(CHURNED_WORDS);
const ACTIVE = new Set<string>(ACTIVE_WORDS);

/** true: churned; false: did not; null: blank; undefined: not a value this column can mean (never guessed). */
export function readChurnFlag(value: string): boolean | null | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  if (CHURNED.has(v)) return true;
  if (ACTIVE.has(v)) return false;
  return undefined;
}

/** The roles involved: the flag, and the date of the churn it flags. */
export const CHURN_FLAG_ROLE = 'churned';
export const CHURN_DATE_ROLE = 'churn_date';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why a mapping's churn flag cannot be imported as mapped, one sentence each, or none.
 * `today` (YYYY-MM-DD) bounds the export date: churn cannot be dated in the future.
 */
export function churnFlagProblems(
  mapping: FileMapping,
  today: string = new Date().toISOString().slice(0, 10),
): string[] {
  const flag = mapping.columns[CHURN_FLAG_ROLE];
  const date = mapping.columns[CHURN_DATE_ROLE];
  const out: string[] = [];
  if (mapping.entity === 'accounts' && date && !flag)
    out.push(
      `column ${JSON.stringify(date)} is mapped as the churn date but no column says which accounts churned: map the Churned column too, or clear the churn date`,
    );
  if (flag && !date && mapping.asOf === undefined)
    out.push(
      `column ${JSON.stringify(flag)} says which accounts churned but not when: map a churn date column or give the export date`,
    );
  if (flag && mapping.asOf !== undefined && ISO_DAY.test(mapping.asOf) && mapping.asOf > today)
    out.push(`the export date ${mapping.asOf} is after today: churn cannot have happened yet`);
  return out;
}
