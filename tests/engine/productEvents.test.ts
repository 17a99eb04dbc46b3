/**
 * One row per product event (engine/node/import/productEvents.ts, issue 18): an event export that
 * keeps extra columns keeps every kept event with its values, typed; a rejected row is not there;
 * a column the file does not map is missing, not guessed; and a second event file's events come
 * after the first's, in its own order (`seq`, the tie-break for a day's last value).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { ensureProductEventsTable, PRODUCT_EVENTS_TABLE } from '../../engine/node/import/productEvents.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { importWritten } from '../support/writtenImport.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const TIER = { column: 'tier', name: 'plan_tier', kind: 'category' } as const;
const FILES: [string, string, FileMapping][] = [
  [
    'accounts.csv',
    'account_id,signup_date\nA-1,2024-01-01\nA-2,2024-01-01\n',
    { entity: 'accounts', columns: { account_id: 'account_id', signup_date: 'signup_date' }, dateFormats: {} },
  ],
  [
    'events.csv',
    'account_id,ts,event,user,tier,ms\n' +
      'A-1,2025-03-02T10:00:00,Logged In,u1,Pro,800\n' +
      'A-1,2025-03-02T11:00:00,Report Viewed,u2,Pro,n/a\n' +
      'A-9,2025-03-02T12:00:00,Logged In,u9,Pro,5\n' +
      'A-2,2025-03-03T09:00:00,Logged In,u3,Basic,120\n',
    {
      entity: 'usage_events',
      columns: { account_id: 'account_id', timestamp: 'ts', event: 'event', user_id: 'user' },
      dateFormats: {},
      extras: [TIER, { column: 'ms', name: 'duration_ms', kind: 'number' }],
    },
  ],
  // A second export of the same events, without event names or users.
  [
    'more-events.csv',
    'account_id,ts,tier\nA-2,2025-03-03T18:00:00,Enterprise\nA-1,2025-03-04T09:00:00,Pro\n',
    {
      entity: 'usage_events',
      columns: { account_id: 'account_id', timestamp: 'ts' },
      dateFormats: {},
      extras: [TIER],
    },
  ],
];

async function importAll() {
  db = await openDatabase();
  return importWritten(db, FILES, 'hsw-product-events-');
}

const rows = async (sql: string) => (await db!.conn.runAndReadAll(sql)).getRowsJson();

describe('product events from event exports with extra columns', () => {
  it('keep each kept event with its typed values, the unmapped columns missing, the second file after the first', async () => {
    await importAll();
    expect(
      await rows(`SELECT account_id, strftime(date, '%Y-%m-%d'), user_id, event, x_plan_tier, x_duration_ms
        FROM ${PRODUCT_EVENTS_TABLE} ORDER BY seq`),
    ).toEqual([
      ['A-1', '2025-03-02', 'u1', 'Logged In', 'Pro', 800],
      // "n/a" is no number: the event stays, its duration missing.
      ['A-1', '2025-03-02', 'u2', 'Report Viewed', 'Pro', null],
      // A-9's event (line 4) was rejected: no such account.
      ['A-2', '2025-03-03', 'u3', 'Logged In', 'Basic', 120],
      ['A-2', '2025-03-03', null, null, 'Enterprise', null],
      ['A-1', '2025-03-04', null, null, 'Pro', null],
    ]);
    // Every event its own place: A-2's two on 2025-03-03, one from each file, never tie.
    expect(await rows(`SELECT count(DISTINCT seq)::INTEGER, count(*)::INTEGER FROM ${PRODUCT_EVENTS_TABLE}`)).toEqual([
      [5, 5],
    ]);
    expect(
      await rows(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${PRODUCT_EVENTS_TABLE}' ORDER BY ordinal_position`,
      ),
    ).toEqual([
      ['account_id', 'VARCHAR'],
      ['date', 'DATE'],
      ['seq', 'BIGINT'],
      ['user_id', 'VARCHAR'],
      ['event', 'VARCHAR'],
      ['x_plan_tier', 'VARCHAR'],
      ['x_duration_ms', 'DOUBLE'],
    ]);
  });

  it('are none when no event file keeps extra columns, and a workspace saved before the table opens with it empty', async () => {
    db = await openDatabase();
    await ensureProductEventsTable(db);
    await ensureProductEventsTable(db);
    expect(await rows(`SELECT count(*)::INTEGER FROM ${PRODUCT_EVENTS_TABLE}`)).toEqual([[0]]);
    // Opening a workspace that has the table keeps its rows.
    await db.conn.run(`INSERT INTO ${PRODUCT_EVENTS_TABLE} VALUES ('A-1', DATE '2025-03-02', 1, NULL, NULL)`);
    await ensureProductEventsTable(db);
    expect(await rows(`SELECT count(*)::INTEGER FROM ${PRODUCT_EVENTS_TABLE}`)).toEqual([[1]]);
  });
});
