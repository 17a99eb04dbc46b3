/**
 * What the relation proposal learns from the files (engine/node/import/profileFiles.ts):
 * each column's filled and distinct counts over the rows profiled, a sample of its
 * distinct values, and which of the other files' values each candidate key holds.
 * Every file is written here and every count worked out by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadOptions } from '../../engine/core/api/importSchema.js';
import type { FileStats } from '../../engine/core/import/relations.js';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { PROFILE_ROWS, profileFiles, SAMPLE_VALUES, type ProfiledFile } from '../../engine/node/import/profileFiles.js';
import { workbookBytes } from '../support/workbook.js';

let dir = '';
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hsw-profile-'));
  db = await openDatabase();
});
afterAll(() => db.close());

function file(name: string, bytes: string | Uint8Array, read: ReadOptions, columns: string[]): ProfiledFile {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return { path, name, read, columns };
}

const csv = (more: Partial<ReadOptions> = {}): ReadOptions => ({
  format: 'csv',
  encoding: 'utf-8',
  delimiter: ',',
  quote: '"',
  header: true,
  ...more,
});

/** Counts by column, the sample sorted (DuckDB orders it by hash, the same every run). */
function counts(stats: FileStats): Record<string, [number, number, string[]]> {
  return Object.fromEntries(stats.columns.map((c) => [c.name, [c.filled, c.distinct, [...c.sample].sort()]]));
}

/** Each file's keys with the other files' values they hold, sorted. */
function hitsOf(hits: Awaited<ReturnType<typeof profileFiles>>['hits']): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    [...hits].map(([f, keys]) => [f, Object.fromEntries([...keys].map(([k, v]) => [k, [...v].sort()]))]),
  );
}

async function issueCount(): Promise<number> {
  const r = await db.conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${ISSUES_TABLE}`);
  return Number(r.getRows()[0]![0]);
}

async function leftTables(): Promise<string[]> {
  const r = await db.conn.runAndReadAll("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'prof%'");
  return r.getRows().map((row) => String(row[0]));
}

describe('profiling files for the relation proposal', () => {
  it('counts filled and distinct trimmed values, and finds the other files’ values in each key', async () => {
    // A blank (" ") name is not filled; " smb" and "smb" are one value.
    const accounts = file('accounts.csv', 'account_id,name,segment\nA-1,Ann,smb\nA-2,Bo, smb\nA-3, ,ent\n', csv(), [
      'account_id',
      'name',
      'segment',
    ]);
    const usage = file(
      'usage.csv',
      'acct;day\nA-1;2024-01-01\nA-1;2024-01-02\nA-9;2024-01-03\n',
      csv({ delimiter: ';' }),
      ['acct', 'day'],
    );
    // Windows-1252, so staged through a UTF-8 copy rather than read in place.
    const tickets = file(
      'tickets.csv',
      iconv.encode('ticket_id,account,subject\nT-1,A-2,Café\nT-2,A-3,Café\n', 'windows-1252'),
      csv({ encoding: 'windows-1252' }),
      ['ticket_id', 'account', 'subject'],
    );
    const { stats, hits } = await profileFiles(db, [accounts, usage, tickets]);
    expect(stats.map((s) => [s.name, s.rows])).toEqual([
      ['accounts.csv', 3],
      ['usage.csv', 3],
      ['tickets.csv', 2],
    ]);
    expect(counts(stats[0]!)).toEqual({
      account_id: [3, 3, ['A-1', 'A-2', 'A-3']],
      name: [2, 2, ['Ann', 'Bo']],
      segment: [3, 2, ['ent', 'smb']],
    });
    expect(counts(stats[1]!)).toEqual({
      acct: [3, 2, ['A-1', 'A-9']],
      day: [3, 3, ['2024-01-01', '2024-01-02', '2024-01-03']],
    });
    expect(counts(stats[2]!)).toEqual({
      ticket_id: [2, 2, ['T-1', 'T-2']],
      account: [2, 2, ['A-2', 'A-3']],
      subject: [2, 1, ['Café']],
    });
    // Keys: columns filled and distinct on every row. A file's own values do not count as hits.
    expect(hitsOf(hits)).toEqual({
      'accounts.csv': { account_id: ['A-1', 'A-2', 'A-3'] },
      'usage.csv': { day: [] },
      'tickets.csv': { ticket_id: [], account: ['A-2', 'A-3'] },
    });
    expect(await leftTables()).toEqual([]);
  });

  it('profiles a file without a header from its first line, and one with title lines from below its header', async () => {
    const bare = file('bare.csv', 'A-1,x\nA-2,y\n', csv({ header: false }), ['column 1', 'column 2']);
    const report = file(
      'report.csv',
      'Accounts report\nGenerated 2024-06-01\n\nid,name\nA-1,Ann\nA-2,Bo\n',
      csv({ skipRows: 3 }),
      ['id', 'name'],
    );
    const { stats, hits } = await profileFiles(db, [bare, report]);
    expect(stats.map((s) => s.rows)).toEqual([2, 2]);
    expect(counts(stats[0]!)).toEqual({ 'column 1': [2, 2, ['A-1', 'A-2']], 'column 2': [2, 2, ['x', 'y']] });
    expect(counts(stats[1]!)).toEqual({ id: [2, 2, ['A-1', 'A-2']], name: [2, 2, ['Ann', 'Bo']] });
    expect(hitsOf(hits)['report.csv']).toEqual({ id: ['A-1', 'A-2'], name: [] });
  });

  it('reads NDJSON and a workbook, a column the reader lacks counted empty', async () => {
    const events = file(
      'events.ndjson',
      '{"owner": "A-1", "n": 1}\n{"owner": "A-2", "n": 2}\n{"owner": "A-2", "n": null}\n',
      { format: 'ndjson' },
      ['owner', 'n', 'extra'],
    );
    const sheet = file(
      'owners.xlsx',
      workbookBytes([
        {
          name: 'Owners',
          rows: [
            { row: 1, cells: ['owner', 'region'] },
            { row: 2, cells: ['A-2', 'EU'] },
          ],
        },
      ]),
      { format: 'xlsx', sheet: 'Owners', header: true },
      ['owner', 'region'],
    );
    const { stats, hits } = await profileFiles(db, [events, sheet]);
    expect(stats.map((s) => s.rows)).toEqual([3, 1]);
    expect(counts(stats[0]!)).toEqual({
      owner: [3, 2, ['A-1', 'A-2']],
      n: [2, 2, ['1', '2']],
      extra: [0, 0, []],
    });
    expect(counts(stats[1]!)).toEqual({ owner: [1, 1, ['A-2']], region: [1, 1, ['EU']] });
    expect(hitsOf(hits)['owners.xlsx']).toEqual({ owner: ['A-2'], region: [] });
    expect(await leftTables()).toEqual([]);
  });

  it(`samples ${SAMPLE_VALUES} distinct values, profiles ${PROFILE_ROWS.toLocaleString('en-US')} rows and searches a longer key whole`, async () => {
    const n = PROFILE_ROWS + 1;
    const keys = Array.from({ length: n }, (_, i) => `K-${i + 1}`);
    const big = file('keys.csv', `key\n${keys.join('\n')}\n`, csv(), ['key']);
    // The last key is past the rows profiled: only the whole file's scan finds it.
    const refs = file('refs.csv', `ref,n\nK-1,1\nK-${n},1\n`, csv(), ['ref', 'n']);
    const { stats, hits } = await profileFiles(db, [big, refs]);
    expect(stats[0]!.rows).toBe(PROFILE_ROWS);
    expect(stats[0]!.columns[0]!).toMatchObject({ filled: PROFILE_ROWS, distinct: PROFILE_ROWS });
    expect(stats[0]!.columns[0]!.sample).toHaveLength(SAMPLE_VALUES);
    expect(new Set(stats[0]!.columns[0]!.sample).size).toBe(SAMPLE_VALUES);
    expect(hitsOf(hits)['keys.csv']).toEqual({ key: ['K-1', `K-${n}`] });
  });

  it('reads a CSV in place with the default delimiter and quote, a too-long row cut and not logged', async () => {
    // No delimiter or quote given: a comma and a double quote, doubled inside a quoted field.
    const text = 'id,name\nA-1,"Ann, B"\nA-2,"Bo ""the"" Cy"\nA-3,Cy,extra\nA-4,Di\n';
    const plain = file('plain.csv', text, { format: 'csv', encoding: 'utf-8', header: true }, ['id', 'name']);
    const { stats } = await profileFiles(db, [plain]);
    // A-3's extra field is dropped here and nothing is logged: the import rejects that row and logs it.
    expect(counts(stats[0]!)).toEqual({
      id: [4, 4, ['A-1', 'A-2', 'A-3', 'A-4']],
      name: [4, 4, ['Ann, B', 'Bo "the" Cy', 'Cy', 'Di']],
    });
    expect(await issueCount()).toBe(0);
  });

  it('does not profile an NDJSON file with a malformed line (the plan then proposes from its header)', async () => {
    const events = file('bad.ndjson', '{"owner": "A-1"}\nnot json\n', { format: 'ndjson' }, ['owner']);
    await expect(profileFiles(db, [events])).rejects.toThrow();
    expect(await leftTables()).toEqual([]);
  });

  it('searches a longer key staged from another encoding whole', async () => {
    const n = PROFILE_ROWS + 1;
    const keys = Array.from({ length: n }, (_, i) => `K-${i + 1}`);
    const big = file(
      'keys-ansi.csv',
      iconv.encode(`key\n${keys.join('\n')}\n`, 'windows-1252'),
      csv({ encoding: 'windows-1252' }),
      ['key'],
    );
    const refs = file('refs-ansi.csv', `ref,n\nK-1,1\nK-${n},1\n`, csv(), ['ref', 'n']);
    const { stats, hits } = await profileFiles(db, [big, refs]);
    expect(stats[0]!.rows).toBe(PROFILE_ROWS);
    expect(hitsOf(hits)['keys-ansi.csv']).toEqual({ key: ['K-1', `K-${n}`] });
    expect(await leftTables()).toEqual([]);
  });

  it('drops its tables when a file cannot be read', async () => {
    const torn = file('torn.parquet', 'PAR1 not really', { format: 'parquet' }, ['a']);
    await expect(profileFiles(db, [torn])).rejects.toThrow();
    expect(await leftTables()).toEqual([]);
  });
});
