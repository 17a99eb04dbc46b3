/**
 * A churn flag or status column (accounts or churn file): which rows churned, and
 * the date each churn is placed at, from the row's own date column or the export
 * date the user gave. Every flagged row without either is logged, never dated by guess.
 * How the flag's text reads, and when it is required, is per-field SQL (fieldSql.ts).
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import { CHURN_DATE_ROLE, CHURN_FLAG_ROLE } from '../../core/import/churnFlag.js';
import { entitySpec } from '../../core/import/entities.js';
import { ISSUES_TABLE } from './issues.js';
import { rawColumn, rejectedOrds, withText, type Typed } from './typeFile.js';

// Function declarations, not arrow constants: Stryker switches their mutants per test.
/** The issue a row dated at the export date logs; the Data tab counts these (EXPORT_DATED_SQL). */
export function exportDatedReason(day: string): string {
  return `churned with no churn date: the export date ${day} used`;
}
/** Per file and export date, the rows dated at it that still count: not rejected, not dated before the account started. */
export const EXPORT_DATED_SQL = `SELECT i.file, regexp_extract(i.reason, 'the export date (\\d{4}-\\d{2}-\\d{2}) used', 1) AS as_of,
    count(*)::INTEGER AS n
  FROM ${ISSUES_TABLE} i
  WHERE i.reason LIKE 'churned with no churn date: the export date % used' AND i.ord IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM ${ISSUES_TABLE} r WHERE r.file_idx = i.file_idx AND r.ord = i.ord
      AND (r.action = 'row rejected' OR r.reason LIKE 'churn dated before the account started%'))
  GROUP BY 1, 2 ORDER BY 1, 2`;

function hasFlag(t: Typed): boolean {
  return t.fields.some((f) => f.role === CHURN_FLAG_ROLE);
}

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
  // The issue quotes the file's own text: the churn date column's when mapped, else the flag's.
  const quoted = t.fields.find((f) => f.role === (hasDate ? CHURN_DATE_ROLE : CHURN_FLAG_ROLE))!;
  const log = (reason: string, action: string) =>
    db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(m.columns[quoted.role]!)},
        coalesce(s.${rawColumn(t.input, quoted)}, ''), ${sqlString(reason)}, ${sqlString(action)}
      FROM ${withText(t)} WHERE x.churned AND x.${CHURN_DATE_ROLE} IS NULL AND x.ord NOT IN ${rejectedOrds(t)}`);
  if (m.asOf !== undefined) {
    await log(exportDatedReason(m.asOf), 'value coerced');
    await db.conn.run(
      `UPDATE ${t.table} SET ${CHURN_DATE_ROLE} = DATE ${sqlString(m.asOf)} WHERE churned AND ${CHURN_DATE_ROLE} IS NULL`,
    );
  } else {
    const why = 'churned but no churn date: map a churn date column or give the export date';
    await log(
      onAccounts ? `${why} (the account is not counted as churned)` : why,
      onAccounts ? 'value set to missing' : 'row rejected',
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
