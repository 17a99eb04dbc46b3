import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', 'sample-data');
const f = (name: string) => `'${join(dir, name)}'`;
let conn: Awaited<ReturnType<DuckDBInstance['connect']>>;
let db: DuckDBInstance;
const one = async (sql: string) => (await conn.runAndReadAll(sql)).getRowObjectsJS()[0]!;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  for (const t of [
    'accounts.csv',
    'usage_events.csv.gz',
    'tickets.csv.gz',
    'invoices.csv.gz',
    'nps.csv',
    'churn.csv',
    'renewals.csv',
    'overrides.csv',
  ]) {
    await conn.run(`CREATE TABLE ${t.split('.')[0]} AS SELECT * FROM read_csv(${f(t)}, header = true)`);
  }
});
afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

describe('bundled sample data', () => {
  it('has about 5,000 accounts with unique ids in three segments', async () => {
    const r = await one(
      `SELECT count(*)::INT n, count(DISTINCT account_id)::INT ids, count(DISTINCT segment)::INT segs FROM accounts`,
    );
    expect(r).toEqual({ n: 5000, ids: 5000, segs: 3 });
  });
  it('references only known accounts and nothing after the export date', async () => {
    for (const [t, col] of [
      ['usage_events', 'date'],
      ['tickets', 'opened_at'],
      ['invoices', 'issued_date'],
      ['nps', 'responded_at'],
      ['churn', 'churn_date'],
      ['renewals', 'renewal_date'],
    ] as const) {
      const r = await one(
        `SELECT count(*) FILTER (account_id NOT IN (SELECT account_id FROM accounts))::INT unknown_ids, max(${col})::DATE::VARCHAR last_date FROM ${t}`,
      );
      expect(r.unknown_ids, t).toBe(0);
      expect(String(r.last_date) <= '2026-10-31', t).toBe(true);
    }
  });
  it('churns 8–15 % of active accounts a year', async () => {
    // Account-years at risk inside the 24-month window.
    const r = await one(`
      SELECT (SELECT count(*) FROM churn)::DOUBLE / sum(date_diff('day', greatest(a.signup_date, DATE '2024-11-01'), coalesce(c.churn_date, DATE '2026-10-31')) / 365.25) AS rate
      FROM accounts a LEFT JOIN churn c USING (account_id)`);
    expect(r.rate).toBeGreaterThan(0.08);
    expect(r.rate).toBeLessThan(0.15);
  });
  it('records a missed renewal only for churned accounts, at the first anniversary after churn', async () => {
    const r = await one(`
      SELECT count(*) FILTER (c.account_id IS NULL)::INT lapsed_without_churn,
             count(*) FILTER (r.renewal_date < c.churn_date)::INT lapsed_before_churn
      FROM renewals r LEFT JOIN churn c USING (account_id) WHERE NOT r.renewed`);
    expect(r).toEqual({ lapsed_without_churn: 0, lapsed_before_churn: 0 });
  });
  it('has no activity after an account churned', async () => {
    const r = await one(
      `SELECT count(*)::INT n FROM usage_events u JOIN churn c USING (account_id) WHERE u.date >= c.churn_date`,
    );
    expect(r.n).toBe(0);
  });
  it('lets churn depend on the signals: churners used the product less in their last 90 days', async () => {
    const r = await one(`
      WITH last90 AS (
        SELECT u.account_id, avg(u.features_used) f, c.churn_date IS NOT NULL churned
        FROM usage_events u LEFT JOIN churn c USING (account_id)
        WHERE u.date > coalesce(c.churn_date, DATE '2026-10-31') - 90
        GROUP BY ALL)
      SELECT avg(f) FILTER (churned) churners, avg(f) FILTER (NOT churned) retained FROM last90`);
    expect(Number(r.churners)).toBeLessThan(Number(r.retained) - 1);
  });
  it('stays within 15 MB committed', () => {
    const total = readdirSync(dir).reduce((s, n) => s + statSync(join(dir, n)).size, 0);
    expect(total).toBeLessThan(15 * 1024 * 1024);
  });
  it('is deterministic: the same seed writes the same bytes', () => {
    const a = mkdtempSync(join(tmpdir(), 'hsw-gen-a-'));
    const b = mkdtempSync(join(tmpdir(), 'hsw-gen-b-'));
    const gen = (out: string) =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', join(dir, 'generate.ts'), '--accounts', '150', '--months', '6', '--out', out],
        { stdio: 'pipe' },
      );
    gen(a);
    gen(b);
    for (const name of readdirSync(a))
      expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name))), name).toBe(true);
  }, 60_000);
});
