/**
 * The Data tab's figures on an export date and a score history, worked by hand on a small
 * Salesforce accounts extract (Churned = Yes/No, no churn date, exported 2025-04-30), a weekly
 * Mixpanel-style usage export and a Gainsight-style score history.
 *
 * Snapshots: month-ends 2024-12-31 … 2025-04-30 (usage from 2024-09-02), the first four with the four
 * accounts 001A, 001B, 001C, 001E; at 2025-04-30 only 001B and 001E, since 001A and 001C churned on it
 * (001D signed up after the export; 001A's second row is a duplicate): 18 snapshots.
 * A score is in force at a snapshot when dated on or before it and at most 45 days old:
 *   12-31: none                                     → 0
 *   01-31: A (01-31, 0 d), B (01-14, 17 d)          → 2
 *   02-28: A (01-31, 28 d), B (01-14, exactly 45 d) → 2
 *   03-31: A (03-31, 0 d); B's 01-14 is 76 d old, its 04-15 not yet given → 1
 *   04-30: B (04-15, 15 d); E has none              → 1
 * so 6 of 18 snapshots, 1 of 2 accounts at the latest. Rows dated at the export date: 001A and 001C
 * (001D's churn falls before it started, the duplicate 001A row is rejected, 001B did not churn,
 * 001E's flag is blank): 2.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataQuality, FileMapping } from '../../engine/core/api/importSchema.js';
import { openDatabase } from '../../engine/node/data/duckdb.js';
import { loadImportedData, type LoadedData } from '../../engine/node/data/loadWorkbench.js';
import { dataQuality } from '../../engine/node/import/dataQuality.js';
import type { ImportInput } from '../../engine/node/import/importFiles.js';
import { sniffFile } from '../../engine/node/import/sniff.js';

const dir = mkdtempSync(join(tmpdir(), 'hsw-export-date-'));
const ACCOUNTS = 'salesforce-accounts-churned-flag.csv';
const USAGE = 'mixpanel-weekly-active.csv';
const SCORES = 'gainsight-scorecard-history.csv';

function weeks(id: string): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(2024, 8, 2); t <= Date.UTC(2025, 3, 28); t += 7 * 86_400_000)
    out.push(`${id},${new Date(t).toISOString().slice(0, 10)},4,12`);
  return out;
}

writeFileSync(
  join(dir, ACCOUNTS),
  [
    'Account ID,Account Name,Created Date,Churned',
    '001A,Acme,2024-01-15,Yes',
    '001B,Globex,2024-02-01,No',
    '001C,Initech,2024-03-10,Yes',
    '001D,Umbrella,2025-05-20,Yes',
    '001E,Hooli,2024-01-20,',
    '001A,Acme (duplicate),2024-01-15,Yes',
  ].join('\n'),
);
writeFileSync(
  join(dir, USAGE),
  ['Company ID,Week Start,Active Users,Logins', ...['001A', '001B', '001C', '001E'].flatMap(weeks)].join('\n'),
);
writeFileSync(
  join(dir, SCORES),
  [
    'Company ID,Snapshot Date,Score,Status',
    '001A,2025-01-31,60,Yellow',
    '001A,2025-03-31,40,Red',
    '001B,2025-01-14,80,Green',
    '001B,2025-04-15,70,Yellow',
    '001C,2025-04-30,30,Red',
  ].join('\n'),
);

const mappings: Record<string, FileMapping> = {
  [ACCOUNTS]: {
    entity: 'accounts',
    columns: { account_id: 'Account ID', name: 'Account Name', signup_date: 'Created Date', churned: 'Churned' },
    dateFormats: { signup_date: 'iso' },
    asOf: '2025-04-30',
  },
  [USAGE]: {
    entity: 'usage_daily',
    columns: { account_id: 'Company ID', date: 'Week Start', active_users: 'Active Users', logins: 'Logins' },
    dateFormats: { date: 'iso' },
  },
  [SCORES]: {
    entity: 'score_history',
    columns: { account_id: 'Company ID', score_date: 'Snapshot Date', score: 'Score', status: 'Status' },
    dateFormats: { score_date: 'iso' },
  },
};

let data: LoadedData;
beforeAll(async () => {
  const db = await openDatabase();
  const inputs: ImportInput[] = [];
  try {
    for (const name of [ACCOUNTS, USAGE, SCORES]) {
      const s = await sniffFile(db, join(dir, name));
      inputs.push({
        path: join(dir, name),
        label: name,
        read: s.read,
        columns: s.columns.map((c) => c.name),
        mapping: mappings[name]!,
      });
    }
  } finally {
    db.close();
  }
  data = await loadImportedData(
    inputs,
    dir,
    () => undefined,
    () => false,
  );
});
afterAll(() => data?.close());
// Worked out inside each test, not in beforeAll, so that Stryker runs each mutant against the tests it reaches.
const quality = (): Promise<DataQuality> => dataQuality(data.db, data.frame, data.imported);

describe('the Data tab on a score history and an export date', () => {
  it('is worked on the snapshots the comment says', () => {
    expect(data.frame.meta.periods).toEqual(['2024-12-31', '2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
    const at = (p: number) =>
      [...data.frame.period.keys()]
        .filter((i) => data.frame.period[i] === p)
        .map((i) => data.frame.meta.accountIds[data.frame.account[i]!]);
    for (const p of [0, 1, 2, 3]) expect(at(p)).toEqual(['001A', '001B', '001C', '001E']);
    expect(at(4)).toEqual(['001B', '001E']);
  });

  it("gives the score history's date range and its coverage of the snapshots, the 45-day limit included", async () => {
    const dq = await quality();
    expect(dq.scoreHistory).toEqual({
      staleDays: 45,
      latestSnapshot: '2025-04-30',
      accountsAtLatest: 2,
      scoredAtLatest: 1,
      snapshots: 18,
      scoredSnapshots: 6,
      rows: 5,
      accounts: 3,
      firstDate: '2025-01-14',
      lastDate: '2025-04-30',
    });
  });

  it('counts the accounts whose churn was dated at the export date, and only those that still count', async () => {
    const dq = await quality();
    expect(dq.exportDated).toEqual([{ file: ACCOUNTS, entity: 'accounts', asOf: '2025-04-30', rows: 2 }]);
  });

  it('says no row was dated at the export date of a file it was not given (a standard folder gives none)', async () => {
    expect((await dataQuality(data.db, data.frame)).exportDated).toEqual([]);
  });
});
