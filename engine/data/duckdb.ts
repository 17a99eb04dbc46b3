import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Database {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  close(): void;
}

export async function openDatabase(path = ':memory:'): Promise<Database> {
  const instance = await DuckDBInstance.create(path);
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
