/**
 * The import's issue log (engine/node/import/issues.ts, issue 18), on issues written by hand:
 * an issue found by row ordinal gets its physical line from the file's line segments, only in
 * its own file and only while its line is unknown; the summary groups by file, column, reason
 * and action, most frequent first, with each group's first line and the value there; the list
 * is in file and line order, a page at a time.
 */
import { readdirSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';
import {
  appendIssues,
  createIssuesTable,
  hasIssuesTable,
  ImportFailed,
  ISSUES_TABLE,
  issuesCsvBytes,
  issueSummary,
  resolveLines,
} from '../../engine/node/import/issues.js';
import type { ImportedFile } from '../../engine/node/import/importFiles.js';

let db: Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

const lines = async (fileIdx: number) =>
  (
    await db!.conn.runAndReadAll(
      `SELECT ord::INTEGER, line::INTEGER FROM ${ISSUES_TABLE} WHERE file_idx = ${fileIdx} AND ord IS NOT NULL ORDER BY ord`,
    )
  ).getRowsJson();

/**
 * usage.csv (file 0): rows 0, 2 and 3 have a bad date, row 5 a negative count, found in SQL by ordinal;
 * row 1's negative count already has its line (30); the reader rejected line 7. tickets.csv (file 1):
 * row 0's date, its value unknown (NULL).
 */
async function writeLog(): Promise<void> {
  db = await openDatabase();
  await createIssuesTable(db);
  await db.conn.run(`INSERT INTO ${ISSUES_TABLE} VALUES
    (0, 'usage.csv', 0, NULL, 'date', 'x1', 'not a date', 'row rejected'),
    (0, 'usage.csv', 2, NULL, 'date', 'x2', 'not a date', 'row rejected'),
    (0, 'usage.csv', 3, NULL, 'date', 'x3', 'not a date', 'row rejected'),
    (0, 'usage.csv', 5, NULL, 'count', '-1', 'negative', 'value set to missing'),
    (0, 'usage.csv', 1, 30, 'count', '-7', 'negative', 'value set to missing'),
    (1, 'tickets.csv', 0, NULL, 'opened', NULL, 'not a date', 'row rejected')`);
  await appendIssues(db, 0, [
    { file: 'usage.csv', line: 7, column: 'date', value: 'zz', reason: 'ragged row', action: 'row rejected' },
  ]);
}

describe('the issue log', () => {
  it('exists once created', async () => {
    db = await openDatabase();
    expect(await hasIssuesTable(db)).toBe(false);
    // Appending nothing is a no-op, even before the log exists.
    await appendIssues(db, 0, []);
    expect(await hasIssuesTable(db)).toBe(false);
    await createIssuesTable(db);
    expect(await hasIssuesTable(db)).toBe(true);
  });

  it("gives each issue found by ordinal its line from its own file's segments, keeping a line already known", async () => {
    await writeLog();
    // Rows 0–2 sit one line below their ordinal plus the header (offset 2); from row 3 on, three lines later (offset 5).
    await resolveLines(db!, 0, [
      { ordStart: 0, offset: 2 },
      { ordStart: 3, offset: 5 },
    ]);
    expect(await lines(0)).toEqual([
      [0, 2],
      [1, 30],
      [2, 4],
      [3, 8],
      [5, 10],
    ]);
    // The other file's issue waits for its own segments; with none, row 0 is line 1 (a file without a header).
    expect(await lines(1)).toEqual([[0, null]]);
    await resolveLines(db!, 1, []);
    expect(await lines(1)).toEqual([[0, 1]]);
  });

  it('sums up by file, column, reason and action, most frequent first, each with its first line and value there', async () => {
    await writeLog();
    await resolveLines(db!, 0, [{ ordStart: 0, offset: 2 }]);
    await resolveLines(db!, 1, []);
    const { total, groups } = await issueSummary(db!, 100, 0);
    expect(total).toBe(7);
    expect(groups).toEqual([
      {
        file: 'usage.csv',
        column: 'date',
        reason: 'not a date',
        action: 'row rejected',
        count: 3,
        firstLine: 2,
        example: 'x1',
      },
      // Lines 7 (row 5) and 30: the first is row 5's.
      {
        file: 'usage.csv',
        column: 'count',
        reason: 'negative',
        action: 'value set to missing',
        count: 2,
        firstLine: 7,
        example: '-1',
      },
      // One each: by file name.
      {
        file: 'tickets.csv',
        column: 'opened',
        reason: 'not a date',
        action: 'row rejected',
        count: 1,
        firstLine: 1,
        example: '',
      },
      {
        file: 'usage.csv',
        column: 'date',
        reason: 'ragged row',
        action: 'row rejected',
        count: 1,
        firstLine: 7,
        example: 'zz',
      },
    ]);
  });

  it('lists the issues in file and line order, a page at a time, an unknown value as blank', async () => {
    await writeLog();
    await resolveLines(db!, 0, [{ ordStart: 0, offset: 2 }]);
    await resolveLines(db!, 1, []);
    const all = (await issueSummary(db!, 100, 0)).issues;
    // usage.csv (file 0) first, tickets.csv after it though its line is 1; line 7's two issues by column.
    expect(
      all.map((i) => `${i.file}:${i.line} ${i.column} ${JSON.stringify(i.value)} ${i.reason} → ${i.action}`),
    ).toEqual([
      'usage.csv:2 date "x1" not a date → row rejected',
      'usage.csv:4 date "x2" not a date → row rejected',
      'usage.csv:5 date "x3" not a date → row rejected',
      'usage.csv:7 count "-1" negative → value set to missing',
      'usage.csv:7 date "zz" ragged row → row rejected',
      'usage.csv:30 count "-7" negative → value set to missing',
      'tickets.csv:1 opened "" not a date → row rejected',
    ]);
    const page = (await issueSummary(db!, 2, 3)).issues;
    expect(page.map((i) => `${i.line} ${i.column}`)).toEqual(['7 count', '7 date']);
    expect((await issueSummary(db!, 2, 3)).total).toBe(7);
  });
});

describe('the issue log as CSV bytes (the app’s download)', () => {
  it('leaves no copy in the database’s folder', async () => {
    await writeLog();
    const csv = new TextDecoder().decode(await issuesCsvBytes(db!));
    expect(csv.split('\n')).toHaveLength(1 + 7 + 1);
    expect(readdirSync(db!.tempDirectory).filter((f) => f.startsWith('issues-'))).toEqual([]);
  });

  it('fails with the write’s own error when the folder is gone, not with the clean-up’s', async () => {
    await writeLog();
    rmSync(db!.tempDirectory, { recursive: true, force: true });
    await expect(issuesCsvBytes(db!)).rejects.toThrow(/^IO Error: Cannot open file/);
  });
});

describe('an import that stopped after reading its files', () => {
  it('says why, and keeps the per-file summary so far; the database is handed over later', () => {
    const imported: ImportedFile[] = [
      {
        label: 'usage.csv',
        entity: 'usage_daily',
        location: 'line',
        rowsRead: 6,
        rowsLoaded: 2,
        rowsRejected: 4,
        valuesChanged: 2,
        firstDate: null,
        lastDate: null,
      },
    ];
    const err = new ImportFailed('usage.csv: no row has a date', imported);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ImportFailed');
    expect(err.message).toBe('usage.csv: no row has a date');
    expect(err.imported).toBe(imported);
    expect(err.db).toBeNull();
  });
});
