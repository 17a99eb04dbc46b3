/**
 * What the warehouse SQL's fast specs (tests/engine/portable*Spec.test.ts) share: the workbench's export
 * tables created in an in-memory DuckDB with only the rows a test lists (no import, no snapshot build),
 * and a query's rows by account, NULL kept as null. A run of such a file takes a second or two, so
 * Stryker can afford it per mutant; the PostgreSQL parity suites check the same SQL on the sample data.
 */
import { createEmptyTable, EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import { sqlIdent, sqlString, type Database } from '../../engine/node/data/duckdb.js';
import type { SignalId } from '../../engine/core/signals/catalog.js';
import type { Row } from '../engine/fixtures.js';

export type TableName =
  | 'accounts'
  | 'usage_events'
  | 'tickets'
  | 'invoices'
  | 'nps'
  | 'churn'
  | 'renewals'
  | 'subscriptions'
  | 'overrides'
  | 'score_history';

export type WarehouseRows = Partial<Record<TableName, Row[]>>;

const literal = (v: Row[string]) =>
  v === null
    ? 'NULL'
    : typeof v === 'string'
      ? sqlString(v)
      : typeof v === 'boolean'
        ? String(v).toUpperCase()
        : String(v);

/** Every export table, empty but for the rows given (each row naming the columns it fills; the rest NULL). */
export async function fillTables(db: Database, rows: WarehouseRows): Promise<void> {
  for (const spec of EXPORT_TABLES) {
    await createEmptyTable(db, spec);
    for (const r of rows[spec.name as TableName] ?? []) {
      const cols = Object.keys(r);
      await db.conn.run(
        `INSERT INTO ${sqlIdent(spec.name)} (${cols.map(sqlIdent).join(', ')}) VALUES (${cols.map((c) => literal(r[c]!)).join(', ')})`,
      );
    }
  }
}

export type Value = number | string | null;

/** The query's rows by account_id: numbers as numbers, dates and text as text, NULL as null. */
export async function rowsByAccount(db: Database, sql: string): Promise<Map<string, Record<string, Value>>> {
  const out = new Map<string, Record<string, Value>>();
  for (const r of (await db.conn.runAndReadAll(sql)).getRowObjectsJson()) {
    const rec: Record<string, Value> = {};
    for (const [k, v] of Object.entries(r)) rec[k] = v === null ? null : typeof v === 'number' ? v : String(v);
    out.set(String(r.account_id), rec);
  }
  return out;
}

/** A usage_events row: every measure blank but those given. */
export const usageRow = (account_id: string, date: string, measures: Row = {}): Row => ({
  account_id,
  date,
  ...measures,
});

/** An accounts row signed up well before any as-of date the specs use. */
export const accountRow = (account_id: string, extra: Row = {}): Row => ({
  account_id,
  name: `${account_id} Ltd`,
  segment: 'SMB',
  region: 'EMEA',
  plan: 'Starter',
  signup_date: '2022-01-15',
  arr: 6000,
  seats: 10,
  ...extra,
});

export type Expected = Partial<Record<SignalId | 'arr' | 'age_days', number | null>>;

/** Each value that is not the one worked out by hand, named; signals are rounded through REAL, as the engine's frame stores them. */
export function differences(got: Map<string, Record<string, Value>>, want: Record<string, Expected>): string[] {
  const out: string[] = [];
  for (const [id, signals] of Object.entries(want))
    for (const [s, v] of Object.entries(signals)) {
      const g = got.get(id)?.[s];
      if (g === undefined) out.push(`${id} not scored`);
      else if (v === null ? g !== null : g !== Math.fround(v))
        out.push(`${id}.${s}: ${String(g)}, by hand ${String(v)}`);
    }
  return out;
}
