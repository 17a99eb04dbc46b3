/**
 * A typed file's kept rows into its canonical table (insertRows), called directly after
 * typeFile on small CSVs: event rows summed per day (logins, API calls, trainings,
 * community posts and key actions told by their names), a churn file's not-churned rows
 * left out, rows typed in the canonical layout becoming the table (rejected rows gone,
 * the date range the summary reports), and a second file copied in. Every figure is
 * counted by hand from the rows below.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { createEmptyTable, EXPORT_TABLES } from '../../engine/node/data/exportTables.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import type { EntityId } from '../../engine/core/import/entities.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { insertRows } from '../../engine/node/import/insertRows.js';
import { createIssuesTable } from '../../engine/node/import/issues.js';
import { createProductEventsTable } from '../../engine/node/import/productEvents.js';
import { typeFile, type Typed } from '../../engine/node/import/typeFile.js';

let dir: string;
const open: Database[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-insert-rows-'));
});
afterAll(() => open.forEach((d) => d.close()));

/** A database with the empty canonical tables, as importFiles starts. */
async function freshDb(): Promise<Database> {
  const db = await openDatabase();
  open.push(db);
  await createIssuesTable(db);
  for (const spec of EXPORT_TABLES) await createEmptyTable(db, spec);
  await createProductEventsTable(db);
  return db;
}

let next = 0;
/** Type the file (`lines`, header first) as importFiles would, then insert its rows. */
async function load(
  db: Database,
  lines: string[],
  mapping: Omit<FileMapping, 'dateFormats'>,
  keepText = false,
): Promise<Typed> {
  const path = join(dir, `${next}-${mapping.entity}.csv`);
  writeFileSync(path, lines.join('\n') + '\n');
  const input: ImportInput = {
    path,
    label: `${mapping.entity}.csv`,
    read: { format: 'csv', delimiter: ',', header: true },
    columns: lines[0]!.split(','),
    mapping: { dateFormats: {}, ...mapping },
  };
  const t = await typeFile(db, next++, input, (p) => p, keepText);
  await insertRows(db, t);
  return t;
}

const rows = async (db: Database, sql: string) => (await db.conn.runAndReadAll(sql)).getRowsJson();

const USAGE_COLUMNS = `account_id, strftime(date, '%Y-%m-%d'), active_users, logins, features_used, key_actions, session_minutes, api_calls, trainings_completed, community_actions`;

describe('event rows', () => {
  it('become one row per account and day, each event counted by what its name says', async () => {
    const db = await freshDb();
    await load(
      db,
      [
        'account,time,user,event',
        'A-1,2024-03-01 09:00:00,u1,Login',
        'A-1,2024-03-01 10:00:00,u2,User logged in',
        'A-1,2024-03-01 11:00:00,u1,api_request',
        'A-1,2024-03-01 12:00:00,u1,Report Exported',
        'A-1,2024-03-01 13:00:00,u2,Course Completed',
        'A-1,2024-03-01 14:00:00,u2,Community Post',
        'A-1,2024-03-02 09:00:00,u3,Sign in',
        'A-2,2024-03-01 09:00:00,u9,Rapid export',
        'A-2,,u9,Login',
      ],
      {
        entity: 'usage_events',
        columns: { account_id: 'account', timestamp: 'time', user_id: 'user', event: 'event' },
        keyEvents: ['Report Exported'],
      },
    );
    // "Rapid export" is no API call ("api" inside a word); the undated login is rejected, not counted.
    expect(await rows(db, `SELECT ${USAGE_COLUMNS} FROM usage_events ORDER BY 1, 2`)).toEqual([
      ['A-1', '2024-03-01', 2, 2, 6, 1, null, 1, 1, 1],
      ['A-1', '2024-03-02', 1, 1, 1, 0, null, 0, 0, 0],
      ['A-2', '2024-03-01', 1, 0, 1, 0, null, 0, 0, 0],
    ]);
  });

  it('leave a signal unavailable, not zero, where no event looks like one or no column gives it', async () => {
    const db = await freshDb();
    await load(db, ['account,time,event', 'A-1,2024-03-01,Page view', 'A-1,2024-03-01,Page view'], {
      entity: 'usage_events',
      columns: { account_id: 'account', timestamp: 'time', event: 'event' },
    });
    expect(await rows(db, `SELECT ${USAGE_COLUMNS} FROM usage_events`)).toEqual([
      ['A-1', '2024-03-01', null, null, 1, null, null, null, null, null],
    ]);
    // Without an event column nothing is counted by name, not even with key events named.
    const other = await freshDb();
    await load(other, ['account,time,user', 'A-1,2024-03-01,u1', 'A-1,2024-03-01,u2'], {
      entity: 'usage_events',
      columns: { account_id: 'account', timestamp: 'time', user_id: 'user' },
      keyEvents: ['Login'],
    });
    expect(await rows(other, `SELECT ${USAGE_COLUMNS} FROM usage_events`)).toEqual([
      ['A-1', '2024-03-01', 2, null, null, null, null, null, null, null],
    ]);
  });

  it('count each kind of login, training and community event, and nothing like them', async () => {
    const db = await freshDb();
    const events = [
      'log in',
      'signed in',
      'session start',
      'Lesson finished',
      'certification_earned',
      'academy passed',
      'Forum reply',
      'community: comment',
      'forum question',
      'API call',
      'blogin',
      'training started',
      'community visit',
    ];
    await load(db, ['account,time,event', ...events.map((e) => `A-1,2024-03-01,${e}`)], {
      entity: 'usage_events',
      columns: { account_id: 'account', timestamp: 'time', event: 'event' },
    });
    // logins: the first three ("blogin" has a letter before it); trainings: the next three; community: three; API: one.
    expect(
      await rows(
        db,
        `SELECT logins, trainings_completed, community_actions, api_calls, features_used FROM usage_events`,
      ),
    ).toEqual([[3, 3, 3, 1, 13]]);
  });
});

describe('event rows with extra columns', () => {
  it('are kept per event as well, each with its extra values, and still summed per day', async () => {
    const db = await freshDb();
    await load(
      db,
      ['account,time,event,plan', 'A-1,2024-03-01,Login,Pro', 'A-1,2024-03-01,Export,Basic', ',2024-03-01,Login,Pro'],
      {
        entity: 'usage_events',
        columns: { account_id: 'account', timestamp: 'time', event: 'event' },
        extras: [{ column: 'plan', name: 'plan', kind: 'category' }],
      },
    );
    expect(
      await rows(
        db,
        `SELECT account_id, strftime(date, '%Y-%m-%d'), seq::INTEGER, event, x_plan FROM product_events ORDER BY seq`,
      ),
    ).toEqual([
      // seq: the file's row ordinal (from 0) after the table's last, none yet.
      ['A-1', '2024-03-01', 0, 'Login', 'Pro'],
      ['A-1', '2024-03-01', 1, 'Export', 'Basic'],
    ]);
    expect(await rows(db, `SELECT account_id, logins, features_used FROM usage_events`)).toEqual([['A-1', 1, 2]]);
  });

  it('without extras leave the per-event table empty', async () => {
    const db = await freshDb();
    await load(db, ['account,time,event', 'A-1,2024-03-01,Login'], {
      entity: 'usage_events',
      columns: { account_id: 'account', timestamp: 'time', event: 'event' },
    });
    expect(await rows(db, `SELECT count(*)::INTEGER FROM product_events`)).toEqual([[0]]);
  });
});

describe('a churn file', () => {
  it('loads as churn events only the rows its flag says churned', async () => {
    const db = await freshDb();
    await load(
      db,
      ['account,date,status', 'A-1,2024-03-01,churned', 'A-2,2024-04-01,active', 'A-3,2024-05-01,cancelled'],
      { entity: 'churn', columns: { account_id: 'account', churn_date: 'date', churned: 'status' } },
    );
    expect(await rows(db, `SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn ORDER BY 1`)).toEqual([
      ['A-1', '2024-03-01'],
      ['A-3', '2024-05-01'],
    ]);
  });
});

describe('rows typed in the canonical layout', () => {
  // Per entity, its columns and a row; the rows' dates below, the first one's row rejected (blank account).
  const files: [EntityId, Record<string, string>, string][] = [
    ['accounts', { account_id: 'id', signup_date: 'day' }, ''],
    ['usage_daily', { account_id: 'id', date: 'day', logins: 'n' }, '3'],
    ['tickets', { account_id: 'id', opened_at: 'day' }, ''],
    ['invoices', { account_id: 'id', issued_date: 'day' }, ''],
    ['nps', { account_id: 'id', responded_at: 'day', score: 'n' }, '9'],
    ['churn', { account_id: 'id', churn_date: 'day' }, ''],
    ['renewals', { account_id: 'id', renewal_date: 'day', renewed: 'n' }, 'yes'],
    ['overrides', { account_id: 'id', created_at: 'day', reason: 'n' }, 'CSM call'],
    ['subscriptions', { account_id: 'id', start_date: 'day' }, ''],
    ['score_history', { account_id: 'id', score_date: 'day', score: 'n' }, '70'],
  ];
  for (const [entity, columns, n] of files)
    it(`become the ${entity} table, rejected rows gone, and give the dates it spans`, async () => {
      const db = await freshDb();
      const lines = [
        'id,day,n',
        `,2023-01-01,${n}`,
        `A-1,2024-03-05,${n}`,
        `A-2,2024-01-02,${n}`,
        `A-3,2024-02-03,${n}`,
      ];
      const t = await load(db, lines, { entity, columns });
      const spec = EXPORT_TABLES.find((s) => s.name === t.rows!.spec.name)!;
      expect(t.moved).toEqual({ firstDate: '2024-01-02', lastDate: '2024-03-05' });
      expect(await rows(db, `SELECT account_id FROM ${spec.name} ORDER BY 1`)).toEqual([['A-1'], ['A-2'], ['A-3']]);
      const names = await rows(
        db,
        `SELECT column_name FROM information_schema.columns WHERE table_name = '${spec.name}' ORDER BY ordinal_position`,
      );
      expect(names.flat()).toEqual(Object.keys(spec.columns));
      // The view and the working table are gone: the rows were renamed, not copied.
      expect(await rows(db, `SELECT count(*)::INTEGER FROM duckdb_views() WHERE view_name = '${t.table}'`)).toEqual([
        [0],
      ]);
      expect(
        await rows(db, `SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = '${t.rows!.table}'`),
      ).toEqual([[0]]);
    });

  it('span no dates when the file has no date column', async () => {
    const db = await freshDb();
    const t = await load(db, ['id,name', 'A-1,Acme'], {
      entity: 'accounts',
      columns: { account_id: 'id', name: 'name' },
    });
    expect(t.moved).toEqual({ firstDate: null, lastDate: null });
    expect(await rows(db, `SELECT account_id, name FROM accounts`)).toEqual([['A-1', 'Acme']]);
  });

  it('drop the working columns of roles the table has none for', async () => {
    const db = await freshDb();
    await load(db, ['id,mrr', 'A-1,100'], { entity: 'accounts', columns: { account_id: 'id', mrr: 'mrr' } });
    const names = await rows(db, `SELECT column_name FROM information_schema.columns WHERE table_name = 'accounts'`);
    expect(names.flat()).not.toContain('mrr');
    expect(names.flat()).not.toContain('flagged');
  });
});

describe('an accounts file with a churn flag', () => {
  it('loads every account, churned or not (the flag only filters churn events)', async () => {
    const db = await freshDb();
    await load(db, ['id,status,churned on', 'A-1,churned,2024-03-01', 'A-2,active,'], {
      entity: 'accounts',
      columns: { account_id: 'id', churned: 'status', churn_date: 'churned on' },
    });
    expect(await rows(db, `SELECT account_id FROM accounts ORDER BY 1`)).toEqual([['A-1'], ['A-2']]);
  });
});

describe('rows copied in', () => {
  it('into a table an earlier file gave extra columns, even while it is empty', async () => {
    const db = await freshDb();
    // The first file's only row is rejected (blank id): the table is empty but has x_tier.
    await load(db, ['id,tier', ',Gold'], {
      entity: 'accounts',
      columns: { account_id: 'id' },
      extras: [{ column: 'tier', name: 'tier', kind: 'category' }],
    });
    const t = await load(db, ['id,name', 'A-1,Acme'], {
      entity: 'accounts',
      columns: { account_id: 'id', name: 'name' },
    });
    expect(t.moved).toBeUndefined();
    expect(await rows(db, `SELECT account_id, name, x_tier FROM accounts`)).toEqual([['A-1', 'Acme', null]]);
  });

  it('add a second file of the entity to the first, casting each value and leaving unmapped columns missing', async () => {
    const db = await freshDb();
    const first = await load(db, ['id,seats', 'A-1,3'], {
      entity: 'accounts',
      columns: { account_id: 'id', seats: 'seats' },
    });
    expect(first.moved).toBeDefined();
    const second = await load(db, ['id,seats,arr', 'A-2,4,', ',5,1', 'A-3,6,12.5'], {
      entity: 'accounts',
      columns: { account_id: 'id', seats: 'seats', arr: 'arr' },
    });
    expect(second.moved).toBeUndefined();
    expect(await rows(db, `SELECT account_id, seats, arr, name, typeof(seats) FROM accounts ORDER BY 1`)).toEqual([
      ['A-1', 3, null, null, 'INTEGER'],
      ['A-2', 4, null, null, 'INTEGER'],
      ['A-3', 6, 12.5, null, 'INTEGER'],
    ]);
  });

  it('copy a staged file, rejected rows left out', async () => {
    const db = await freshDb();
    const t = await load(
      db,
      ['id,opened', 'A-1,2024-03-01 10:00:00', ',2024-03-02 10:00:00', 'A-2,2024-03-03 11:30:00'],
      { entity: 'tickets', columns: { account_id: 'id', opened_at: 'opened' } },
      true,
    );
    expect(t.moved).toBeUndefined();
    expect(await rows(db, `SELECT account_id, strftime(opened_at, '%Y-%m-%d %H:%M') FROM tickets ORDER BY 1`)).toEqual([
      ['A-1', '2024-03-01 10:00'],
      ['A-2', '2024-03-03 11:30'],
    ]);
  });

  it('keep extra columns beside the canonical ones', async () => {
    const db = await freshDb();
    await load(db, ['id,tier', 'A-1,Gold', 'A-2,'], {
      entity: 'accounts',
      columns: { account_id: 'id' },
      extras: [{ column: 'tier', name: 'tier', kind: 'category' }],
    });
    expect(await rows(db, `SELECT account_id, x_tier FROM accounts ORDER BY 1`)).toEqual([
      ['A-1', 'Gold'],
      ['A-2', null],
    ]);
  });

  it('load nothing of a lookup file, which fills no table', async () => {
    const db = await freshDb();
    const t = await load(db, ['email,account', 'a@x.com,A-1'], {
      entity: 'links',
      columns: { key: 'email', account_id: 'account' },
    });
    expect(t.moved).toBeUndefined();
    const counts = EXPORT_TABLES.map((s) => `(SELECT count(*) FROM ${s.name})`).join(' + ');
    expect(await rows(db, `SELECT (${counts})::INTEGER`)).toEqual([[0]]);
  });
});

describe("the date span an imported file's summary reports", () => {
  it('is the event times of an event export, which is copied rather than renamed', async () => {
    const db = await openDatabase();
    open.push(db);
    const file = (name: string, lines: string[], mapping: Omit<FileMapping, 'dateFormats'>): ImportInput => {
      const path = join(dir, `${next++}-${name}`);
      writeFileSync(path, lines.join('\n') + '\n');
      const read = { format: 'csv' as const, delimiter: ',' as const, header: true };
      return { path, label: name, read, columns: lines[0]!.split(','), mapping: { dateFormats: {}, ...mapping } };
    };
    const summary = await importFiles(
      db,
      [
        file('accounts.csv', ['id', 'A-1'], { entity: 'accounts', columns: { account_id: 'id' } }),
        file('events.csv', ['account,time,event', 'A-1,2024-03-05,Login', 'A-1,2024-01-02,Login'], {
          entity: 'usage_events',
          columns: { account_id: 'account', timestamp: 'time', event: 'event' },
        }),
      ],
      () => undefined,
      () => false,
    );
    expect(summary.find((f) => f.label === 'events.csv')).toMatchObject({
      firstDate: '2024-01-02',
      lastDate: '2024-03-05',
    });
  });
});
