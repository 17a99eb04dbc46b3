import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Database {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

/**
 * DuckDB's memory cap. Its default (80 % of RAM) let a 10 M-event load peak at
 * 3 GB and hold 1.5 GB afterwards; 2 GB with a spill directory peaks at 2 GB
 * and settles near 0.7 GB, and loads faster. Larger exports may need more:
 * set HSW_DUCKDB_MEMORY (e.g. "4GB").
 */
export const DUCKDB_MEMORY = process.env.HSW_DUCKDB_MEMORY ?? '2GB';

export async function openDatabase(path = ':memory:'): Promise<Database> {
  // Every query that needs an order says so, which lets DuckDB stream without keeping insertion order.
  const instance = await DuckDBInstance.create(path, { memory_limit: DUCKDB_MEMORY, temp_directory: join(tmpdir(), 'health-workbench-duckdb'), preserve_insertion_order: 'false' });
  const conn = await instance.connect();
  return {
    instance,
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** SQL string literal: file paths and user text never reach SQL unquoted. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** SQL identifier: column names from user files may hold quotes, spaces or keywords. */
export function sqlIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
