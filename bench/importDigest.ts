/**
 * `node --import tsx bench/importDigest.ts [--root CHECKOUT] DIR…`
 *
 * What a folder's import produced, hashed, so that a change meant only to make the import faster
 * can be shown to change nothing: per folder, the per-file summaries (rows read, loaded and
 * rejected, values changed, date ranges), every canonical table's column layout, row count and a
 * hash of its rows, and the issue log (file, ordinal, line, column, value, reason, action) as one
 * md5. --root imports that checkout's modules instead of this one's (run the same script against
 * a copy of the commit before and diff the two outputs). One JSON line per folder.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Conn {
  runAndReadAll(sql: string): Promise<{ getRowsJson(): unknown[][] }>;
}
interface Db {
  conn: Conn;
  close(): void;
}
interface Modules {
  openDatabase(): Promise<Db>;
  standardFolder(db: Db, dir: string): Promise<{ inputs: unknown[] }>;
  importFiles(db: Db, inputs: unknown[], progress: () => void, cancelled: () => boolean): Promise<unknown>;
  tables: readonly { name: string }[];
}

const argv = process.argv.slice(2);
const rootAt = argv.indexOf('--root');
const root = resolve(rootAt >= 0 ? argv[rootAt + 1]! : new URL('..', import.meta.url).pathname);
const dirs = argv.filter((a, i) => a !== '--root' && argv[i - 1] !== '--root');
if (dirs.length === 0) {
  process.stderr.write('usage: node --import tsx bench/importDigest.ts [--root CHECKOUT] DIR…\n');
  process.exit(2);
}

async function load(): Promise<Modules> {
  const at = (p: string) => pathToFileURL(`${root}/engine/node/${p}`).href;
  const duck = (await import(at('data/duckdb.ts'))) as Pick<Modules, 'openDatabase'>;
  const folder = (await import(at('data/standardFolder.ts'))) as Pick<Modules, 'standardFolder'>;
  const files = (await import(at('import/importFiles.ts'))) as Pick<Modules, 'importFiles'>;
  const tables = (await import(at('data/exportTables.ts'))) as { EXPORT_TABLES: Modules['tables'] };
  return { ...duck, ...folder, ...files, tables: tables.EXPORT_TABLES };
}

const rows = async (db: Db, sql: string) => (await db.conn.runAndReadAll(sql)).getRowsJson();

async function digest(m: Modules, dir: string): Promise<Record<string, unknown>> {
  const db = await m.openDatabase();
  const out: Record<string, unknown> = { dir };
  try {
    try {
      const folder = await m.standardFolder(db, dir);
      out.summary = await m.importFiles(
        db,
        folder.inputs,
        () => undefined,
        () => false,
      );
    } catch (e) {
      out.error = (e as Error).message;
    }
    for (const { name } of m.tables) {
      const cols = await rows(
        db,
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${name}' ORDER BY ordinal_position`,
      );
      if (cols.length === 0) continue;
      // Order-free: the sum of every row's hash (as text, so NULLs and types count) and its count.
      const [count, sum] = (
        await rows(db, `SELECT count(*), coalesce(sum(hash(t::VARCHAR)::HUGEINT), 0)::VARCHAR FROM "${name}" t`)
      )[0]!;
      out[name] = { layout: cols.map((c) => c.join(':')).join(','), count, sum };
    }
    const logged = await rows(db, `SELECT 1 FROM duckdb_tables() WHERE table_name = 'import_issues'`);
    out.issues =
      logged.length === 0
        ? 'no issue log'
        : (
            await rows(
              db,
              `SELECT count(*), md5(coalesce(string_agg(concat_ws('|', file_idx, file, ord, line, column_name, value, reason, action), '\n'
          ORDER BY file_idx, ord, line, column_name, reason, value, action), '')) FROM import_issues`,
            )
          )[0];
  } finally {
    db.close();
  }
  return out;
}

const modules = await load();
for (const dir of dirs) console.log(JSON.stringify(await digest(modules, resolve(dir))));
