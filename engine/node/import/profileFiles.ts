/**
 * What the relation proposal (core/import/relations.ts) needs from the files,
 * gathered with DuckDB and bounded: each file's first PROFILE_ROWS rows (read
 * as text, never the whole file) give each column's filled and distinct counts
 * and a fixed sample of SAMPLE_VALUES distinct values (ordered by hash, so the
 * same values every run). A candidate key is searched for the other files'
 * sampled values only: in those rows, and over its whole file when the file is
 * longer (one streaming scan, for key tables only; a usage log has no key).
 */
import type { Database } from '../data/duckdb.js';
import { sqlIdent, sqlString } from '../data/duckdb.js';
import type { ReadOptions } from '../../core/api/importSchema.js';
import { keyColumns, type FileStats, type KeyHits } from '../../core/import/relations.js';
import { createIssuesTable } from './issues.js';
import { readerSql } from './sniff.js';
import { stageFile, type StagedFile } from './stage.js';
import { needsTranscoding } from './transcode.js';

export const PROFILE_ROWS = 200_000;
export const SAMPLE_VALUES = 500;

export interface ProfiledFile {
  path: string;
  name: string;
  read: ReadOptions;
  columns: readonly string[];
}

// A function declaration, not an arrow constant: Stryker switches its mutants per test.
function trimmed(c: string): string {
  return `nullif(trim(${c}), '')`;
}

/**
 * The file as text columns c0, c1, … read in place, for formats DuckDB reads
 * directly; null for those that must be staged (XLSX, a CSV in another encoding).
 * Rows the reader cannot split are skipped here: this is a proposal, the import reports them.
 */
async function directSource(db: Database, f: ProfiledFile): Promise<string | null> {
  const cols = f.columns.map((_, i) => `c${i}`);
  if (f.read.format === 'csv') {
    if (needsTranscoding(f.read.encoding)) return null;
    // The lines above the header (a report's title lines) are no rows, as when staging.
    return `read_csv(${sqlString(f.path)}, columns = {${cols.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}},
      header = false, skip = ${(f.read.skipRows ?? 0) + (f.read.header === false ? 0 : 1)}, auto_detect = false,
      delim = ${sqlString(f.read.delimiter ?? ',')}, quote = ${sqlString(f.read.quote ?? '"')}, escape = ${sqlString(f.read.quote ?? '"')},
      strict_mode = false, ignore_errors = true, max_line_size = 4194304)`;
  }
  if (f.read.format === 'xlsx') return null;
  const source = readerSql(f.path, f.read);
  const names = (await db.conn.runAndReadAll(`SELECT * FROM ${source} LIMIT 0`)).columnNames();
  const text = cols.map((c, i) =>
    names[i] === undefined ? `NULL::VARCHAR AS ${c}` : `CAST(${sqlIdent(names[i]!)} AS VARCHAR) AS ${c}`,
  );
  return `(SELECT ${text.join(', ')} FROM ${source})`;
}

export async function profileFiles(
  db: Database,
  files: readonly ProfiledFile[],
): Promise<{ stats: FileStats[]; hits: KeyHits }> {
  await createIssuesTable(db);
  const staged: StagedFile[] = [];
  const stats: FileStats[] = [];
  /** Where a key's whole file is read, when it is longer than the rows profiled. */
  const whole = new Map<number, string>();
  try {
    await db.conn.run('CREATE OR REPLACE TEMP TABLE prof_samples (file_idx INTEGER, v VARCHAR)');
    for (const [i, f] of files.entries()) {
      const source = await directSource(db, f);
      if (source) {
        await db.conn.run(
          `CREATE OR REPLACE TEMP TABLE ${sqlIdent(`prof_${i}`)} AS SELECT * FROM ${source} LIMIT ${PROFILE_ROWS}`,
        );
        whole.set(i, source);
      } else {
        staged.push(await stageFile(db, f.path, i, f.name, f.read, f.columns, `prof_${i}`, (p) => p));
        whole.set(i, `prof_${i}`);
      }
      const head = `(SELECT * FROM prof_${i} LIMIT ${PROFILE_ROWS})`;
      const cols = f.columns.map((_, k) => `c${k}`);
      const counts = (
        await db.conn.runAndReadAll(
          `SELECT count(*)${cols.map((c) => `, count(${trimmed(c)}), count(DISTINCT ${trimmed(c)})`).join('')} FROM ${head}`,
        )
      ).getRows()[0]!;
      const columns = [];
      for (const [k, c] of cols.entries()) {
        const sample = (
          await db.conn.runAndReadAll(
            `SELECT v FROM (SELECT DISTINCT ${trimmed(c)} AS v FROM ${head}) WHERE v IS NOT NULL ORDER BY hash(v), v LIMIT ${SAMPLE_VALUES}`,
          )
        )
          .getRows()
          .map((r) => String(r[0]));
        columns.push({
          name: f.columns[k]!,
          filled: Number(counts[1 + 2 * k]),
          distinct: Number(counts[2 + 2 * k]),
          sample,
        });
        await db.conn.run(
          `INSERT INTO prof_samples SELECT ${i}, v FROM (SELECT DISTINCT ${trimmed(c)} AS v FROM ${head}) WHERE v IS NOT NULL ORDER BY hash(v), v LIMIT ${SAMPLE_VALUES}`,
        );
      }
      stats.push({ name: f.name, rows: Number(counts[0]), columns });
    }
    const hits = new Map<string, Map<string, Set<string>>>();
    for (const [i, f] of files.entries()) {
      const byKey = new Map<string, Set<string>>();
      for (const key of keyColumns(stats[i]!)) {
        const c = `c${f.columns.indexOf(key)}`;
        // The whole key, but only for values some other file has: bounded by the samples, not the key's size.
        const found = (
          await db.conn.runAndReadAll(
            `SELECT DISTINCT ${trimmed(c)} FROM ${stats[i]!.rows < PROFILE_ROWS ? `prof_${i}` : whole.get(i)!} WHERE ${trimmed(c)} IN (SELECT v FROM prof_samples WHERE file_idx <> ${i})`,
          )
        )
          .getRows()
          .map((r) => String(r[0]));
        byKey.set(key, new Set(found));
      }
      hits.set(f.name, byKey);
    }
    return { stats, hits };
  } finally {
    for (let i = 0; i < files.length; i++) {
      await db.conn.run(
        `DROP TABLE IF EXISTS prof_${i}; DROP TABLE IF EXISTS prof_${i}_rejects; DROP TABLE IF EXISTS prof_${i}_scans`,
      );
    }
    for (const s of staged) s.dispose();
    await db.conn.run('DROP TABLE IF EXISTS prof_samples');
  }
}
