/**
 * The broken-export corpus (tests/fixtures/broken): each file goes through the
 * import as the CLI plans it, beside the valid accounts, churn and usage of the
 * same slice, and must give exactly the counts and issue lines below — or stop
 * with the sentence below. Expectations come from the fault each file plants
 * (see generate.ts), not from a run of the importer.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseTables, corpus, PARQUET_CASES, writeCorpus, type Slot } from '../fixtures/broken/generate.js';
import { runImportCase, type CaseOutcome } from '../support/importCase.js';

const FILES = join(__dirname, '..', 'fixtures', 'broken', 'files');
const base: Record<Exclude<Slot, 'extra'>, string> = { accounts: '', churn: '', usage: '' };

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'hsw-broken-base-'));
  const b = baseTables();
  base.accounts = join(dir, 'accounts.csv');
  base.churn = join(dir, 'churn.csv');
  base.usage = join(dir, 'usage_events.csv');
  writeFileSync(base.accounts, b.accounts.join('\n') + '\n');
  writeFileSync(base.churn, b.churn.join('\n') + '\n');
  writeFileSync(base.usage, b.usage.join('\n') + '\n');
});

const rej = (line: number, column: string, reason: string) => `${line} ${column}: ${reason} → row rejected`;
const missing = (line: number, column: string, reason: string) => `${line} ${column}: ${reason} → value set to missing`;
const coerced = (line: number, column: string, reason: string) => `${line} ${column}: ${reason} → value coerced`;
const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const swallowed = (start: number, from: number, to: number) =>
  lines(from, to).map((l) =>
    rej(l, '(row)', `inside the quoted field that starts on line ${start}: not read as a row`),
  );
const clean = (read = 8): Expected => ({ read, loaded: read, rejected: 0, issues: [] });
const FIRST_ACTIVITY = 'no start date: first activity date 2024-11-01 used';

type Expected = Omit<CaseOutcome, 'adds' | 'entity'> & {
  /** A query on the loaded data and its rows (the values, not only the counts). */
  check?: { sql: string; rows: unknown[][] };
};

const SIGNUP_1 = {
  sql: "SELECT strftime(signup_date, '%Y-%m-%d') FROM accounts WHERE account_id = 'ACC-00001'",
  rows: [['2020-11-19']],
};
const NAME_2 = (name: string) => ({ sql: "SELECT name FROM accounts WHERE account_id = 'ACC-00002'", rows: [[name]] });

const EXPECTED: Record<string, Expected> = {
  'accounts-unclosed-quote.csv': {
    read: 8,
    loaded: 3,
    rejected: 5,
    issues: [
      rej(
        5,
        'name',
        'a quote opened on line 5 is never closed, so lines 5–9 were read as one row (the 4 rows below it are rejected with it); fix or remove that quote and import again',
      ),
      ...swallowed(5, 6, 9),
    ],
  },
  'accounts-quote-closed-later.csv': {
    read: 8,
    loaded: 4,
    rejected: 4,
    issues: [
      rej(
        3,
        'name',
        'a quoted field runs from line 3 to line 6, so they were read as one broken row (the 3 rows below it are rejected with it); check the quotes on line 3',
      ),
      ...swallowed(3, 4, 6),
    ],
  },
  'accounts-stray-quote-mid-field.csv': {
    ...clean(),
    check: { sql: "SELECT name FROM accounts WHERE account_id = 'ACC-00003'", rows: [['Maple "Retail']] },
  },
  'accounts-ragged-short.csv': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(4, '(row)', 'row has fewer fields than the header')],
  },
  'accounts-ragged-long.csv': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(7, '(row)', 'row has more fields than the header')],
  },
  'accounts-multiline-name.csv': { ...clean(), check: NAME_2('Lumen\nLogistics BV') },
  // The quoted line break moves every later row down one line.
  'accounts-multiline-then-ragged.csv': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(8, '(row)', 'row has more fields than the header')],
  },
  'accounts-quoted-everything.csv': clean(),
  'accounts-trailing-delimiter.csv': clean(),
  'accounts-blank-lines-between.csv': clean(),
  'accounts-no-final-newline.csv': clean(),
  'accounts-spaces-around-values.csv': { ...clean(), check: NAME_2('Lumen Logistics BV') },
  'accounts-crlf.csv': clean(),
  'accounts-cr-only.csv': clean(),
  'accounts-mixed-line-endings.csv': clean(),
  'accounts-crlf-ragged.csv': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(6, '(row)', 'row has more fields than the header')],
  },
  'accounts-utf8-bom.csv': clean(),
  'accounts-windows-1252.csv': { ...clean(), check: NAME_2('Lümen “Logistics” – €') },
  'accounts-utf16le-bom.csv': { ...clean(), check: NAME_2('Lümen “Logistics” – €') },
  'accounts-utf16be-bom.csv': { ...clean(), check: NAME_2('Lümen “Logistics” – €') },
  'accounts-utf16le-no-bom.csv': { ...clean(), check: NAME_2('Lümen “Logistics” – €') },
  'accounts-latin1.csv': {
    ...clean(),
    check: { sql: "SELECT name FROM accounts WHERE account_id = 'ACC-00003'", rows: [['Måple Retail']] },
  },
  // The inserted line "A-ÿ" (one invalid UTF-8 byte) is read as Windows-1252, and is a row with one field.
  'accounts-invalid-utf8-byte.csv': {
    read: 9,
    loaded: 8,
    rejected: 1,
    issues: [rej(4, '(row)', 'row has fewer fields than the header')],
  },
  'accounts-empty.csv': {
    error: 'accounts-empty.csv: is empty (0 bytes): export it again, or leave it out of this import.',
  },
  'accounts-blank-lines-only.csv': {
    error: 'accounts-blank-lines-only.csv: holds only blank lines: export it again, or leave it out of this import.',
  },
  'accounts-binary.csv': {
    error:
      'accounts-binary.csv: is not a text export: 13 % of its first characters are binary bytes. Check that it is the file you meant; a spreadsheet or Parquet file needs its real extension (.xlsx, .parquet).',
  },
  'accounts-gzip-named-csv.csv': {
    error:
      'accounts-gzip-named-csv.csv: is gzip-compressed but not named .gz: rename it to end in .gz, or unpack it first.',
  },
  'accounts-xlsx-named-csv.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-header-only.csv': {
    error:
      'accounts-header-only.csv has a header but no rows: no account to score, and every other export is checked against the accounts. Export the account list again.',
  },
  'accounts-header-only-no-newline.csv': {
    error:
      'accounts-header-only-no-newline.csv has a header but no rows: no account to score, and every other export is checked against the accounts. Export the account list again.',
  },
  'accounts-ten-thousand-columns.csv': {
    error:
      'accounts-ten-thousand-columns.csv: has 10,000 columns; the workbench reads at most 1,000. An export this wide is usually a pivot (one column per day, user or feature): export it in long form, one row per account and date.',
  },
  'accounts-duplicate-headers.csv': clean(),
  'accounts-blank-header-cell.csv': clean(),
  'accounts-no-header.csv': {
    error:
      'accounts-no-header.csv: no column mapped to Account ID (needed for Accounts (CRM)); the file seems to have no header row (its first row looks like data): add the header line, or map the columns by position',
  },
  'accounts-preamble-rows.csv': { ...clean(), check: SIGNUP_1 },
  // Two preamble lines; the header on line 3, so ACC-00004 (the 4th data row) is on line 7.
  'accounts-preamble-then-blank-id.csv': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(7, 'account_id', 'blank Account ID')],
  },
  'accounts-header-renamed.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-semicolon.csv': clean(),
  'accounts-tab.tsv': clean(),
  'accounts-pipe.txt': clean(),
  'accounts-semicolon-decimal-comma.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: lines(2, 9).map((l) => coerced(l, 'arr', 'decimal comma read as a decimal point')),
    check: { sql: "SELECT arr FROM accounts WHERE account_id = 'ACC-00001'", rows: [[3128.5]] },
  },
  'accounts-blank-id.csv': { read: 8, loaded: 7, rejected: 1, issues: [rej(4, 'account_id', 'blank Account ID')] },
  'accounts-duplicate-id.csv': {
    read: 9,
    loaded: 8,
    rejected: 1,
    issues: [rej(10, 'account_id', 'duplicate account id (the first occurrence is kept)')],
  },
  'accounts-footer-total.csv': {
    read: 9,
    loaded: 8,
    rejected: 1,
    issues: [rej(10, 'account_id', 'a report footer ("Total" row), not an account')],
  },
  'accounts-nan-arr.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: [missing(3, 'arr', 'not a number'), missing(6, 'arr', 'not a number')],
  },
  'accounts-thousands-arr.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: lines(2, 9).map((l) => coerced(l, 'arr', 'thousands separators removed')),
    check: { sql: "SELECT arr FROM accounts WHERE account_id = 'ACC-00004'", rows: [[442601]] },
  },
  'accounts-negative-arr.csv': { read: 8, loaded: 8, rejected: 0, issues: [missing(4, 'arr', 'negative ARR')] },
  'accounts-currency-arr.csv': { read: 8, loaded: 8, rejected: 0, issues: [missing(2, 'arr', 'not a number')] },
  'accounts-fractional-seats.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: [
      missing(2, 'seats', 'not a whole non-negative count'),
      missing(3, 'seats', 'not a whole non-negative count'),
    ],
  },
  'accounts-huge-seats.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: [missing(5, 'seats', 'count above 2,147,483,647')],
  },
  'accounts-bad-signup-date.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: [
      coerced(7, 'signup_date', FIRST_ACTIVITY),
      missing(7, 'signup_date', 'unparseable date (expected YYYY-MM-DD (ISO))'),
    ],
  },
  'accounts-future-signup.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: [
      missing(8, 'signup_date', 'date after today: it cannot have happened yet'),
      coerced(8, 'signup_date', FIRST_ACTIVITY),
    ],
  },
  'accounts-1900-signup.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: [
      missing(9, 'signup_date', 'date before 1990-01-01: a placeholder or a typo'),
      coerced(9, 'signup_date', FIRST_ACTIVITY),
    ],
  },
  'accounts-blank-signup.csv': { read: 8, loaded: 8, rejected: 0, issues: [coerced(2, 'signup_date', FIRST_ACTIVITY)] },
  'accounts-dates-us-slash.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-eu-dot.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-eu-dash.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-us-dash.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-compact.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-month-name.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-day-month-name.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-excel-serial.csv': { ...clean(), check: SIGNUP_1 },
  'accounts-dates-iso-timestamp.csv': { ...clean(), check: SIGNUP_1 },
  // No built-in format reads DD/MM/YY, so no column is proposed as the start date: every account takes its first activity.
  'accounts-dates-two-digit-year.csv': {
    read: 8,
    loaded: 8,
    rejected: 0,
    issues: lines(2, 9).map((l) => coerced(l, '(no start date column)', FIRST_ACTIVITY)),
  },
  'accounts-gzip.csv.gz': clean(),
  // 4,000 usage rows gzipped and cut in half: 703 whole lines (header included) decompress before the cut (zlib in Python agrees).
  'usage-truncated.csv.gz': {
    error:
      'usage-truncated.csv.gz: is truncated: the compressed file ends early (an interrupted download or copy). 702 complete rows were read before the end; nothing was loaded from it. Download or export it again.',
  },
  'accounts-truncated.csv.gz': {
    error:
      'accounts-truncated.csv.gz: is truncated: the compressed file ends early (an interrupted download or copy). 0 complete rows were read before the end; nothing was loaded from it. Download or export it again.',
  },
  'accounts-array.json': { ...clean(), check: SIGNUP_1 },
  'accounts-object-wrapper.json': {
    error:
      'accounts-object-wrapper.json: holds one JSON object, not an array of records (the records seem to be in its "data" list): export the records as an array [{…}, {…}] or as NDJSON (one object per line).',
  },
  'accounts-object-wrapper-one-line.json': {
    error:
      'accounts-object-wrapper-one-line.json: holds one JSON object, not an array of records (the records seem to be in its "data" list): export the records as an array [{…}, {…}] or as NDJSON (one object per line).',
  },
  'accounts-truncated-array.json': {
    error:
      'accounts-truncated-array.json: cannot be read as a JSON array (Invalid Input Error: Malformed JSON in file "accounts-truncated-array.json", at byte 99 in record/value 4: unexpected end of data. ); check that the file is complete and its extension says what it holds.',
  },
  'accounts-empty.json': {
    error: 'accounts-empty.json: is empty (0 bytes): export it again, or leave it out of this import.',
  },
  'accounts.ndjson': clean(),
  'accounts-bad-line.ndjson': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(4, '(row)', 'not valid JSON (Unterminated string in JSON at position 40)')],
  },
  'accounts-array-line.ndjson': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(6, '(row)', 'not a JSON object (each line of an NDJSON file must be one record {…})')],
  },
  'accounts-blank-lines.ndjson': clean(),
  'accounts-crlf.ndjson': clean(),
  'accounts-all-bad-lines.ndjson': {
    error:
      'accounts-all-bad-lines.ndjson: has no valid JSON record in its first 8 lines (line 1: not valid JSON (Unterminated string in JSON at position 20)); check that it is NDJSON, one object per line.',
  },
  // The blank id is on line 7 whatever line 2 holds: kept records keep their own line.
  'accounts-bad-line-and-blank-id.ndjson': {
    read: 8,
    loaded: 6,
    rejected: 2,
    issues: [
      rej(2, '(row)', 'not valid JSON (Unexpected token \'o\', "not json at all" is not valid JSON)'),
      rej(7, 'account_id', 'blank Account ID'),
    ],
  },
  'accounts.xlsx': { ...clean(), check: SIGNUP_1 },
  'accounts-title-row.xlsx': { ...clean(), check: SIGNUP_1 },
  'accounts-empty-first-sheet.xlsx': { ...clean(), check: SIGNUP_1 },
  'accounts-all-sheets-empty.xlsx': {
    error:
      'accounts-all-sheets-empty.xlsx: has no rows in any sheet: export the data again, or check you picked the right workbook.',
  },
  'accounts-xlsx-blank-id.xlsx': {
    read: 8,
    loaded: 7,
    rejected: 1,
    issues: [rej(3, 'account_id', 'blank Account ID')],
  },
  'accounts-xlsx-serial-dates.xlsx': { ...clean(), check: SIGNUP_1 },
  'churn-header-only.csv': { read: 0, loaded: 0, rejected: 0, issues: [] },
  'churn-all-unknown-accounts.csv': {
    error:
      'churn-all-unknown-accounts.csv: all 3 rows were rejected (first: line 2, column "account_id": account id not in the accounts export), so there is no churn outcome to backtest against. Map its Account ID to the column holding the accounts\' ids and its Churn date to the date column, then import again.',
  },
  'churn-one-bad-date.csv': {
    read: 3,
    loaded: 2,
    rejected: 1,
    issues: [rej(4, 'churn_date', 'unparseable date (expected YYYY-MM-DD (ISO))')],
  },
  'churn-before-signup.csv': {
    read: 3,
    loaded: 2,
    rejected: 1,
    issues: [rej(2, 'churn_date', 'churn dated before the account started (2020-11-19): check both dates')],
  },
  'churn-future-date.csv': {
    read: 3,
    loaded: 2,
    rejected: 1,
    issues: [rej(3, 'churn_date', 'date after today: it cannot have happened yet')],
  },
  'churn-unclosed-quote.csv': {
    error:
      'churn-unclosed-quote.csv: all 3 rows were rejected (first: line 2, column "reason": a quote opened on line 2 is never closed, so lines 2–4 were read as one row (the 2 rows below it are rejected with it); fix or remove that quote and import again), so there is no churn outcome to backtest against. Map its Account ID to the column holding the accounts\' ids and its Churn date to the date column, then import again.',
  },
  'usage-unknown-account.csv': {
    read: 32,
    loaded: 31,
    rejected: 1,
    issues: [rej(6, 'account_id', 'account id not in the accounts export')],
  },
  'usage-exact-duplicate.csv': {
    read: 33,
    loaded: 32,
    rejected: 1,
    issues: [rej(34, '(row)', 'exact duplicate of an earlier row in this file (counted once)')],
  },
  'usage-negative-count.csv': {
    read: 32,
    loaded: 32,
    rejected: 0,
    issues: [missing(4, 'logins', 'not a whole non-negative count')],
  },
  'usage-thousands-separators.csv': {
    read: 32,
    loaded: 32,
    rejected: 0,
    issues: lines(2, 4).map((l) => coerced(l, 'api_calls', 'thousands separators removed')),
  },
  'usage-ragged-crlf.csv': {
    read: 32,
    loaded: 31,
    rejected: 1,
    issues: [rej(11, '(row)', 'row has fewer fields than the header')],
  },
  'usage-unclosed-quote-midfile.csv': {
    read: 32,
    loaded: 19,
    rejected: 13,
    issues: [
      rej(
        21,
        'community_actions',
        'a quote opened on line 21 is never closed, so lines 21–33 were read as one row (the 12 rows below it are rejected with it); fix or remove that quote and import again',
      ),
      ...swallowed(21, 22, 33),
    ],
  },
  'usage-nul-bytes.csv': { read: 32, loaded: 32, rejected: 0, issues: [missing(8, 'api_calls', 'not a number')] },
  'accounts-int-dates.parquet': { ...clean(), check: SIGNUP_1 },
  'accounts-serial-dates.parquet': { ...clean(), check: SIGNUP_1 },
  'accounts-truncated.parquet': {
    error:
      "accounts-truncated.parquet: cannot be read as Parquet (Invalid Input Error: No magic bytes found at end of file 'accounts-truncated.parquet'); check that the file is complete and its extension says what it holds.",
  },
  'accounts-csv-named-parquet.parquet': {
    error:
      "accounts-csv-named-parquet.parquet: cannot be read as Parquet (Invalid Input Error: No magic bytes found at end of file 'accounts-csv-named-parquet.parquet'); check that the file is complete and its extension says what it holds.",
  },
};

const CASES = [
  ...corpus().map((c) => ({ name: c.name, slot: c.slot })),
  ...PARQUET_CASES.map((name) => ({ name, slot: 'accounts' as Slot })),
];

describe('broken-export corpus', () => {
  it("has at least 80 files, each with an expectation, and the committed bytes are the generator's", async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(Object.keys(EXPECTED).sort()).toEqual(CASES.map((c) => c.name).sort());
    expect(readdirSync(FILES).sort()).toEqual(CASES.map((c) => c.name).sort());
    const fresh = mkdtempSync(join(tmpdir(), 'hsw-broken-regen-'));
    await writeCorpus(fresh);
    for (const c of corpus())
      expect(readFileSync(join(FILES, c.name)).equals(readFileSync(join(fresh, c.name))), c.name).toBe(true);
  });

  it.each(CASES)('$name', async ({ name, slot }) => {
    const path = (s: Exclude<Slot, 'extra'>) => (slot === s ? join(FILES, name) : base[s]);
    const want = EXPECTED[name]!;
    const got = await runImportCase([path('accounts'), path('churn'), path('usage')], name, {}, want.check?.sql);
    if (want.error !== undefined) {
      expect(got.error).toBe(want.error);
      return;
    }
    expect(got.error).toBeUndefined();
    expect({ read: got.read, loaded: got.loaded, rejected: got.rejected, issues: got.issues }).toEqual({
      read: want.read,
      loaded: want.loaded,
      rejected: want.rejected,
      issues: want.issues,
    });
    expect(got.adds).toBe(true);
    if (want.check) expect(got.rows).toEqual(want.check.rows);
  });
});
