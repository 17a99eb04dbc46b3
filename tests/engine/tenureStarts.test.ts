/**
 * Start dates counted back from a tenure column (engine/node/import/tenureStarts.ts, issue 18):
 * each row's issue quotes the tenure text it came from; a tenure within 0–1,200 months whose
 * start falls before 1990-01-01 is a typo, logged and left unknown; and without an export date
 * nothing is counted back at all.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { createIssuesTable, issueSummary, ISSUES_TABLE } from '../../engine/node/import/issues.js';
import { typeFile } from '../../engine/node/import/typeFile.js';
import { startsFromTenureColumn } from '../../engine/node/import/tenureStarts.js';
import type { FileMapping } from '../../engine/core/api/importSchema.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

// The tenure column is not the first: a start counted from the id column would not be this one.
const FILE = 'customerID,tenure\n' + '0001-A,1\n' + '0002-B,412\n' + '0003-C,413\n' + '0004-D,500\n';
const MAPPING: FileMapping = {
  entity: 'accounts',
  columns: { account_id: 'customerID', tenure_months: 'tenure' },
  dateFormats: {},
  asOf: '2024-05-31',
};

async function prepare(): Promise<ImportInput> {
  const path = join(mkdtempSync(join(tmpdir(), 'hsw-tenure-starts-')), 'customers.csv');
  writeFileSync(path, FILE);
  db = await openDatabase();
  const s = await sniffFile(db, path);
  return { path, label: 'customers.csv', read: s.read, columns: s.columns.map((c) => c.name), mapping: MAPPING };
}

describe('start dates counted back from the tenure', () => {
  it('quote each row’s tenure; a start before 1990-01-01 is a typo, left unknown', async () => {
    const input = await prepare();
    const [summary] = await importFiles(
      db!,
      [input],
      () => undefined,
      () => false,
    );
    // Worked by hand from 2024-05-31: 412 months = 34 years 4 months → 1990-01-31; 413 → 1989-12-31; 500 → 1982-09-30.
    const starts = (
      await db!.conn.runAndReadAll(`SELECT account_id, strftime(signup_date, '%Y-%m-%d') FROM accounts ORDER BY 1`)
    ).getRowsJson();
    expect(starts).toEqual([
      ['0001-A', '2024-04-30'],
      ['0002-B', '1990-01-31'],
      ['0003-C', null],
      ['0004-D', null],
    ]);
    const counted = 'start date counted back from the export date 2024-05-31 by the tenure in whole months';
    const typo = (n: number) =>
      `the export date 2024-05-31 minus ${n} months is before 1990-01-01: a typo; the start date is unknown`;
    // With no start and nothing else to date it by, the import says the account cannot be scored.
    const unscored = 'no start date and no activity: the account cannot be scored → value set to missing';
    const log = await issueSummary(db!, 100, 0);
    expect(
      log.issues
        .filter((i) => i.column === 'tenure')
        .map((i) => `${i.line} ${JSON.stringify(i.value)} ${i.reason} → ${i.action}`),
    ).toEqual([
      `2 "1" ${counted} → value coerced`,
      `3 "412" ${counted} → value coerced`,
      `4 "413" ${unscored}`,
      `4 "413" ${typo(413)} → value set to missing`,
      `5 "500" ${unscored}`,
      `5 "500" ${typo(500)} → value set to missing`,
    ]);
    expect(summary).toMatchObject({ rowsRead: 4, rowsLoaded: 4, rowsRejected: 0 });
  });

  it('are not counted without an export date: the typed file is left as it was, nothing logged', async () => {
    // The import stops before this (typeFile asks for the export date); the step must not count from nothing either.
    const input = await prepare();
    await createIssuesTable(db!);
    const t = await typeFile(db!, 0, input, (p) => p);
    const { asOf: _asOf, ...withoutDate } = MAPPING;
    void _asOf;
    const roles = t.fields.map((f) => f.role);
    await startsFromTenureColumn(db!, { ...t, input: { ...input, mapping: withoutDate } });
    expect(t.fields.map((f) => f.role)).toEqual(roles);
    expect(roles).not.toContain('signup_date');
    const columns = (
      await db!.conn.runAndReadAll(
        `SELECT column_name FROM information_schema.columns WHERE table_name = '${t.table}' AND column_name = 'signup_date'`,
      )
    ).getRowsJson();
    expect(columns).toEqual([]);
    expect((await db!.conn.runAndReadAll(`SELECT count(*)::INTEGER FROM ${ISSUES_TABLE}`)).getRowsJson()).toEqual([
      [0],
    ]);
  });
});
