/**
 * What the specs of the built-in definitions (tests/engine/builtin*.test.ts) share: one DuckDB per file
 * to run the rendered expressions on, the first column of a query as numbers, and a family's definition
 * of a signal by its id.
 */
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import type { SignalId } from '../../engine/core/signals/catalog.js';

/** A database opened before the file's tests and closed after them; call the result inside a test. */
export function specDatabase(): () => Database {
  let db: Database | null = null;
  beforeAll(async () => {
    db = await openDatabase();
  });
  afterAll(() => db?.close());
  return () => {
    if (!db) throw new Error('the spec database is opened in beforeAll');
    return db;
  };
}

/** The query's first column, NULL kept as null. */
export async function firstColumn(db: Database, sql: string): Promise<(number | null)[]> {
  const r = await db.conn.runAndReadAll(sql);
  return (r.getColumnsJS()[0] ?? []).map((v) => (v === null ? null : Number(v)));
}

/** The family's definition of `id`; a missing one fails the test that asks, naming it. */
export function definitionOf<T extends { id: SignalId }>(family: readonly T[], id: SignalId): T {
  const s = family.find((d) => d.id === id);
  if (!s) throw new Error(`no definition for ${id}`);
  return s;
}
