/**
 * `node --import tsx bench/importCost.ts DIR [--runs 3] [--profile] [--only import|bare]`
 *
 * What the checks of a standard folder load cost: the folder imported the way
 * the app loads it (standardFolder + importFiles, no snapshots) against the
 * bare typed read of the same files (loadExportTables), interleaved so a
 * machine that slows down or speeds up affects both alike. --profile also
 * lists the import's slowest statements (each statement timed as it runs);
 * --only times one of the two (to interleave runs of two checkouts). Beside
 * each wall time, the process's CPU time (DuckDB's threads included): on a
 * machine shared with other work it moves far less than the wall time.
 */
import { resolve } from 'node:path';
import { openDatabase, type Database } from '../engine/node/data/duckdb.js';
import { loadExportTables } from '../engine/node/data/exportTables.js';
import { standardFolder } from '../engine/node/data/standardFolder.js';
import { importFiles } from '../engine/node/import/importFiles.js';

const argv = process.argv.slice(2);
const dir = argv.find((a, i) => !a.startsWith('--') && !['--runs', '--only'].includes(argv[i - 1] ?? ''));
if (!dir) {
  process.stderr.write('usage: node --import tsx bench/importCost.ts DIR [--runs 3] [--profile]\n');
  process.exit(2);
}
const at = argv.indexOf('--runs');
const runs = at >= 0 ? Number(argv[at + 1]) : 3;
const profile = argv.includes('--profile');
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
if (only !== undefined && only !== 'import' && only !== 'bare') {
  process.stderr.write('--only takes import or bare\n');
  process.exit(2);
}

interface Timing {
  sql: string;
  ms: number;
}

/** Time every statement the import sends (run and runAndReadAll), keeping the connection's other members. */
function timed(db: Database, into: Timing[]): Database {
  const conn = db.conn;
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      const t0 = performance.now();
      try {
        return await f.apply(conn, a);
      } finally {
        into.push({ sql: String(a[0]).replace(/\s+/g, ' ').slice(0, 140), ms: performance.now() - t0 });
      }
    };
  const proxy = new Proxy(conn, {
    get(target, key, receiver) {
      if (key === 'run') return wrap(target.run);
      if (key === 'runAndReadAll') return wrap(target.runAndReadAll);
      const v: unknown = Reflect.get(target, key, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { ...db, conn: proxy };
}

/** CPU milliseconds (user + system, every thread of the process) since `from`. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

async function importOnce(): Promise<{ ms: number; cpu: number; statements: Timing[]; rows: number }> {
  const db = await openDatabase();
  const statements: Timing[] = [];
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const probe = profile ? timed(db, statements) : db;
    const folder = await standardFolder(probe, dir!);
    const out = await importFiles(
      probe,
      folder.inputs,
      () => undefined,
      () => false,
    );
    const ms = performance.now() - t0;
    return { ms, cpu: cpuMs(c0), statements, rows: out.reduce((s, f) => s + f.rowsRead, 0) };
  } finally {
    db.close();
  }
}

async function bareOnce(): Promise<{ ms: number; cpu: number; rows: number }> {
  const db = await openDatabase();
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await loadExportTables(db, dir!);
    const ms = performance.now() - t0;
    return { ms, cpu: cpuMs(c0), rows: out.reduce((s, t) => s + t.rows, 0) };
  } finally {
    db.close();
  }
}

const imports: number[] = [];
const bares: number[] = [];
const importsCpu: number[] = [];
const baresCpu: number[] = [];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
for (let r = 0; r < runs; r++) {
  if (only !== 'import') {
    const b = await bareOnce();
    bares.push(b.ms);
    baresCpu.push(b.cpu);
  }
  if (only === 'bare') {
    console.log(`run ${r + 1}: bare typed read ${seconds(bares.at(-1)!)} (CPU ${seconds(baresCpu.at(-1)!)})`);
    continue;
  }
  const i = await importOnce();
  imports.push(i.ms);
  importsCpu.push(i.cpu);
  const vs =
    only === 'import'
      ? ''
      : `   bare typed read ${seconds(bares.at(-1)!)} (CPU ${seconds(baresCpu.at(-1)!)})   ratio ${(i.ms / bares.at(-1)!).toFixed(2)}`;
  console.log(
    `run ${r + 1}: import ${seconds(i.ms)} (CPU ${seconds(i.cpu)}, ${i.rows.toLocaleString('en-US')} rows read)${vs}`,
  );
  if (profile) {
    const top = [...i.statements].sort((a, b) => b.ms - a.ms).slice(0, 15);
    for (const s of top) console.log(`  ${s.ms.toFixed(0).padStart(6)} ms  ${s.sql}`);
    console.log(
      `  ${i.statements.length} statements, ${seconds(i.statements.reduce((s, x) => s + x.ms, 0))} in DuckDB`,
    );
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
if (imports.length > 0 && bares.length > 0)
  console.log(
    `median: import ${seconds(median(imports))}, bare ${seconds(median(bares))}, ratio of medians ${(median(imports) / median(bares)).toFixed(2)}; ` +
      `CPU: import ${seconds(median(importsCpu))}, bare ${seconds(median(baresCpu))}, ratio ${(median(importsCpu) / median(baresCpu)).toFixed(2)} (${resolve(dir)})`,
  );
else if (imports.length > 0)
  console.log(`median: import ${seconds(median(imports))}, CPU ${seconds(median(importsCpu))} (${resolve(dir)})`);
