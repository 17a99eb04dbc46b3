import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../engine/node/data/duckdb.js';

/** A table far larger than a 96 MB cap, sorted: DuckDB can only answer by spilling to its temporary directory. */
async function spillingChecksum(
  db: Database,
  offset: number,
): Promise<{ rows: number; first: number; sum: number; spilled: boolean }> {
  // DuckDB names its spill files by block size only (duckdb_temp_storage_S64K-0.tmp…), so two databases
  // sharing one folder write the same files: watching the folder shows this one really spilled.
  let spilled = false;
  const watch = setInterval(() => {
    spilled ||= readdirSync(db.tempDirectory).some((f) => f.startsWith('duckdb_temp_storage'));
  }, 10);
  const rows = `SELECT i + ${offset} AS i, md5((i + ${offset})::VARCHAR) || md5(i::VARCHAR) AS h FROM range(3000000) r(i)`;
  const reader = await db.conn.runAndReadAll(
    `SELECT count(*)::DOUBLE AS n, arg_min(i, h)::DOUBLE AS f, sum(i)::DOUBLE AS s FROM (${rows} ORDER BY h)`,
  );
  clearInterval(watch);
  const [n, f, s] = reader.getRows()[0]! as [number, number, number];
  return { rows: n, first: f, sum: s, spilled };
}

describe('each DuckDB database spills into its own temporary directory', () => {
  it('gives two databases different folders and removes each on close', async () => {
    const a = await openDatabase(':memory:', { memory: '96MB' });
    const b = await openDatabase(':memory:', { memory: '96MB' });
    expect(a.tempDirectory).not.toBe(b.tempDirectory);
    expect(existsSync(a.tempDirectory)).toBe(true);
    a.close();
    b.close();
    a.close(); // a second close is harmless
    expect(existsSync(a.tempDirectory)).toBe(false);
    expect(existsSync(b.tempDirectory)).toBe(false);
  });

  it('lets two databases spill at the same time and read back exactly their own rows', async () => {
    const a = await openDatabase(':memory:', { memory: '96MB' });
    const b = await openDatabase(':memory:', { memory: '96MB' });
    try {
      const [ra, rb] = await Promise.all([spillingChecksum(a, 0), spillingChecksum(b, 10_000_000)]);
      const n = 3_000_000;
      // Sum of i over [offset, offset + n): n * offset + n (n - 1) / 2.
      expect(ra).toMatchObject({ rows: n, sum: (n * (n - 1)) / 2, spilled: true });
      expect(rb).toMatchObject({ rows: n, sum: n * 10_000_000 + (n * (n - 1)) / 2, spilled: true });
      expect(ra.first).toBeGreaterThanOrEqual(0);
      expect(ra.first).toBeLessThan(n);
      expect(rb.first).toBeGreaterThanOrEqual(10_000_000);
    } finally {
      a.close();
      b.close();
    }
  }, 120_000);
});
