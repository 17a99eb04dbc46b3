/**
 * The days of a daily usage file that have more than one row for an account: the candidates the
 * exact-duplicate check compares column by column. Most files repeat none, and those are answered by
 * a bit per account and day; the answer must be the one sorting every row's day would give.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { DAY_BITS_BUDGET, findRepeatedDays } from '../../engine/node/import/repeatedDays.js';

const DAY = 'hash(t.account_id, t."date")';
const ROWS = 'usage t';

let db: Database;
beforeEach(async () => {
  db = await openDatabase();
});
afterEach(() => db.close());

/** An accounts table of `n` accounts (A-1 … A-n) and a usage file of `rows` ([account, date, kept]). */
async function load(n: number, rows: [string | null, string | null, boolean][]) {
  await db.conn.run(`CREATE TABLE accounts AS SELECT 'A-' || i AS account_id FROM range(1, ${n + 1}) r(i)`);
  await db.conn.run('CREATE TABLE usage (ord INTEGER, account_id VARCHAR, "date" DATE, kept BOOLEAN)');
  for (const [i, [a, d, kept]] of rows.entries())
    await db.conn.run(
      `INSERT INTO usage VALUES (${i + 1}, ${a === null ? 'NULL' : `'${a}'`}, ${d === null ? 'NULL' : `DATE '${d}'`}, ${kept})`,
    );
}

/** The repeated days as "account date", from the hashes found, against every row's (account, date). */
async function found(): Promise<string[]> {
  const r = await db.conn.runAndReadAll(
    `SELECT DISTINCT t.account_id || ' ' || strftime(t."date", '%Y-%m-%d') FROM usage t
     WHERE ${DAY} IN (SELECT h FROM repeated_days) ORDER BY 1`,
  );
  return r.getRows().map((x) => String(x[0]));
}

const tables = async () =>
  (await db.conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'repeated%' ORDER BY 1`))
    .getRows()
    .map((x) => String(x[0]));

describe('finding the repeated days of a daily usage file', () => {
  it('finds none in a file with one row per account and day, and leaves an empty table to read', async () => {
    await load(3, [
      ['A-1', '2024-03-01', true],
      ['A-1', '2024-03-02', true],
      ['A-2', '2024-03-01', true],
      ['A-3', '2024-03-31', true],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    expect(await found()).toEqual([]);
    expect(await tables()).toEqual(['repeated_days']);
  });

  it('finds a day repeated on the first and on the last day of the file’s span, and only those', async () => {
    await load(3, [
      ['A-1', '2024-03-01', true],
      ['A-1', '2024-03-01', true],
      ['A-1', '2024-03-02', true],
      ['A-2', '2024-03-31', true],
      ['A-2', '2024-03-31', true],
      ['A-2', '2024-03-30', true],
      ['A-3', '2024-03-15', true],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    expect(await found()).toEqual(['A-1 2024-03-01', 'A-2 2024-03-31']);
    expect(await tables()).toEqual(['repeated_days']);
  });

  it('finds a day repeated three times, and two days repeated for one account', async () => {
    await load(1, [
      ['A-1', '2024-01-01', true],
      ['A-1', '2024-01-05', true],
      ['A-1', '2024-01-05', true],
      ['A-1', '2024-01-05', true],
      ['A-1', '2024-01-09', true],
      ['A-1', '2024-01-09', true],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    expect(await found()).toEqual(['A-1 2024-01-05', 'A-1 2024-01-09']);
  });

  it('answers a file whose rows all fall on one day', async () => {
    await load(2, [
      ['A-1', '2024-06-30', true],
      ['A-2', '2024-06-30', true],
      ['A-2', '2024-06-30', true],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    expect(await found()).toEqual(['A-2 2024-06-30']);
  });

  it('does not count a rejected copy: an account whose only repeat is a rejected row repeats nothing', async () => {
    await load(2, [
      ['A-1', '2024-03-01', true],
      ['A-1', '2024-03-01', false],
      ['A-2', '2024-03-01', true],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    expect(await found()).toEqual([]);
  });

  it('ignores rows without an account or a date (rejected by then), and a file with no dated row repeats nothing', async () => {
    await load(1, [
      ['A-1', '2024-03-01', true],
      ['A-1', '2024-03-01', true],
      [null, '2024-03-02', true],
      [null, '2024-03-02', true],
      ['A-1', null, true],
      ['A-1', null, true],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    expect(await found()).toEqual(['A-1 2024-03-01']);
    await db.conn.run('DELETE FROM usage WHERE "date" IS NOT NULL');
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    // The table is made afresh: none of the last file's days is left in it.
    expect(Number((await db.conn.runAndReadAll('SELECT count(*) FROM repeated_days')).getRows()[0]![0])).toBe(0);
  });

  it('sorts every row’s day when the maps would pass their budget, with the same answer', async () => {
    // 20,000 accounts over 36 years: 263 M bits, over the 134 M budget.
    await load(20_000, [
      ['A-1', '1990-01-01', true],
      ['A-7', '2026-01-01', true],
      ['A-7', '2026-01-01', true],
      ['A-9', '2026-01-01', false],
      ['A-9', '2026-01-01', true],
    ]);
    expect(((Date.UTC(2026, 0, 1) - Date.UTC(1990, 0, 1)) / 864e5) * 20_000).toBeGreaterThan(DAY_BITS_BUDGET);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    // The sort does not look at what is kept: A-9's day is a candidate, which the column-by-column check
    // then skips (it compares kept rows only).
    expect(await found()).toEqual(['A-7 2026-01-01', 'A-9 2026-01-01']);
    expect(await tables()).toEqual(['repeated_days']);
  });

  it('within the budget, sorts only the accounts that repeat a day', async () => {
    await load(2, [
      ['A-1', '2024-03-01', true],
      ['A-1', '2024-03-01', true],
      ['A-2', '2024-03-05', true],
      ['A-2', '2024-03-05', false],
    ]);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    // A-2's repeat is a rejected copy: its account is not sorted, so its day is no candidate.
    expect(await found()).toEqual(['A-1 2024-03-01']);
  });
  it('uses the maps up to their budget exactly: 65,536 accounts over 2,048 days, and sorts one day more', async () => {
    // 2020-01-01 + 2,047 days = 2025-08-09: 2,048 days × 65,536 accounts = 2^27 bits, the budget.
    expect(2048 * 65_536).toBe(DAY_BITS_BUDGET);
    const rows: [string, string, boolean][] = [
      ['A-1', '2020-01-01', true],
      ['A-1', '2020-01-01', true],
      ['A-2', '2025-08-09', true],
      ['A-2', '2025-08-09', false],
    ];
    await load(65_536, rows);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    // The maps see A-2's second row is rejected: only A-1 repeats a day.
    expect(await found()).toEqual(['A-1 2020-01-01']);
    await db.conn.run(`INSERT INTO usage VALUES (5, 'A-3', DATE '2025-08-10', true)`);
    await findRepeatedDays(db, ROWS, DAY, 't.kept');
    // One day more passes the budget: every row's day is sorted, the rejected copy's too.
    expect(await found()).toEqual(['A-1 2020-01-01', 'A-2 2025-08-09']);
  });
});
