/** An oracle outside the import: rows of a CSV per account, counted by a fresh DuckDB reading the file as text. */
import { DuckDBInstance } from '@duckdb/node-api';

/** Per account_id, the rows where `where` (SQL over the file's columns, all VARCHAR) holds; 0 where none do. */
export async function csvCountByAccount(file: string, where: string): Promise<Map<string, number>> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    const r = await conn.runAndReadAll(
      `SELECT account_id::VARCHAR, count(*) FILTER (WHERE ${where})::INTEGER
       FROM read_csv('${file.replace(/'/g, "''")}', all_varchar = true) GROUP BY ALL`,
    );
    return new Map(r.getRows().map(([a, n]) => [String(a), Number(n)]));
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
