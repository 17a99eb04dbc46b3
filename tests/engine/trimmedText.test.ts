/**
 * A text value skips DuckDB's trim when it has nothing to trim (trimmedText): the value it
 * gives must be trim's in every case, so every Unicode code point is tried at either end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sqlString, type Database } from '../../engine/node/data/duckdb.js';
import { trimmedText } from '../../engine/node/import/fieldSql.js';

let db: Database;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(() => db.close());

const one = async (v: string | null): Promise<unknown> => {
  const lit = v === null ? 'NULL::VARCHAR' : sqlString(v);
  return (await db.conn.runAndReadAll(`SELECT ${trimmedText('v')} FROM (SELECT ${lit} AS v)`)).getRowsJson()[0]![0];
};

describe('trimmedText', () => {
  it('gives the hand-worked value of ids as exports write them', async () => {
    // The Unicode space separators go from either end; a tab or a zero-width space is not one.
    const cases: [string | null, string | null][] = [
      ['ACC-00001', 'ACC-00001'],
      [' ACC-00001', 'ACC-00001'],
      ['ACC-00001  ', 'ACC-00001'],
      ['\u00a0ACC-7\u00a0', 'ACC-7'],
      ['\u3000東京\u3000', '東京'],
      ['Zürich\u2003', 'Zürich'],
      ['\u202fx', 'x'],
      ['\tACC-1', '\tACC-1'],
      ['ACC-1\t', 'ACC-1\t'],
      ['\u200bACC-1', '\u200bACC-1'],
      ['!', '!'],
      ['a', 'a'],
      [' ', null],
      ['\u00a0 \u3000', null],
      ['', null],
      [null, null],
      ['a b', 'a b'],
      ['~', '~'],
      ['\u007f', '\u007f'],
    ];
    for (const [v, want] of cases) expect([v, await one(v)]).toEqual([v, want]);
  });

  it("equals nullif(trim(v), '') for every code point alone, at the start, at the end and inside", async () => {
    await db.conn.run(`CREATE OR REPLACE TEMP TABLE cp AS SELECT chr(range::INTEGER) AS c FROM range(1, 1114112)
      WHERE range NOT BETWEEN 55296 AND 57343`);
    const shapes = ['c', "c || 'ab'", "'ab' || c", "'a' || c || 'b'", 'c || c', "c || ' '", "' ' || c"];
    const rows = (
      await db.conn.runAndReadAll(
        `SELECT count(*), count(*) FILTER (WHERE ${trimmedText('v')} IS DISTINCT FROM nullif(trim(v), ''))
         FROM (${shapes.map((s) => `SELECT ${s} AS v FROM cp`).join(' UNION ALL ')})`,
      )
    ).getRowsJson()[0]!;
    expect(Number(rows[0])).toBe(7 * (1114111 - 2048));
    expect(Number(rows[1])).toBe(0);
  });
});
