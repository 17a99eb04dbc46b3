/**
 * What the relation proposal (core/import/relations.ts) needs from the files,
 * gathered with DuckDB and bounded: each file is staged as text once; its
 * first PROFILE_ROWS rows give each column's filled and distinct counts and a
 * fixed sample of SAMPLE_VALUES distinct values (ordered by hash, so the same
 * values every run); each candidate key is then searched, over its whole file,
 * for the other files' sampled values only.
 */
import type { Database } from '../data/duckdb.js';
import type { ReadOptions } from '../../core/api/importSchema.js';
import { keyColumns, type FileStats, type KeyHits } from '../../core/import/relations.js';
import { createIssuesTable } from './issues.js';
import { stageFile, type StagedFile } from './stage.js';

export const PROFILE_ROWS = 200_000;
export const SAMPLE_VALUES = 500;

export interface ProfiledFile {
  path: string;
  name: string;
  read: ReadOptions;
  columns: readonly string[];
}

const trimmed = (c: string) => `nullif(trim(${c}), '')`;

export async function profileFiles(
  db: Database,
  files: readonly ProfiledFile[],
): Promise<{ stats: FileStats[]; hits: KeyHits }> {
  await createIssuesTable(db);
  const staged: StagedFile[] = [];
  const stats: FileStats[] = [];
  try {
    await db.conn.run('CREATE OR REPLACE TEMP TABLE prof_samples (file_idx INTEGER, v VARCHAR)');
    for (const [i, f] of files.entries()) {
      const s = await stageFile(db, f.path, i, f.name, f.read, f.columns.length, `prof_${i}`, (p) => p);
      staged.push(s);
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
            `SELECT DISTINCT ${trimmed(c)} FROM prof_${i} WHERE ${trimmed(c)} IN (SELECT v FROM prof_samples WHERE file_idx <> ${i})`,
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
    for (const [i, s] of staged.entries()) {
      await db.conn.run(
        `DROP TABLE IF EXISTS prof_${i}; DROP TABLE IF EXISTS prof_${i}_rejects; DROP TABLE IF EXISTS prof_${i}_scans`,
      );
      s.dispose();
    }
    await db.conn.run('DROP TABLE IF EXISTS prof_samples');
  }
}
