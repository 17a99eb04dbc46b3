/**
 * A churn flag or status column (accounts or churn file): which rows churned, and
 * the date each churn is placed at, from the row's own date column or the export
 * date the user gave. Every flagged row without either is logged, never dated by guess.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import type { FileMapping } from '../../core/api/importSchema.js';
import { ACTIVE_WORDS, CHURNED_WORDS, CHURN_DATE_ROLE, CHURN_FLAG_ROLE } from '../../core/import/churnFlag.js';
import { entitySpec, type FieldSpec } from '../../core/import/entities.js';
import { ISSUES_TABLE } from './issues.js';
import { issue, rejectedOrds, type Typed } from './typedFile.js';

const list = (w: readonly string[]) => w.map(sqlString).join(', ');

/** true churned, false not, NULL blank or unrecognised (the latter logged by the caller). */
export const churnFlagSql = (raw: string) =>
  `CASE WHEN lower(trim(${raw})) IN (${list(CHURNED_WORDS)}) THEN true WHEN lower(trim(${raw})) IN (${list(ACTIVE_WORDS)}) THEN false END`;

export const CHURN_FLAG_NOT_READ =
  'not a churn flag (expected yes/no, true/false, 1/0, y/n or churned/active/cancelled): correct the value, it is not guessed';

/**
 * Whether a blank or unreadable value rejects the row. In a churn file the flag says what the row is,
 * so it is required and the date is not (the export date can stand in); on accounts a blank flag
 * only means the account is not known to have churned.
 */
export function requiredHere(mapping: FileMapping, f: FieldSpec): boolean {
  if (f.role === CHURN_FLAG_ROLE) return mapping.entity === 'churn';
  if (f.role === CHURN_DATE_ROLE && mapping.columns[CHURN_FLAG_ROLE] !== undefined) return false;
  return f.required === true;
}

const hasFlag = (t: Typed) => t.fields.some((f) => f.role === CHURN_FLAG_ROLE);

/** Give every churned row its churn date (own column, else the export date); clear the date of rows not churned. */
export async function dateChurnFlags(db: Database, t: Typed): Promise<void> {
  if (!hasFlag(t)) return;
  const m = t.input.mapping;
  const onAccounts = m.entity === 'accounts';
  const hasDate = t.fields.some((f) => f.role === CHURN_DATE_ROLE);
  if (!hasDate) {
    await db.conn.run(`ALTER TABLE ${t.table} ADD COLUMN ${CHURN_DATE_ROLE} DATE`);
    t.fields.push(entitySpec(m.entity).fields.find((f) => f.role === CHURN_DATE_ROLE)!);
  }
  const column = m.columns[CHURN_DATE_ROLE] ?? m.columns[CHURN_FLAG_ROLE]!;
  const value = hasDate ? `"${CHURN_DATE_ROLE}__raw"` : `"${CHURN_FLAG_ROLE}__raw"`;
  const undated = `churned AND ${CHURN_DATE_ROLE} IS NULL AND ord NOT IN ${rejectedOrds(t)}`;
  if (m.churnAsOf !== undefined) {
    await issue(
      db,
      t,
      column,
      value,
      sqlString(`churned with no churn date: the export date ${m.churnAsOf} used`),
      'value coerced',
      undated,
    );
    await db.conn.run(
      `UPDATE ${t.table} SET ${CHURN_DATE_ROLE} = DATE ${sqlString(m.churnAsOf)} WHERE churned AND ${CHURN_DATE_ROLE} IS NULL`,
    );
  } else {
    const why = 'churned but no churn date: map a churn date column or give the export date';
    await issue(
      db,
      t,
      column,
      value,
      sqlString(onAccounts ? `${why} (the account is not counted as churned)` : why),
      onAccounts ? 'value set to missing' : 'row rejected',
      undated,
    );
  }
  // An active account's date (its last activity, say) is no churn date.
  await db.conn.run(`UPDATE ${t.table} SET ${CHURN_DATE_ROLE} = NULL WHERE churned IS NOT TRUE`);
}

/**
 * The churn outcomes an accounts file's flag gives, once start dates are final. A churn dated
 * before the account started is not counted (logged): the account itself still loads.
 */
export async function insertAccountChurn(db: Database, t: Typed): Promise<void> {
  if (!hasFlag(t)) return;
  const m = t.input.mapping;
  const live = `x.churned AND x.${CHURN_DATE_ROLE} IS NOT NULL AND x.ord NOT IN ${rejectedOrds(t)}`;
  await db.conn
    .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(m.columns[CHURN_DATE_ROLE] ?? m.columns[CHURN_FLAG_ROLE]!)},
      strftime(x.${CHURN_DATE_ROLE}, '%Y-%m-%d'), 'churn dated before the account started (' || strftime(a.signup_date, '%Y-%m-%d') || '): check both dates; the churn is not counted', 'value set to missing'
    FROM ${t.table} x JOIN accounts a USING (account_id) WHERE ${live} AND x.${CHURN_DATE_ROLE} < a.signup_date`);
  await db.conn.run(`INSERT INTO churn (account_id, churn_date, reason, reactivation)
    SELECT x.account_id, x.${CHURN_DATE_ROLE}, NULL, NULL FROM ${t.table} x JOIN accounts a USING (account_id)
    WHERE ${live} AND (a.signup_date IS NULL OR x.${CHURN_DATE_ROLE} >= a.signup_date)`);
}
