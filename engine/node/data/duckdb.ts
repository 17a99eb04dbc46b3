import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Database {
  instance: DuckDBInstance;
  conn: DuckDBConnection;
  /** Where this database spills: its own folder, removed by close(). */
  tempDirectory: string;
  /**
   * Runs `work` once every earlier exclusive work has settled. A connection holds one streaming result and one
   * set of temp tables, so two snapshot builds interleaved on it read each other's chunks and overwrite each
   * other's usage_buckets: three custom-signal frames asked for at once gave wrong values in one CI run.
   * Not re-entrant: work must not wait on other exclusive work.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  close(): void;
}

/**
 * DuckDB's memory cap. Tables beyond it spill to a temporary directory and
 * snapshots are built in batches sized from it (engine/snapshots), so a cap
 * well below the exports' size still completes: 384 MB loads and scores
 * 10 M usage events (folder or mapped import) about 7 % slower than 512 MB
 * and with ~150 MB less peak memory, which keeps engine + renderer under
 * 1.5 GB. Set HSW_DUCKDB_MEMORY (e.g. "2GB") to trade memory for headroom.
 */
export const DUCKDB_MEMORY = process.env.HSW_DUCKDB_MEMORY ?? '384MB';

const UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Bytes in a DuckDB memory setting such as "512MB", "1.5GB" or "800MiB" (decimal units are powers of 1000, as DuckDB reads them). */
export function memoryBytes(setting: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(setting);
  if (!m) throw new Error(`HSW_DUCKDB_MEMORY: cannot read ${JSON.stringify(setting)}; write it like 512MB or 2GB`);
  return Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!;
}

export interface OpenOptions {
  /** DuckDB's memory cap for this database (default DUCKDB_MEMORY). */
  memory?: string;
}

/**
 * Each database spills into a folder of its own. With one shared folder, 14
 * concurrent CLI runs that spilled gave 6 segfaults and 7 errors or wrong rows
 * read back: DuckDB names its spill files per process-local buffer, not per
 * instance, so two engines overwrote each other's blocks.
 */
export async function openDatabase(path = ':memory:', options: OpenOptions = {}): Promise<Database> {
  const tempDirectory = mkdtempSync(join(tmpdir(), 'health-workbench-duckdb-'));
  let instance: DuckDBInstance;
  try {
    // Every query that needs an order says so, which lets DuckDB stream without keeping insertion order.
    instance = await DuckDBInstance.create(path, {
      memory_limit: options.memory ?? DUCKDB_MEMORY,
      temp_directory: tempDirectory,
      preserve_insertion_order: 'false',
    });
  } catch (err) {
    rmSync(tempDirectory, { recursive: true, force: true });
    throw err;
  }
  const conn = await instance.connect();
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    instance,
    conn,
    tempDirectory,
    exclusive(work) {
      const run = queue.then(work, work);
      queue = run.catch(() => undefined);
      return run;
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        conn.closeSync();
        instance.closeSync();
      } finally {
        rmSync(tempDirectory, { recursive: true, force: true });
      }
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
