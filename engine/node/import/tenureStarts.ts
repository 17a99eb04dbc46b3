/**
 * Start dates from a tenure column (core/import/tenure.ts): the export date minus the tenure
 * in whole months, by DuckDB's date − interval, which keeps the day of the month or takes the
 * last day of a shorter month (2024-03-31 − 1 month = 2024-02-29). Each date so made is logged
 * against its row, so the issue log says where every start date came from.
 */
import type { Database } from '../data/duckdb.js';
import { sqlString } from '../data/duckdb.js';
import { entitySpec } from '../../core/import/entities.js';
import { SIGNUP_ROLE, startsFromTenure, TENURE_ROLE } from '../../core/import/tenure.js';
import { EARLIEST_DATE } from './fieldSql.js';
import { ISSUES_TABLE } from './issues.js';
import { rawColumn, rejectedOrds, withText, type Typed } from './typeFile.js';

/** Give every account with a usable tenure its start date; one without keeps none (filled later or logged). */
export async function startsFromTenureColumn(db: Database, t: Typed): Promise<void> {
  const m = t.input.mapping;
  if (!startsFromTenure(m) || m.asOf === undefined) return;
  const tenure = t.fields.find((f) => f.role === TENURE_ROLE)!;
  await db.conn.run(`ALTER TABLE ${t.table} ADD COLUMN ${SIGNUP_ROLE} DATE`);
  t.fields.push(entitySpec(m.entity).fields.find((f) => f.role === SIGNUP_ROLE)!);
  const start = `(DATE ${sqlString(m.asOf)} - to_months(${TENURE_ROLE}::INTEGER))::DATE`;
  // As with any start date, one before the earliest plausible day is a typo, not a start.
  await db.conn.run(
    `UPDATE ${t.table} SET ${SIGNUP_ROLE} = ${start} WHERE ${TENURE_ROLE} IS NOT NULL AND ${start} >= DATE '${EARLIEST_DATE}'`,
  );
  const log = (reason: string, action: string, where: string) =>
    db.conn
      .run(`INSERT INTO ${ISSUES_TABLE} SELECT ${t.idx}, ${sqlString(t.input.label)}, x.ord, NULL, ${sqlString(m.columns[TENURE_ROLE]!)},
        coalesce(s.${rawColumn(t.input, tenure)}, ''), ${reason}, ${sqlString(action)}
      FROM ${withText(t)} WHERE ${where} AND x.ord NOT IN ${rejectedOrds(t)}`);
  const months = `x.${TENURE_ROLE}::INTEGER || ' months'`;
  // One reason for every such row, so the summary reads as one line; the date itself is in the accounts table.
  await log(
    sqlString(`start date counted back from the export date ${m.asOf} by the tenure in whole months`),
    'value coerced',
    `x.${SIGNUP_ROLE} IS NOT NULL`,
  );
  await log(
    `'the export date ${m.asOf} minus ' || ${months} || ' is before ${EARLIEST_DATE}: a typo; the start date is unknown'`,
    'value set to missing',
    `x.${TENURE_ROLE} IS NOT NULL AND x.${SIGNUP_ROLE} IS NULL`,
  );
}
