/** A parent account column (Salesforce, HubSpot) is proposed, carried into the accounts table, and checked against the account ids. */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { importFiles } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';

const FILE = 'salesforce-accounts-parent-missing.csv';
const PATH = join(import.meta.dirname, '..', 'fixtures', 'import', FILE);
let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const cols = (names: string[]) => names.map((name) => ({ name, samples: [] }));

describe('a parent account column', () => {
  it.each([
    [['Account ID', 'Account Name', 'Parent Account ID'], 'Parent Account ID'],
    [['hs_object_id', 'name', 'hs_parent_company_id'], 'hs_parent_company_id'],
    [['company_id', 'name', 'parent_company_id'], 'parent_company_id'],
    [['account_id', 'name', 'parent_account_id'], 'parent_account_id'],
  ])('is proposed on an accounts export with %j', (headers, parent) => {
    const m = suggestFileMapping('accounts.csv', cols(headers));
    expect(m.entity).toBe('accounts');
    expect(m.columns.parent_account_id).toBe(parent);
    expect(m.columns.account_id).toBe(headers[0]);
  });

  it('is carried into the accounts table; a parent not among the accounts, or the account itself, is logged and left missing', async () => {
    db = await openDatabase();
    const s = await sniffFile(db, PATH);
    const mapping = suggestFileMapping(FILE, s.columns);
    const [summary] = await importFiles(
      db,
      [{ path: PATH, label: FILE, read: s.read, columns: s.columns.map((c) => c.name), mapping }],
      () => undefined,
      () => false,
    );
    const rows = (
      await db.conn.runAndReadAll('SELECT account_id, parent_account_id FROM accounts ORDER BY account_id')
    ).getRowsJson();
    expect(rows).toEqual([
      ['0015g00000AAAAAAA1', null],
      ['0015g00000AAAAAAA2', '0015g00000AAAAAAA1'],
      ['0015g00000AAAAAAA3', '0015g00000AAAAAAA1'],
      ['0015g00000AAAAAAA4', null],
      ['0015g00000AAAAAAA5', null],
    ]);
    const log = await issueSummary(db, 100, 0);
    expect(log.issues.map((i) => `${i.line} ${i.column} ${i.value}: ${i.reason} → ${i.action}`)).toEqual([
      '5 Parent Account ID 0015g00000ZZZZZZZ9: parent account id not among the accounts’ ids: check the id, or add the parent to the accounts export → value set to missing',
      '6 Parent Account ID 0015g00000AAAAAAA5: an account cannot be its own parent → value set to missing',
    ]);
    expect(summary).toMatchObject({ rowsRead: 5, rowsLoaded: 5, rowsRejected: 0, valuesChanged: 2 });
  });
});
