/**
 * The reader's rejected rows are reported once each, by the first error in the row, whatever order
 * DuckDB's parallel reader listed the errors in.
 */
import { describe, expect, it } from 'vitest';
import { firstErrorPerRow, type ReaderError } from '../../engine/node/import/readerRejects.js';

// Record 146501 opens a quote in key_actions (c5, byte 6,483,391) that a quote on a later line closes
// with text after it: one "unquoted value" and an error per column beyond the header (bytes 9.7 M on).
const opened: ReaderError = {
  line: 146501,
  bytePosition: 6483391,
  columnIndex: 6,
  type: 'UNQUOTED VALUE',
  text: 'ACC-01644,2026-10-16,2,7,14,"5,103',
  column: 'c5',
};
const beyond = (bytePosition: number, columnIndex: number): ReaderError => ({
  ...opened,
  bytePosition,
  columnIndex,
  type: 'TOO MANY COLUMNS',
  column: '',
});
// Record 145991 has five fields of ten: one "missing columns" per absent column, all at the row's end.
const short = (columnIndex: number): ReaderError => ({
  line: 145991,
  bytePosition: 6461093,
  columnIndex,
  type: 'MISSING COLUMNS',
  text: 'ACC-01640,2025-01-03,3,11,2',
  column: `c${columnIndex}`,
});

describe('the rows the reader rejected', () => {
  it('name the first error in the row, however the errors were listed', () => {
    const listed = [beyond(9740100, 13), beyond(9740095, 12), opened, beyond(9740105, 14)];
    for (const order of [listed, [...listed].reverse(), [listed[2]!, ...listed.slice(0, 2), listed[3]!]])
      expect(firstErrorPerRow(order)).toEqual([opened]);
  });

  it('break a tie in position by the column, the first column first', () => {
    expect(firstErrorPerRow([short(7), short(9), short(5), short(8), short(6)])).toEqual([short(5)]);
  });

  it('keep one entry per record, in record order', () => {
    const later = { ...beyond(9865298, 11), line: 149352 };
    expect(firstErrorPerRow([later, beyond(9740100, 13), short(6), opened, short(5)])).toEqual([
      short(5),
      opened,
      later,
    ]);
  });

  it('are none when the reader rejected none', () => {
    expect(firstErrorPerRow([])).toEqual([]);
  });
});
