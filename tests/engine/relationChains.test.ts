/**
 * Rows that reach their account through other files (engine/node/import/resolveRelations.ts,
 * issue 18), on small files written here: a file two relations away is resolved after the file
 * it goes through, whatever the order the files come in; a key tied to two accounts rejects the
 * row that names it, and so every row that reaches the account through that row; a relation
 * that cannot be followed stops the import, saying why.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { issueSummary } from '../../engine/node/import/issues.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { importWritten } from '../support/writtenImport.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

// events → users (by user id) → contacts (by contact id) → the account. Listed farthest first.
const EVENTS: [string, string, FileMapping] = [
  'events.csv',
  'user,ts,event\n' +
    'u1,2025-03-02T10:00:00,Logged In\n' +
    'u3,2025-03-02T11:00:00,Logged In\n' +
    'u4,2025-03-03T09:00:00,Logged In\n' +
    'u2,2025-03-03T10:00:00,Logged In\n',
  {
    entity: 'usage_events',
    columns: { timestamp: 'ts', event: 'event', user_id: 'user' },
    dateFormats: {},
    via: { file: 'users.csv', column: 'user', key: 'user_id' },
  },
];
const FILES: [string, string, FileMapping][] = [
  EVENTS,
  [
    'users.csv',
    'user_id,contact\nu1,c1\nu2,c2\nu3,c3\nu4,c2\n',
    {
      entity: 'links',
      columns: { key: 'user_id' },
      dateFormats: {},
      via: { file: 'contacts.csv', column: 'contact', key: 'contact_id' },
    },
  ],
  // Contact c3 is listed under both accounts.
  [
    'contacts.csv',
    'contact_id,company\nc1,A-1\nc2,A-2\nc3,A-1\nc3,A-2\n',
    { entity: 'links', columns: { key: 'contact_id', account_id: 'company' }, dateFormats: {} },
  ],
  [
    'accounts.csv',
    'account_id,name,signup_date\nA-1,Acme,2024-01-01\nA-2,Globex,2024-01-01\n',
    {
      entity: 'accounts',
      columns: { account_id: 'account_id', name: 'name', signup_date: 'signup_date' },
      dateFormats: {},
    },
  ],
];

async function importAll(files: [string, string, FileMapping][]) {
  db = await openDatabase();
  return importWritten(db, files, 'hsw-relation-chains-');
}

const rows = async (sql: string) => (await db!.conn.runAndReadAll(sql)).getRowsJson();

describe('a file two relations away from the accounts', () => {
  it('reaches them through the file it goes through, resolved first though listed after it', async () => {
    const summary = await importAll(FILES);
    // u1 → c1 → A-1; u2 and u4 → c2 → A-2, two users that day.
    expect(
      await rows(
        `SELECT account_id, strftime(date, '%Y-%m-%d'), active_users::INTEGER, logins::INTEGER FROM usage_events ORDER BY 1, 2`,
      ),
    ).toEqual([
      ['A-1', '2025-03-02', 1, 1],
      ['A-2', '2025-03-03', 2, 2],
    ]);
    const log = await issueSummary(db!, 100, 0);
    expect(log.issues.map((i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason}`)).toEqual([
      `events.csv:3 user "u3" user found in users.csv only on a rejected row: see that file's issues`,
      'users.csv:4 contact "c3" contact tied to several accounts in contacts.csv: fix the duplicates there',
    ]);
    expect(summary.map((s) => [s.label, s.rowsRead, s.rowsLoaded, s.rowsRejected])).toEqual([
      ['events.csv', 4, 3, 1],
      ['users.csv', 4, 3, 1],
      ['contacts.csv', 4, 4, 0],
      ['accounts.csv', 2, 2, 0],
    ]);
    // The working tables of each relation are gone.
    expect(
      await rows(`SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name IN ('rel_rows', 'rel_keys')`),
    ).toEqual([[0]]);
  });
});

describe('a relation that cannot be followed', () => {
  it('stops the import with what is wrong, one problem a line', async () => {
    const broken: FileMapping = { ...EVENTS[2], via: { file: 'users.csv', column: 'uid', key: 'id' } };
    const err = await importAll([[EVENTS[0], EVENTS[1], broken], ...FILES.slice(1)]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    // The import's message is the first line; the two problems were one a line.
    expect((err as Error).message).toBe('events.csv: column "uid" (its relation) is not in the file');
  });
});
