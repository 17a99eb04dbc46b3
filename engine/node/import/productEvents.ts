/**
 * One row per product event, kept when an event export's mapping keeps extra columns. usage_events
 * holds the same events rolled up per account and day (what the built-ins read), where a custom
 * signal would count days and average daily totals; here it counts events, and a mean, a minimum,
 * a maximum or a last value is per event. `seq` is the file's order, so the last of a day's events
 * is the last the file lists (exports list a day's events by time).
 */
import { EXTRA_SQL_TYPE, extraColumnName } from '../../core/import/extraColumns.js';
import type { Database } from '../data/duckdb.js';
import { ensureExtraColumns } from '../data/extraColumns.js';
import type { Typed } from './typeFile.js';

export const PRODUCT_EVENTS_TABLE = 'product_events';

const COLUMNS = 'account_id VARCHAR, date DATE, seq BIGINT, user_id VARCHAR, event VARCHAR';

/** Empty at the start of every import: only an event export that keeps extra columns fills it. */
export async function createProductEventsTable(db: Database): Promise<void> {
  await db.conn.run(`CREATE OR REPLACE TABLE ${PRODUCT_EVENTS_TABLE} (${COLUMNS})`);
}

/** A workspace saved before the table existed opens with it empty. */
export async function ensureProductEventsTable(db: Database): Promise<void> {
  await db.conn.run(`CREATE TABLE IF NOT EXISTS ${PRODUCT_EVENTS_TABLE} (${COLUMNS})`);
}

/** The event file's kept rows (`keep`: FROM … WHERE the row was not rejected), each with its extra columns. */
export async function insertProductEvents(db: Database, t: Typed, keep: string): Promise<void> {
  const extras = t.input.mapping.extras ?? [];
  await ensureExtraColumns(db, PRODUCT_EVENTS_TABLE, t.input.label, extras);
  const has = (role: string) => t.fields.some((f) => f.role === role);
  const names = extras.map((e) => `, "${extraColumnName(e.name)}"`).join('');
  const values = extras.map((e) => `, CAST("${extraColumnName(e.name)}" AS ${EXTRA_SQL_TYPE[e.kind]})`).join('');
  // After the rows of an earlier event file, in this file's order: ord counts from 0, so the first
  // event follows the earlier file's last (max + 1), never ties with it.
  await db.conn.run(`INSERT INTO ${PRODUCT_EVENTS_TABLE} (account_id, date, seq, user_id, event${names})
    SELECT account_id, "timestamp", (SELECT coalesce(max(seq) + 1, 0) FROM ${PRODUCT_EVENTS_TABLE}) + ord,
      ${has('user_id') ? 'user_id' : 'NULL'}, ${has('event') ? 'event' : 'NULL'}${values}
    ${keep}`);
}
