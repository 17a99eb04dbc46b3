/**
 * The import's orchestration (importFiles.ts) as a specification: small files written here, mapped by hand,
 * and every issue line, count and date worked out from their text. Line numbers are physical lines (the
 * header is line 1).
 */
import { Buffer } from 'node:buffer';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileMapping } from '../../engine/core/api/importSchema.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { ImportCancelled, importFiles, type ImportedFile } from '../../engine/node/import/importFiles.js';
import { ISSUES_TABLE, ImportFailed } from '../../engine/node/import/issues.js';
import { writtenInputs, type WrittenFile } from '../support/writtenImport.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const map = (entity: FileMapping['entity'], columns: Record<string, string>, more: Partial<FileMapping> = {}) =>
  ({ entity, columns, dateFormats: {}, ...more }) as FileMapping;

const ACCOUNTS_MAP = map('accounts', { account_id: 'id', name: 'name', signup_date: 'since' });
/** Three accounts that started on 2024-01-15, 2024-02-01 and 2024-03-01. */
const ACCOUNTS: WrittenFile = [
  'accounts.csv',
  'id,name,since\nA-1,Acme,2024-01-15\nA-2,Beta,2024-02-01\nA-3,Gamma,2024-03-01\n',
  ACCOUNTS_MAP,
];

async function run(files: readonly WrittenFile[]) {
  db = await openDatabase();
  const summary = await importFiles(
    db,
    await writtenInputs(db, files, 'hsw-spec-'),
    () => undefined,
    () => false,
  );
  return { summary, issues: await issueLines(db), db };
}

/** Every issue as `file:line column value: reason → action`, in file and line order. */
async function issueLines(d: Database): Promise<string[]> {
  const rows = (
    await d.conn.runAndReadAll(
      `SELECT file, line, column_name, value, reason, action FROM ${ISSUES_TABLE} ORDER BY file, line, column_name, reason`,
    )
  ).getRowsJson();
  return rows.map(
    ([f, l, c, v, r, a]) => `${String(f)}:${Number(l)} ${String(c)} ${String(v)}: ${String(r)} → ${String(a)}`,
  );
}

async function rows(d: Database, sql: string): Promise<unknown[][]> {
  return (await d.conn.runAndReadAll(sql)).getRowsJson();
}

/** Working tables and views of the import's files still in the database. */
async function workingTables(d: Database): Promise<unknown[][]> {
  return rows(
    d,
    `SELECT name FROM (SELECT table_name AS name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal)
     WHERE regexp_matches(name, '^((stg|rows|typed|flagged|dup)_|repeated_|first_activity$|line_segments$)') ORDER BY 1`,
  );
}

const adds = (f: ImportedFile) => f.rowsRead === f.rowsLoaded + f.rowsRejected;

async function failure(files: readonly WrittenFile[]): Promise<ImportFailed> {
  db = await openDatabase();
  const inputs = await writtenInputs(db, files, 'hsw-spec-');
  const err: unknown = await importFiles(
    db,
    inputs,
    () => undefined,
    () => false,
  ).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImportFailed);
  return err as ImportFailed;
}

describe('the order files are read in, and progress', () => {
  it('reads the accounts first whatever their place, and reports the files in the order given', async () => {
    db = await openDatabase();
    const usage: WrittenFile = [
      'usage.csv',
      'account,day,logins\nA-1,2024-06-01,3\nA-9,2024-06-02,1\n',
      map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
    ];
    const inputs = await writtenInputs(db, [usage, ACCOUNTS], 'hsw-spec-');
    const steps: [string, number][] = [];
    const summary = await importFiles(
      db,
      inputs,
      (step, fraction, detail) => {
        if (detail === undefined) steps.push([step, fraction]);
      },
      () => false,
    );
    // Two files: five steps (each file, the accounts' checks, the others', locating issues).
    expect(steps).toEqual([
      ['Reading accounts.csv', 0],
      ['Reading usage.csv', 0.2],
      ['Checking accounts', 0.4],
      ['Checking the other exports', 0.6],
      ['Locating issues', 0.8],
      ['Imported', 1],
    ]);
    expect(summary.map((f) => [f.label, f.entity])).toEqual([
      ['usage.csv', 'usage_daily'],
      ['accounts.csv', 'accounts'],
    ]);
    // A-1 is known although its file came second; A-9 is not.
    expect(await issueLines(db)).toEqual([
      'usage.csv:3 account A-9: account id not in the accounts export → row rejected',
    ]);
    expect(summary[0]).toMatchObject({
      rowsRead: 2,
      rowsLoaded: 1,
      rowsRejected: 1,
      valuesChanged: 0,
      firstDate: '2024-06-01',
      lastDate: '2024-06-01',
    });
  });
});

/**
 * The database with its file reads slowed to 400 ms and DuckDB's progress fixed at `percentage`: the
 * import's poll (every 150 ms during a read) then reports it. A read rejects as DuckDB's does once interrupted.
 */
function slowReads(d: Database, percentage: number) {
  const interrupts: number[] = [];
  const conn = new Proxy(d.conn, {
    get(target, prop) {
      if (prop === 'progress') return { percentage, rows_processed: 7n, total_rows_to_process: 10n };
      if (prop === 'interrupt') return () => interrupts.push(Date.now());
      if (prop === 'run')
        return async (sql: string) => {
          if (!sql.includes('read_csv(')) return target.run(sql);
          await sleep(400);
          if (interrupts.length > 0) throw new Error('INTERRUPT Error: Interrupted!');
          return target.run(sql);
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { db: { ...d, conn }, interrupts };
}

describe('progress while a file is read', () => {
  const text = ACCOUNTS[1];
  const size = Buffer.byteLength(text);

  async function readProgress(percentage: number) {
    db = await openDatabase();
    const inputs = await writtenInputs(db, [ACCOUNTS], 'hsw-spec-');
    const slow = slowReads(db, percentage);
    const details: [string, number, unknown][] = [];
    await importFiles(
      slow.db,
      inputs,
      (step, fraction, detail) => {
        if (detail !== undefined) details.push([step, fraction, detail]);
      },
      () => false,
    );
    return details;
  }

  it("reports DuckDB's share of the read as rows, bytes and the file's fraction of the steps", async () => {
    const details = await readProgress(40);
    expect(details.length).toBeGreaterThan(0);
    // One file: four steps, the read is the first; 40 % of it is 0.4 / 4 = 0.1, and 40 % of its bytes.
    for (const d of details) {
      expect(d).toEqual(['Reading accounts.csv', 0.1, { rows: 7, bytes: Math.round(0.4 * size), bytesTotal: size }]);
    }
  });

  it('caps a share over 100 % at the whole file, and says nothing while DuckDB knows no progress', async () => {
    const over = await readProgress(250);
    expect(over.length).toBeGreaterThan(0);
    for (const d of over) expect(d).toEqual(['Reading accounts.csv', 0.25, { rows: 7, bytes: size, bytesTotal: size }]);
    db?.close();
    expect(await readProgress(-1)).toEqual([]);
    db?.close();
    // 0 % is known progress (none yet), unlike -1.
    const none = await readProgress(0);
    expect(none.length).toBeGreaterThan(0);
    for (const d of none) expect(d).toEqual(['Reading accounts.csv', 0, { rows: 7, bytes: 0, bytesTotal: size }]);
  });

  it('stops polling once the read is over', async () => {
    const details = await readProgress(40);
    const n = details.length;
    await sleep(400);
    expect(details.length).toBe(n);
  });

  it("turns DuckDB's progress tracking on and its printing off", async () => {
    const { db } = await run([ACCOUNTS]);
    expect(
      await rows(db, "SELECT current_setting('enable_progress_bar'), current_setting('enable_progress_bar_print')"),
    ).toEqual([[true, false]]);
  });

  it('interrupts DuckDB when cancelled during a read and stops with ImportCancelled', async () => {
    db = await openDatabase();
    const inputs = await writtenInputs(db, [ACCOUNTS], 'hsw-spec-');
    const slow = slowReads(db, 0);
    let reading = false;
    const err: unknown = await importFiles(
      slow.db,
      inputs,
      (step) => {
        if (step === 'Reading accounts.csv') reading = true;
      },
      // Not at the check before the read: only once the read has begun.
      () => reading,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportCancelled);
    expect(slow.interrupts.length).toBeGreaterThan(0);
  });
});

describe('the read order with several files of each kind', () => {
  it('reads every accounts file first, each kind in the order given', async () => {
    db = await openDatabase();
    const daily = map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' });
    const inputs = await writtenInputs(
      db,
      [
        ['u1.csv', 'account,day,logins\nA-1,2024-06-01,1\n', daily],
        ACCOUNTS,
        ['u2.csv', 'account,day,logins\nA-4,2024-06-01,1\n', daily],
        ['more.csv', 'id,name,since\nA-4,Delta,2024-04-01\n', ACCOUNTS_MAP],
      ],
      'hsw-spec-',
    );
    const reads: string[] = [];
    await importFiles(
      db,
      inputs,
      (step, _f, detail) => {
        if (detail === undefined && step.startsWith('Reading')) reads.push(step);
      },
      () => false,
    );
    expect(reads).toEqual(['Reading accounts.csv', 'Reading more.csv', 'Reading u1.csv', 'Reading u2.csv']);
  });
});

describe('report footers', () => {
  it('rejects each footer spelling and keeps ids that only contain one', async () => {
    const text =
      'id,name,since\n' +
      'A-1,Acme,2024-01-15\n' +
      'Totally,Totally Ltd,2024-01-15\n' + // an account whose id starts with "Total"
      'Total,,\n' +
      'Grand total,,\n' +
      'Subtotals:,,\n' +
      'SUM,,\n' +
      'Summe,,\n' +
      'Gesamt,,\n' +
      'total general,,\n' +
      'Sum total,,\n' + // not a footer word on its own
      'Total,,\n'; // a second footer is a footer, not a duplicate account id
    const { summary, issues, db } = await run([['accounts.csv', text, ACCOUNTS_MAP]]);
    const footer = 'a report footer ("Total" row), not an account → row rejected';
    expect(issues).toEqual([
      `accounts.csv:4 id Total: ${footer}`,
      `accounts.csv:5 id Grand total: ${footer}`,
      `accounts.csv:6 id Subtotals:: ${footer}`,
      `accounts.csv:7 id SUM: ${footer}`,
      `accounts.csv:8 id Summe: ${footer}`,
      `accounts.csv:9 id Gesamt: ${footer}`,
      `accounts.csv:10 id total general: ${footer}`,
      'accounts.csv:11 since : no start date and no activity: the account cannot be scored → value set to missing',
      `accounts.csv:12 id Total: ${footer}`,
    ]);
    expect(summary[0]).toMatchObject({ rowsRead: 11, rowsLoaded: 3, rowsRejected: 8, valuesChanged: 1 });
    expect((await rows(db, 'SELECT account_id FROM accounts ORDER BY 1')).flat()).toEqual([
      'A-1',
      'Sum total',
      'Totally',
    ]);
  });

  it('rejects a footer in a file that maps nothing but the id', async () => {
    const { issues } = await run([['accounts.csv', 'id\nA-1\nTotal\n', map('accounts', { account_id: 'id' })]]);
    expect(issues.filter((i) => i.includes('footer'))).toEqual([
      'accounts.csv:3 id Total: a report footer ("Total" row), not an account → row rejected',
    ]);
  });
});

describe('ARR from MRR', () => {
  it('computes ARR as MRR × 12 when only MRR is mapped, quoting each MRR as written', async () => {
    const text = 'id,since,mrr\nA-1,2024-01-15,100.5\nA-2,2024-02-01,\nA-3,2024-03-01, 20\nTotal,,999\n';
    const { summary, issues, db } = await run([
      ['accounts.csv', text, map('accounts', { account_id: 'id', signup_date: 'since', mrr: 'mrr' })],
    ]);
    // A-2 has no MRR (nothing computed, nothing said); the footer row is rejected, not computed.
    expect(issues).toEqual([
      'accounts.csv:2 mrr 100.5: no ARR column: ARR = MRR × 12 → value coerced',
      'accounts.csv:4 mrr  20: no ARR column: ARR = MRR × 12 → value coerced',
      'accounts.csv:5 id Total: a report footer ("Total" row), not an account → row rejected',
    ]);
    expect(summary[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 3, rowsRejected: 1, valuesChanged: 2 });
    expect(await rows(db, 'SELECT account_id, arr FROM accounts ORDER BY 1')).toEqual([
      ['A-1', 1206],
      ['A-2', null],
      ['A-3', 240],
    ]);
  });

  it('keeps a mapped ARR as it is beside MRR', async () => {
    const text = 'id,since,mrr,arr\nA-1,2024-01-15,100,5000\n';
    const { issues, db } = await run([
      ['accounts.csv', text, map('accounts', { account_id: 'id', signup_date: 'since', mrr: 'mrr', arr: 'arr' })],
    ]);
    expect(issues).toEqual([]);
    expect(await rows(db, 'SELECT arr FROM accounts')).toEqual([[5000]]);
  });
});

describe('duplicate ids', () => {
  it('keeps the first account id across the accounts files, rejecting later copies at their lines', async () => {
    const second: WrittenFile = [
      'more.csv',
      'id,name,since\nA-4,Delta,2024-04-01\nA-1,Acme again,2024-05-01\n',
      ACCOUNTS_MAP,
    ];
    const first: WrittenFile = [
      'accounts.csv',
      'id,name,since\nA-1,Acme,2024-01-15\nA-2,Beta,2024-02-01\nA-2,Beta again,2024-02-02\n',
      ACCOUNTS_MAP,
    ];
    const { summary, issues, db } = await run([first, second]);
    const dup = 'duplicate account id (the first occurrence is kept) → row rejected';
    expect(issues).toEqual([`accounts.csv:4 id A-2: ${dup}`, `more.csv:3 id A-1: ${dup}`]);
    expect(summary.map((f) => [f.rowsRead, f.rowsLoaded, f.rowsRejected])).toEqual([
      [3, 2, 1],
      [2, 1, 1],
    ]);
    expect(await rows(db, 'SELECT account_id, name FROM accounts ORDER BY 1')).toEqual([
      ['A-1', 'Acme'],
      ['A-2', 'Beta'],
      ['A-4', 'Delta'],
    ]);
  });

  it('rejects a repeated ticket, invoice, response and subscription id, each in its own words', async () => {
    const { summary, issues } = await run([
      ACCOUNTS,
      [
        'tickets.csv',
        'tid,account,opened\nT1,A-1,2024-05-01\nT2,A-1,2024-05-02\nT1,A-2,2024-05-03\n',
        map('tickets', { ticket_id: 'tid', account_id: 'account', opened_at: 'opened' }),
      ],
      [
        'tickets2.csv',
        'tid,account,opened\nT2,A-2,2024-05-04\nT3,A-2,2024-05-05\n',
        map('tickets', { ticket_id: 'tid', account_id: 'account', opened_at: 'opened' }),
      ],
      [
        'invoices.csv',
        'inv,account,issued\nI1,A-1,2024-05-01\nI1,A-1,2024-06-01\n',
        map('invoices', { invoice_id: 'inv', account_id: 'account', issued_date: 'issued' }),
      ],
      [
        'nps.csv',
        'rid,account,at,score\nR1,A-1,2024-05-01,9\nR1,A-2,2024-05-01,3\n',
        map('nps', { response_id: 'rid', account_id: 'account', responded_at: 'at', score: 'score' }),
      ],
      [
        'subs.csv',
        'sid,account,start\nS1,A-1,2024-01-15\nS1,A-1,2024-02-15\n',
        map('subscriptions', { subscription_id: 'sid', account_id: 'account', start_date: 'start' }),
      ],
    ]);
    expect(issues).toEqual([
      'invoices.csv:3 inv I1: duplicate invoice id (the first occurrence is kept) → row rejected',
      'nps.csv:3 rid R1: duplicate response id (the first occurrence is kept) → row rejected',
      'subs.csv:3 sid S1: duplicate subscription id (the first occurrence is kept) → row rejected',
      'tickets.csv:4 tid T1: duplicate ticket id (the first occurrence is kept) → row rejected',
      'tickets2.csv:2 tid T2: duplicate ticket id (the first occurrence is kept) → row rejected',
    ]);
    expect(summary.every(adds)).toBe(true);
  });

  it('does not count a row already rejected for its account as the first occurrence of its id', async () => {
    const { issues, db } = await run([
      ACCOUNTS,
      [
        'tickets.csv',
        'tid,account,opened\nT1,A-9,2024-05-01\nT1,A-1,2024-05-02\n',
        map('tickets', { ticket_id: 'tid', account_id: 'account', opened_at: 'opened' }),
      ],
    ]);
    expect(issues).toEqual(['tickets.csv:2 account A-9: account id not in the accounts export → row rejected']);
    expect(await rows(db, 'SELECT ticket_id, account_id FROM tickets')).toEqual([['T1', 'A-1']]);
  });
});

describe('exact duplicate usage rows', () => {
  const EVENTS = map('usage_events', { account_id: 'account', timestamp: 'at', event: 'event' });

  it('rejects an event row repeated in every column, at the first and a later position, not one differing in a column', async () => {
    const text =
      'account,at,event\n' +
      'A-1,2024-06-01 10:00:00,login\n' +
      'A-1,2024-06-01 10:00:00,login\n' + // a copy of line 2
      'A-1,2024-06-01 10:00:00,export\n' +
      'A-2,2024-06-01 10:00:00,login\n' +
      'A-1,2024-06-01 10:00:00,export\n'; // a copy of line 4
    const { summary, issues } = await run([ACCOUNTS, ['events.csv', text, EVENTS]]);
    const dup = 'exact duplicate of an earlier row in this file (counted once) → row rejected';
    expect(issues).toEqual([`events.csv:3 (row) A-1: ${dup}`, `events.csv:6 (row) A-1: ${dup}`]);
    expect(summary[1]).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2 });
  });

  it('does not reject a copy of a row already rejected, nor rows in two files', async () => {
    const text = 'account,at,event\nA-9,2024-06-01 10:00:00,login\nA-9,2024-06-01 10:00:00,login\n';
    const other = 'account,at,event\nA-1,2024-06-01 10:00:00,login\n';
    const { issues } = await run([
      ACCOUNTS,
      ['events.csv', text, EVENTS],
      ['events2.csv', other, EVENTS],
      ['events3.csv', other, EVENTS],
    ]);
    expect(issues).toEqual([
      'events.csv:2 account A-9: account id not in the accounts export → row rejected',
      'events.csv:3 account A-9: account id not in the accounts export → row rejected',
    ]);
  });

  it('keeps identical daily rows when the mapping says they are separate events', async () => {
    const text = 'account,day,logins\nA-1,2024-06-01,5\nA-1,2024-06-01,5\n';
    const daily = map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' });
    const kept = await run([ACCOUNTS, ['usage.csv', text, { ...daily, keepDuplicates: true }]]);
    expect(kept.issues).toEqual([]);
    expect(await rows(kept.db, 'SELECT sum(logins)::INTEGER FROM usage_events')).toEqual([[10]]);
    db?.close();
    const once = await run([ACCOUNTS, ['usage.csv', text, { ...daily, keepDuplicates: false }]]);
    expect(once.issues).toEqual([
      'usage.csv:3 (row) A-1: exact duplicate of an earlier row in this file (counted once) → row rejected',
    ]);
    expect(await rows(once.db, 'SELECT sum(logins)::INTEGER FROM usage_events')).toEqual([[5]]);
  });
});

describe('exact duplicates through a relation', () => {
  // Subscriptions S1 and S2 both belong to A-1: the row's own key is part of what it says.
  const LINKS: WrittenFile = [
    'subs.csv',
    'sub_id,account\nS1,A-1\nS2,A-1\n',
    map('links', { key: 'sub_id', account_id: 'account' }),
  ];
  const via = { file: 'subs.csv', column: 'sub', key: 'sub_id' };

  it('keeps two subscriptions with the same daily figures, rejecting a copy of one', async () => {
    const text = 'sub,day,logins\nS1,2024-06-01,5\nS2,2024-06-01,5\nS1,2024-06-01,5\n';
    const { summary, issues, db } = await run([
      ACCOUNTS,
      LINKS,
      ['usage.csv', text, map('usage_daily', { date: 'day', logins: 'logins' }, { via })],
    ]);
    expect(issues).toEqual([
      'usage.csv:4 (row) A-1: exact duplicate of an earlier row in this file (counted once) → row rejected',
    ]);
    expect(summary[2]).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await rows(db, 'SELECT account_id, sum(logins)::INTEGER FROM usage_events GROUP BY 1')).toEqual([
      ['A-1', 10],
    ]);
  });

  it('does the same for events', async () => {
    const text =
      'sub,at,event\nS1,2024-06-01 10:00:00,login\nS2,2024-06-01 10:00:00,login\nS2,2024-06-01 10:00:00,login\n';
    const { issues } = await run([
      ACCOUNTS,
      LINKS,
      ['events.csv', text, map('usage_events', { timestamp: 'at', event: 'event' }, { via })],
    ]);
    expect(issues).toEqual([
      'events.csv:4 (row) A-1: exact duplicate of an earlier row in this file (counted once) → row rejected',
    ]);
  });
});

describe('files reached through an export that is not a lookup', () => {
  it('reads usage through the subscriptions export, and tickets without ticket ids through a lookup', async () => {
    const { summary, issues, db } = await run([
      ACCOUNTS,
      [
        'subs.csv',
        'sid,account,start\nS1,A-1,2024-01-15\nS2,A-2,2024-02-01\n',
        map('subscriptions', { subscription_id: 'sid', account_id: 'account', start_date: 'start' }),
      ],
      [
        'usage.csv',
        'sub,day,logins\nS2,2024-06-01,4\nS9,2024-06-01,1\n',
        map('usage_daily', { date: 'day', logins: 'logins' }, { via: { file: 'subs.csv', column: 'sub', key: 'sid' } }),
      ],
      ['contacts.csv', 'contact,account\nc1,A-3\n', map('links', { key: 'contact', account_id: 'account' })],
      [
        'tickets.csv',
        'who,opened\nc1,2024-05-01\nc1,2024-05-02\n',
        map('tickets', { opened_at: 'opened' }, { via: { file: 'contacts.csv', column: 'who', key: 'contact' } }),
      ],
    ]);
    expect(issues).toEqual(['usage.csv:3 sub S9: sub not in subs.csv (its sid column) → row rejected']);
    expect(summary.map((f) => [f.label, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['accounts.csv', 3, 0],
      ['subs.csv', 2, 0],
      ['usage.csv', 1, 1],
      ['contacts.csv', 1, 0],
      ['tickets.csv', 2, 0],
    ]);
    expect(await rows(db, 'SELECT account_id, logins::INTEGER FROM usage_events')).toEqual([['A-2', 4]]);
    expect(await rows(db, 'SELECT account_id, count(*)::INTEGER FROM tickets GROUP BY 1')).toEqual([['A-3', 2]]);
  });
});

describe('overrides', () => {
  it('rejects an override that sets neither a tier nor a score, an impossible score counting as set', async () => {
    const text =
      'account,created,tier,score,why\n' +
      'A-1,2024-05-01,Red,,tier only\n' +
      'A-1,2024-05-02,,55,score only\n' +
      'A-2,2024-05-03,,150,impossible score\n' +
      'A-2,2024-05-04,,,nothing\n' +
      'A-3,,,,no date\n'; // rejected for its date already: logged once
    const { summary, issues, db } = await run([
      ACCOUNTS,
      [
        'overrides.csv',
        text,
        map('overrides', { account_id: 'account', created_at: 'created', tier: 'tier', score: 'score', reason: 'why' }),
      ],
    ]);
    expect(issues).toEqual([
      'overrides.csv:4 score 150: override score outside 0–100 → value set to missing',
      'overrides.csv:5 tier : override sets neither a tier nor a score → row rejected',
      'overrides.csv:6 created : blank Set on → row rejected',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2 });
    expect(await rows(db, 'SELECT account_id, tier, score FROM overrides ORDER BY created_at')).toEqual([
      ['A-1', 'Red', null],
      ['A-1', null, 55],
      ['A-2', null, null],
    ]);
  });

  it('names the score column without a tier, and the reason column with neither', async () => {
    const scoreOnly = await run([
      ACCOUNTS,
      [
        'overrides.csv',
        'account,created,score,why\nA-1,2024-05-01,,x\n',
        map('overrides', { account_id: 'account', created_at: 'created', score: 'score', reason: 'why' }),
      ],
    ]);
    expect(scoreOnly.issues).toEqual([
      'overrides.csv:2 score : override sets neither a tier nor a score → row rejected',
    ]);
    db?.close();
    const neither = await run([
      ACCOUNTS,
      [
        'overrides.csv',
        'account,created,why\nA-1,2024-05-01,x\nA-2,2024-05-01,y\n',
        map('overrides', { account_id: 'account', created_at: 'created', reason: 'why' }),
      ],
    ]);
    expect(neither.issues).toEqual([
      'overrides.csv:2 why : override sets neither a tier nor a score → row rejected',
      'overrides.csv:3 why : override sets neither a tier nor a score → row rejected',
    ]);
  });
});

describe('what the import leaves behind', () => {
  it('drops every working table and view of every file', async () => {
    const { db } = await run([
      ACCOUNTS,
      ['subs.csv', 'sub_id,account\nS1,A-1\n', map('links', { key: 'sub_id', account_id: 'account' })],
      [
        'usage.csv',
        'sub,day,logins\nS1,2024-06-01,5\n',
        map(
          'usage_daily',
          { date: 'day', logins: 'logins' },
          { via: { file: 'subs.csv', column: 'sub', key: 'sub_id' } },
        ),
      ],
      [
        'daily.csv',
        'account,day,logins\nA-2,2024-06-01,"1,000"\n', // a comma: read again as text
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
      ['churn.csv', 'account,on\nA-3,2024-06-01\n', map('churn', { account_id: 'account', churn_date: 'on' })],
      [
        'events.csv',
        'account,at,event\nA-1,2024-06-01 10:00:00,login\n',
        map('usage_events', { account_id: 'account', timestamp: 'at', event: 'event' }),
      ],
      [
        'subevents.csv',
        'sub,at,event\nS1,2024-06-01 10:00:00,login\n',
        map(
          'usage_events',
          { timestamp: 'at', event: 'event' },
          { via: { file: 'subs.csv', column: 'sub', key: 'sub_id' } },
        ),
      ],
      // A lookup no file goes through: read straight from the reader, loaded nowhere.
      ['lookup.csv', 'key,account\nK1,A-1\n', map('links', { key: 'key', account_id: 'account' })],
    ]);
    expect(await workingTables(db)).toEqual([]);
  });

  it('drops the tables of the checks that found something: a second score, a start from first activity', async () => {
    const scores = map('score_history', { account_id: 'account', score_date: 'on', score: 'score' });
    const { db, issues } = await run([
      ['accounts.csv', 'id,name,since\nA-1,Acme,\nA-2,Beta,2024-02-01\n', ACCOUNTS_MAP],
      [
        'usage.csv',
        'account,day,logins\nA-1,2024-03-02,5\n',
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
      ['scores.csv', 'account,on,score\nA-2,2024-06-01,40\nA-2,2024-06-01,45\n', scores],
    ]);
    // Both checks ran: their findings are in the log, their working tables gone.
    expect(issues).toEqual([
      'accounts.csv:2 since : no start date: first activity date 2024-03-02 used → value coerced',
      'scores.csv:3 on 2024-06-01: a second score for the account on this date (the first is kept) → row rejected',
    ]);
    expect(await workingTables(db)).toEqual([]);
  });
});

describe('score history', () => {
  const SCORES = map('score_history', { account_id: 'account', score_date: 'on', score: 'score' });

  it('keeps the first score of an account on a date, across files, and names the date', async () => {
    const { summary, issues } = await run([
      ACCOUNTS,
      ['scores.csv', 'account,on,score\nA-9,2024-06-01,10\nA-1,2024-06-01,70\nA-1,2024-06-02,71\n', SCORES],
      ['scores2.csv', 'account,on,score\nA-2,2024-06-01,40\nA-1,2024-06-01,75\n', SCORES],
    ]);
    // The unknown A-9 row is rejected first, so it is not A-1's first score (another account anyway).
    expect(issues).toEqual([
      'scores.csv:2 account A-9: account id not in the accounts export → row rejected',
      'scores2.csv:3 on 2024-06-01: a second score for the account on this date (the first is kept) → row rejected',
    ]);
    expect(summary.slice(1).map((f) => [f.rowsRead, f.rowsLoaded, f.rowsRejected, f.firstDate, f.lastDate])).toEqual([
      [3, 2, 1, '2024-06-01', '2024-06-02'],
      [2, 1, 1, '2024-06-01', '2024-06-01'],
    ]);
  });
});

describe('churn and the account start', () => {
  it('rejects churn a day before the start, keeps churn on the start date', async () => {
    const { summary, issues, db } = await run([
      ACCOUNTS,
      [
        'churn.csv',
        'account,churned on\nA-1,2024-01-14\nA-2,2024-02-01\n',
        map('churn', { account_id: 'account', churn_date: 'churned on' }),
      ],
    ]);
    expect(issues).toEqual([
      'churn.csv:2 churned on 2024-01-14: churn dated before the account started (2024-01-15): check both dates → row rejected',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1, firstDate: '2024-02-01' });
    expect(await rows(db, "SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn")).toEqual([
      ['A-2', '2024-02-01'],
    ]);
  });

  it('fills a missing start from the first activity in any export, then checks churn against it', async () => {
    const { issues, db } = await run([
      [
        'accounts.csv',
        'id,since\nA-1,\nA-2,\nA-3,2024-03-01\n',
        map('accounts', { account_id: 'id', signup_date: 'since' }),
      ],
      [
        'usage.csv',
        'account,day,logins\nA-1,2024-03-05,1\n',
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
      [
        'tickets.csv',
        'tid,account,opened\nT1,A-1,2024-03-02\n',
        map('tickets', { ticket_id: 'tid', account_id: 'account', opened_at: 'opened' }),
      ],
      [
        'churn.csv',
        'account,churned on\nA-1,2024-03-01\nA-3,2024-04-01\n',
        map('churn', { account_id: 'account', churn_date: 'churned on' }),
      ],
    ]);
    expect(issues).toEqual([
      'accounts.csv:2 since : no start date: first activity date 2024-03-02 used → value coerced',
      'accounts.csv:3 since : no start date and no activity: the account cannot be scored → value set to missing',
      'churn.csv:2 churned on 2024-03-01: churn dated before the account started (2024-03-02): check both dates → row rejected',
    ]);
    expect(await rows(db, "SELECT account_id, strftime(signup_date, '%Y-%m-%d') FROM accounts ORDER BY 1")).toEqual([
      ['A-1', '2024-03-02'],
      ['A-2', null],
      ['A-3', '2024-03-01'],
    ]);
  });

  it('quotes a start date it could not read when activity gives the start', async () => {
    const { issues } = await run([
      ['accounts.csv', 'id,since\nA-1,soon\n', map('accounts', { account_id: 'id', signup_date: 'since' })],
      [
        'usage.csv',
        'account,day,logins\nA-1,2024-03-05,1\n',
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
    ]);
    expect(issues.filter((i) => i.includes('first activity'))).toEqual([
      'accounts.csv:2 since soon: no start date: first activity date 2024-03-05 used → value coerced',
    ]);
  });

  it('names no column for a start when the accounts file maps none', async () => {
    const { issues } = await run([['accounts.csv', 'id\nA-1\n', map('accounts', { account_id: 'id' })]]);
    expect(issues).toEqual([
      'accounts.csv:2 (no start date column) : no start date and no activity: the account cannot be scored → value set to missing',
    ]);
  });
});

describe('churn flags, tenure, churn dates and parents in the files', () => {
  it('dates a churn flag by the export date, and rejects one before the start under the flag column', async () => {
    const { summary, issues, db } = await run([
      ACCOUNTS,
      [
        'churn.csv',
        'account,status\nA-1,churned\nA-2,active\nA-3,churned\n',
        map('churn', { account_id: 'account', churned: 'status' }, { asOf: '2024-02-15' }),
      ],
    ]);
    // A-3 started 2024-03-01, after the export date its churn is dated by.
    expect(issues.filter((i) => i.includes('before the account started'))).toEqual([
      'churn.csv:4 status 2024-02-15: churn dated before the account started (2024-03-01): check both dates → row rejected',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 3, rowsRejected: 1 });
    expect(await rows(db, "SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn")).toEqual([
      ['A-1', '2024-02-15'],
    ]);
  });

  it('counts starts back from a tenure, and quotes a blank tenure when its start comes from activity', async () => {
    const { issues, db } = await run([
      [
        'accounts.csv',
        'id,tenure\nA-1,4\nA-2,\n',
        map('accounts', { account_id: 'id', tenure_months: 'tenure' }, { asOf: '2024-05-31' }),
      ],
      [
        'usage.csv',
        'account,day,logins\nA-2,2024-03-05,1\n',
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
    ]);
    expect(issues.filter((i) => i.includes('first activity'))).toEqual([
      'accounts.csv:3 tenure : no start date: first activity date 2024-03-05 used → value coerced',
    ]);
    // 4 whole months before 2024-05-31.
    expect(await rows(db, "SELECT account_id, strftime(signup_date, '%Y-%m-%d') FROM accounts ORDER BY 1")).toEqual([
      ['A-1', '2024-01-31'],
      ['A-2', '2024-03-05'],
    ]);
  });

  it("loads the accounts file's churn dates as churn and clears a parent that is not an account", async () => {
    const text =
      'id,since,parent,status,left\nA-1,2024-01-15,,churned,2024-04-30\nA-2,2024-02-01,A-1,active,\nA-3,2024-03-01,A-9,active,\n';
    const { issues, db } = await run([
      [
        'accounts.csv',
        text,
        map('accounts', {
          account_id: 'id',
          signup_date: 'since',
          parent_account_id: 'parent',
          churned: 'status',
          churn_date: 'left',
        }),
      ],
    ]);
    expect(issues).toEqual([
      'accounts.csv:4 parent A-9: parent account id not among the accounts’ ids: check the id, or add the parent to the accounts export → value set to missing',
    ]);
    expect(await rows(db, "SELECT account_id, strftime(churn_date, '%Y-%m-%d') FROM churn")).toEqual([
      ['A-1', '2024-04-30'],
    ]);
    expect(await rows(db, 'SELECT account_id, parent_account_id FROM accounts ORDER BY 1')).toEqual([
      ['A-1', null],
      ['A-2', 'A-1'],
      ['A-3', null],
    ]);
  });
});

describe('subscription dates', () => {
  const SUBS = map('subscriptions', {
    subscription_id: 'sid',
    account_id: 'account',
    start_date: 'start',
    end_date: 'ended',
    status: 'status',
  });

  it('rejects an end before the start and an ended status without an end date', async () => {
    const text =
      'sid,account,start,ended,status\n' +
      'S1,A-1,2024-02-01,2024-01-31,canceled\n' + // ends the day before it starts
      'S2,A-1,2024-02-01,2024-02-01,canceled\n' + // ends the day it starts: kept
      'S3,A-2,2024-02-01, , Cancelled \n' + // says it ended (in any case, trimmed), no date
      'S4,A-2,2024-03-01,2024-06-01,Expired\n' + // ended with a date: kept
      'S5,A-3,2024-03-01,,active\n' + // running: kept
      'S6,A-3,2024-03-01,,inactive\n';
    const { summary, issues } = await run([ACCOUNTS, ['subs.csv', text, SUBS]]);
    expect(issues).toEqual([
      'subs.csv:2 ended 2024-01-31: subscription ends before it starts (2024-02-01): check both dates → row rejected',
      'subs.csv:4 status Cancelled: subscription is cancelled but has no end date: map its ended or cancelled date column → row rejected',
      'subs.csv:7 status inactive: subscription is inactive but has no end date: map its ended or cancelled date column → row rejected',
    ]);
    expect(summary[1]).toMatchObject({ rowsRead: 6, rowsLoaded: 3, rowsRejected: 3 });
  });

  it('rejects every ended status when no end date column is mapped, and checks no dates', async () => {
    const text = 'sid,account,start,status\nS1,A-1,2024-02-01,terminated\nS2,A-1,2024-02-01,trialing\n';
    const { issues } = await run([
      ACCOUNTS,
      [
        'subs.csv',
        text,
        map('subscriptions', { subscription_id: 'sid', account_id: 'account', start_date: 'start', status: 'status' }),
      ],
    ]);
    expect(issues).toEqual([
      'subs.csv:2 status terminated: subscription is terminated but has no end date: map its ended or cancelled date column → row rejected',
    ]);
  });
});

describe('the errors', () => {
  it('refuses an import without an accounts file', async () => {
    db = await openDatabase();
    const inputs = await writtenInputs(
      db,
      [['usage.csv', 'account,day\nA-1,2024-06-01\n', map('usage_daily', { account_id: 'account', date: 'day' })]],
      'hsw-spec-',
    );
    await expect(
      importFiles(
        db,
        inputs,
        () => undefined,
        () => false,
      ),
    ).rejects.toThrow(
      'No file is mapped to Accounts: every other export is checked against the accounts export, so one file must be the account list.',
    );
  });

  it('fails with the first rejection by line when every account is rejected, keeping the report', async () => {
    // Line 3's blank id is logged while the file is typed, before line 2's footer: the first is still line 2.
    const err = await failure([
      ['accounts.csv', 'id,since\nTotal,\n,2024-01-01\n', map('accounts', { account_id: 'id', signup_date: 'since' })],
      [
        'usage.csv',
        'account,day,logins\nA-1,2024-06-01,1\n',
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
    ]);
    expect(err.message).toBe(
      'accounts.csv: all 2 rows were rejected (first: line 2, column "id": a report footer ("Total" row), not an account), so no account was loaded. Fix the file or map its Account ID column to the right column.',
    );
    expect(err.imported).toMatchObject([
      { label: 'accounts.csv', rowsRead: 2, rowsLoaded: 0, rowsRejected: 2 },
      { label: 'usage.csv', rowsRead: 1, rowsLoaded: 1, rowsRejected: 0 },
    ]);
    // The usage rows were typed, never loaded: their working table and view go with the report too.
    expect(await workingTables(db!)).toEqual([]);
  });

  it('fails on a file it cannot read with its first sentence, keeping the files read before', async () => {
    // The accounts come second and are read first: the report holds them alone, with no gap before them.
    const err = await failure([
      ['usage.csv', 'account,logins\nA-1,3\n', map('usage_daily', { account_id: 'account', logins: 'logins' })],
      ACCOUNTS,
    ]);
    expect(err.message).toBe(
      'usage.csv: the mapping has no column for Date, which Product usage (daily aggregates) needs',
    );
    expect(err.imported.map((f) => [f.label, f.rowsRead, f.rowsLoaded])).toEqual([['accounts.csv', 3, 3]]);
  });

  it('fails on a relation it cannot follow with the first of its lines', async () => {
    const err = await failure([
      ACCOUNTS,
      ['subs.csv', 'sub_id,account\nS1,A-1\n', map('links', { key: 'sub_id', account_id: 'account' })],
      [
        'usage.csv',
        'sub,day\nS1,2024-06-01\n',
        map('usage_daily', { date: 'day' }, { via: { file: 'subs.csv', column: 'nope', key: 'missing' } }),
      ],
    ]);
    expect(err.message).toBe('usage.csv: column "nope" (its relation) is not in the file');
    expect(err.imported.map((f) => f.label)).toEqual(['accounts.csv', 'subs.csv', 'usage.csv']);
  });

  it('counts rows the reader rejected as read, and fails when it rejected every account', async () => {
    const err = await failure([
      [
        'accounts.csv',
        'id,since\nTotal,\nSum,\nA-2,2024-01-15,x\n',
        map('accounts', { account_id: 'id', signup_date: 'since' }),
      ],
    ]);
    expect(err.message).toBe(
      'accounts.csv: all 3 rows were rejected (first: line 2, column "id": a report footer ("Total" row), not an account), so no account was loaded. Fix the file or map its Account ID column to the right column.',
    );
    // Line 4 has a field more than the header: the reader rejects it.
    expect(err.imported).toMatchObject([{ rowsRead: 3, rowsLoaded: 0, rowsRejected: 3 }]);
  });

  it('fails on an accounts file with a header and no rows', async () => {
    const err = await failure([
      ['accounts.csv', 'id,since\n', map('accounts', { account_id: 'id', signup_date: 'since' })],
    ]);
    expect(err.message).toBe(
      'accounts.csv has a header but no rows: no account to score, and every other export is checked against the accounts. Export the account list again.',
    );
  });

  it('fails when no churn row loads, keeping every file in the report', async () => {
    const err = await failure([
      ACCOUNTS,
      ['churn.csv', 'account,on\nA-9,2024-06-01\n', map('churn', { account_id: 'account', churn_date: 'on' })],
    ]);
    expect(err.message).toBe(
      'churn.csv: all 1 row were rejected (first: line 2, column "account": account id not in the accounts export), so there is no churn outcome to backtest against. ' +
        "Map its Account ID to the column holding the accounts' ids and its Churn date to the date column, then import again.",
    );
    expect(err.imported.map((f) => [f.label, f.rowsLoaded, f.rowsRejected])).toEqual([
      ['accounts.csv', 3, 0],
      ['churn.csv', 0, 1],
    ]);
  });

  it('fails when no renewal row loads, in the renewal words', async () => {
    const err = await failure([
      ACCOUNTS,
      [
        'renewals.csv',
        'account,on,renewed\nA-9,2024-06-01,yes\nA-8,2024-07-01,no\n',
        map('renewals', { account_id: 'account', renewal_date: 'on', renewed: 'renewed' }),
      ],
    ]);
    expect(err.message).toBe(
      'renewals.csv: all 2 rows were rejected (first: line 2, column "account": account id not in the accounts export), so there is no renewal outcome to backtest against. ' +
        "Map its Account ID to the column holding the accounts' ids and its Renewal date to the date column, then import again.",
    );
  });

  it('does not fail on an empty churn file, nor on a usage file none of whose rows loaded', async () => {
    const { summary } = await run([
      ACCOUNTS,
      ['churn.csv', 'account,on\n', map('churn', { account_id: 'account', churn_date: 'on' })],
      [
        'usage.csv',
        'account,day,logins\nA-9,2024-06-01,1\n',
        map('usage_daily', { account_id: 'account', date: 'day', logins: 'logins' }),
      ],
    ]);
    expect(summary.map((f) => [f.label, f.rowsRead, f.rowsLoaded])).toEqual([
      ['accounts.csv', 3, 3],
      ['churn.csv', 0, 0],
      ['usage.csv', 1, 0],
    ]);
  });

  it('stops with ImportCancelled at the step where cancelling turns true, and reports nothing', async () => {
    for (const after of [0, 1, 2, 3, 4]) {
      db?.close();
      db = await openDatabase();
      const inputs = await writtenInputs(
        db,
        [
          ACCOUNTS,
          ['churn.csv', 'account,on\nA-1,2024-06-01\n', map('churn', { account_id: 'account', churn_date: 'on' })],
        ],
        'hsw-spec-',
      );
      const steps: string[] = [];
      const err: unknown = await importFiles(
        db,
        inputs,
        (step, _f, detail) => {
          if (detail === undefined) steps.push(step);
        },
        // Cancelled once `after` steps were reported (the reading's poll asks too, and interrupts DuckDB).
        () => steps.length >= after,
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImportCancelled);
      expect((err as Error).message).toBe('Import cancelled');
      expect((err as Error).name).toBe('ImportCancelled');
      // One step reported per check passed: each file read, the accounts' checks, the others'.
      expect(steps).toEqual(
        ['Reading accounts.csv', 'Reading churn.csv', 'Checking accounts', 'Checking the other exports'].slice(
          0,
          after,
        ),
      );
    }
  });
});
