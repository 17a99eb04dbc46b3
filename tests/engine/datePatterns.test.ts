/**
 * The new date formats and the typed strptime pattern: hand-worked values, and
 * the pure parser (previews, detection) agreeing with the SQL the import runs.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import {
  compileDatePattern,
  DATE_FORMAT_IDS,
  dateSql,
  detectDateFormat,
  parseDate,
  parseWithPattern,
  patternSql,
  type CompiledPattern,
} from '../../engine/core/import/dateFormats.js';

const VALUES = [
  '04-03-2024',
  '4-3-2024',
  '20240304',
  '2024030',
  'Mar 4, 2024',
  'March 4, 2024',
  'Mar. 4 2024',
  '4 Mar 2024',
  '04-Mar-2024',
  '4 March 2024',
  '45355',
  '45355.5',
  'Sept 4, 2024',
  '31-02-2024',
  '13-01-2024',
  '2024-03-04',
  'Foo 4, 2024',
  '4 mars 2024',
  '12/31/2024 10:00 PM',
  '04/03/24',
  '4/3/70',
  '',
];

describe('date formats', () => {
  it('reads the formats CRM exports write (hand-worked)', () => {
    expect(parseDate('04-03-2024', 'eu-dash')).toBe('2024-03-04');
    expect(parseDate('04-03-2024', 'us-dash')).toBe('2024-04-03');
    expect(parseDate('20240304', 'ymd-compact')).toBe('2024-03-04');
    expect(parseDate('Mar 4, 2024', 'mon-d-y')).toBe('2024-03-04');
    expect(parseDate('March 4, 2024', 'mon-d-y')).toBe('2024-03-04');
    expect(parseDate('4 Mar 2024', 'd-mon-y')).toBe('2024-03-04');
    // Excel serial 45355: 1899-12-30 + 45355 days; 60 would be Excel's phantom 1900-02-29, out of range here.
    expect(parseDate('45355', 'excel-serial')).toBe('2024-03-04');
    expect(parseDate('31-02-2024', 'eu-dash')).toBeNull();
    expect(parseDate('Sept 4, 2024', 'mon-d-y')).toBeNull();
  });

  it('detects them, and leaves five-digit amounts alone', () => {
    expect(detectDateFormat(['20240304', '20231231'])?.format).toBe('ymd-compact');
    expect(detectDateFormat(['Mar 4, 2024', 'Dec 31, 2023'])?.format).toBe('mon-d-y');
    expect(detectDateFormat(['45355', '44154'])?.format).toBe('excel-serial');
    expect(detectDateFormat(['13-01-2024', '04-03-2024'])).toMatchObject({ format: 'eu-dash', ambiguousWith: null });
    expect(detectDateFormat(['04-03-2024'])).toMatchObject({ format: 'us-dash', ambiguousWith: 'eu-dash' });
    expect(detectDateFormat(['12000', '99000'])).toBeNull();
  });

  it('validates typed patterns with a sentence', () => {
    expect(compileDatePattern('%Q')).toMatch(/"%Q" in the date pattern is not a directive/);
    expect(compileDatePattern('%Y-%m')).toBe(
      'the date pattern needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d)',
    );
    expect(compileDatePattern('%d-%d-%Y')).toBe(
      'the date pattern needs a year (%Y or %y), a month (%m, %b or %B) and a day (%d)',
    );
    expect(compileDatePattern('%d-%m-%Y-%m')).toBe('the date pattern names the year, month or day twice');
    expect(compileDatePattern('')).toMatch(/empty/);
    const p = compileDatePattern('%d/%m/%y') as CompiledPattern;
    expect(parseWithPattern('04/03/24', p)).toBe('2024-03-04');
    expect(parseWithPattern('4/3/70', p)).toBe('1970-03-04');
  });

  it('the pure parsers and the import SQL agree on every value', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const sqlDate = async (expr: string) =>
      ((await conn.runAndReadAll(`SELECT strftime(${expr}, '%Y-%m-%d')`)).getRowsJson()[0]![0] as string | null) ??
      null;
    for (const f of DATE_FORMAT_IDS)
      for (const v of VALUES) expect(await sqlDate(dateSql(`'${v}'`, f)), `${f} ${v}`).toBe(parseDate(v, f));
    for (const pattern of [
      '%d-%m-%Y',
      '%Y%m%d',
      '%b %d, %Y',
      '%d %B %Y',
      '%d/%m/%y',
      '%m/%d/%Y %I:%M %p',
      '%-d-%-m-%Y',
    ]) {
      const c = compileDatePattern(pattern) as CompiledPattern;
      for (const v of VALUES)
        expect(await sqlDate(patternSql(`'${v}'`, pattern)), `${pattern} ${v}`).toBe(
          v === '' ? null : parseWithPattern(v, c),
        );
    }
    conn.closeSync();
  });
});
