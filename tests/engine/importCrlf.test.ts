/**
 * Exports saved on Windows end lines with CR LF. The issue log must still
 * name the line a person sees in an editor, also past a quoted field that
 * holds a line break. The files are written here byte for byte, so no git
 * line-ending conversion can turn them into LF files.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import { sniffFile } from '../../engine/node/import/sniff.js';
import { suggestFileMapping } from '../../engine/core/import/suggestMapping.js';
import { importFiles, type ImportInput } from '../../engine/node/import/importFiles.js';
import { issueSummary } from '../../engine/node/import/issues.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

/** Writes each file's lines joined by CR LF (a field may hold its own CR LF inside quotes). */
function crlfFiles(files: Record<string, string[]>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-crlf-'));
  for (const [name, lines] of Object.entries(files))
    writeFileSync(join(dir, name), Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8'));
  return dir;
}

async function issuesOf(dir: string, names: string[]): Promise<string[]> {
  db = await openDatabase();
  const inputs: ImportInput[] = [];
  for (const f of names) {
    const s = await sniffFile(db, join(dir, f));
    inputs.push({
      path: join(dir, f),
      label: f,
      read: s.read,
      columns: s.columns.map((c) => c.name),
      mapping: suggestFileMapping(f, s.columns),
    });
  }
  await importFiles(
    db,
    inputs,
    () => undefined,
    () => false,
  );
  return (await issueSummary(db, 1000, 0)).issues.map(
    (i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason} → ${i.action}`,
  );
}

const ACCOUNTS = [
  'Account ID,Account Name,Segment,Region,Plan,Customer Since,ARR,Seats', //  line 1
  'A-1,Acme,Enterprise,NA,Pro,2024-01-15,120000,200', //                       line 2
  'A-2,"Beta\r\nHoldings",SMB,EMEA,Starter,2024-02-03,9000,10', //             lines 3–4: a quoted CR LF
  'A-3,Gamma,SMB,APAC,Starter,2024-03-20,,5', //                               line 5: blank ARR
  'A-1,Again,SMB,NA,Pro,2024-03-21,1,1', //                                    line 6: duplicate id
  'A-4,Delta,Enterprise,NA,Pro,2024-04-01,95000,150,extra', //                 line 7: one field too many
  'A-5,Epsilon,SMB,NA,Pro,2024-04-02,,3', //                                   line 8: blank ARR
];

const TICKETS = [
  'Ticket ID,Organization ID,Created at,Solved at,Priority,Satisfaction Score', //  line 1
  'T-1,A-1,2024-06-03T10:00:00Z,2024-06-04T09:00:00Z,high,4', //                     line 2
  '"T-2\r\nreopened\r\ntwice",A-2,2024-06-05T11:00:00Z,,normal,', //                 lines 3–5
  'T-3,A-9,2024-06-06T12:00:00Z,,low,5', //                                          line 6: unknown account
  'T-4,A-1,2024-06-07T12:00:00Z', //                                                 line 7: too few fields
  'T-5,A-8,2024-06-08T12:00:00Z,,low,5', //                                          line 8: unknown account
];

describe('line numbers in files with CR LF line endings', () => {
  it('are the lines an editor shows, past quoted fields holding a CR LF', async () => {
    const dir = crlfFiles({ 'accounts-crlf.csv': ACCOUNTS, 'tickets-crlf.csv': TICKETS });
    expect(readFileSync(join(dir, 'accounts-crlf.csv')).subarray(0, 80).includes(Buffer.from('Seats\r\nA-1'))).toBe(
      true,
    );
    const issues = await issuesOf(dir, ['accounts-crlf.csv', 'tickets-crlf.csv']);
    expect(issues).toEqual([
      'accounts-crlf.csv:5 ARR "" blank ARR → blank kept as missing',
      'accounts-crlf.csv:6 Account ID "A-1" duplicate account id (the first occurrence is kept) → row rejected',
      'accounts-crlf.csv:7 (row) "A-4,Delta,Enterprise,NA,Pro,2024-04-01,95000,150,extra" row has more fields than the header → row rejected',
      'accounts-crlf.csv:8 ARR "" blank ARR → blank kept as missing',
      'tickets-crlf.csv:6 Organization ID "A-9" account id not in the accounts export → row rejected',
      'tickets-crlf.csv:7 (row) "T-4,A-1,2024-06-07T12:00:00Z" row has fewer fields than the header → row rejected',
      'tickets-crlf.csv:8 Organization ID "A-8" account id not in the accounts export → row rejected',
    ]);
  });
});
