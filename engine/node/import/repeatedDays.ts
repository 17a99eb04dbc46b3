/**
 * Which account-days of a daily usage file have more than one row: the first
 * step of finding rows exported twice (importFiles.ts), which then compares
 * only those days' rows column by column.
 */
import type { Database } from '../data/duckdb.js';

/**
 * The values of `hashSql` (one per row of `from`) that more than one row has: each is equal to the
 * one before it once they are sorted. A sort of 3 M hashes took 0.25–0.3 s of CPU where grouping
 * them (GROUP BY h HAVING count(*) > 1, the same set) took 0.45 s: the hash table of 3 M distinct
 * keys costs more than sorting them.
 */
export function repeatedHashes(hashSql: string, from: string): string {
  return `SELECT DISTINCT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous FROM (SELECT ${hashSql} AS h FROM ${from})) WHERE h = previous`;
}

/**
 * At most this many bits for the per-account day maps (16 MiB): 50,000 accounts over 7 years fit; a
 * file whose dates spread further takes the sort alone.
 */
export const DAY_BITS_BUDGET = 2 ** 27;

/**
 * Fills TEMP TABLE repeated_days with the day hashes (`day`: of t.account_id and t."date", and the
 * row's own key when read through a relation) that more than one kept row of `rows` (aliased t) has.
 *
 * Sorting every row's day hash costs 2.4–2.8 s of CPU over 10 M rows. Most files repeat no day, so
 * first, in one aggregate per account, a bit for each day of the file's span: an account with more
 * rows than bits set repeats a day (bitstring_agg; 1.0 s of CPU over the same rows). Only those
 * accounts' rows are sorted.
 */
export async function findRepeatedDays(db: Database, rows: string, day: string, kept: string): Promise<void> {
  const dated = `t.account_id IS NOT NULL AND t."date" IS NOT NULL`;
  // The span of every dated row holds the kept ones'. Only the date is read: with a filter on the
  // account too, the scan took 0.3 s over 10 M rows instead of 0.05 s.
  const span = await db.conn.runAndReadAll(
    `SELECT strftime(min(t."date"), '%Y-%m-%d'), max(t."date") - min(t."date"), (SELECT count(*) FROM accounts) FROM ${rows}`,
  );
  const [first, days, accounts] = span.getRows()[0]!;
  // No row has a date: none can repeat a day.
  if (first === null) {
    await db.conn.run('CREATE OR REPLACE TEMP TABLE repeated_days (h UBIGINT)');
    return;
  }
  // A row without an account or a date is rejected (both are required): it repeats nothing.
  let from = `${rows} WHERE ${dated}`;
  if ((Number(days) + 1) * Number(accounts) <= DAY_BITS_BUDGET) {
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE repeated_accounts AS SELECT account_id FROM (
      SELECT t.account_id, count(*) AS n, bit_count(bitstring_agg((t."date" - DATE '${String(first)}')::INTEGER, 0, ${Number(days)})) AS d
      FROM ${rows} WHERE ${dated} AND ${kept} GROUP BY t.account_id) WHERE n > d`);
    // With no account there, DuckDB skips the scan below (its semi join has nothing to match).
    from += ' AND t.account_id IN (SELECT account_id FROM repeated_accounts)';
  }
  await db.conn.run(`CREATE OR REPLACE TEMP TABLE repeated_days AS ${repeatedHashes(day, from)}`);
  await db.conn.run('DROP TABLE IF EXISTS repeated_accounts');
}
