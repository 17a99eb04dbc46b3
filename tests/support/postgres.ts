/**
 * A throwaway PostgreSQL server for parity tests: Debian's binaries, a fresh
 * cluster in a temp folder, listening on 127.0.0.1 only, stopped afterwards.
 * Run as root (CI), the server runs as the postgres user, as it insists.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? ok(a.port) : fail(new Error('no port'))));
    });
  });
}

export interface Postgres {
  port: number;
  /** Run SQL through psql; rows as tab-separated lines. */
  psql(sql: string): string;
  /** The query's rows, each cell (as psql prints it, NULL as '') under its column's name, in `columns` order. */
  rows(sql: string, columns: readonly string[]): Record<string, string>[];
  stop(): void;
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'hsw-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? (['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const) : ([cmd, args] as const);
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  run(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-w',
    '-l',
    join(dir, 'server.log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  const pg: Postgres = {
    port,
    rows(sql, columns) {
      return pg
        .psql(sql)
        .trim()
        .split('\n')
        .map((l) => {
          const cells = l.split('\t');
          return Object.fromEntries(columns.map((c, k) => [c, cells[k]!]));
        });
    },
    psql(sql: string) {
      const r = spawnSync(
        join(bin, 'psql'),
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'postgres',
          '-d',
          'postgres',
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-At',
          '-F',
          '\t',
        ],
        { input: sql, encoding: 'utf8', maxBuffer: 1 << 28 },
      );
      if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
      return r.stdout;
    },
    stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return pg;
}

/**
 * Whether the SQL parity suites can run. CI installs PostgreSQL and sets HSW_REQUIRE_POSTGRES=1, so there a
 * missing server is a failure, not a skipped suite.
 */
export function postgresAvailable(): boolean {
  const have = postgresBinDir() !== null;
  if (!have && process.env.HSW_REQUIRE_POSTGRES === '1')
    throw new Error('HSW_REQUIRE_POSTGRES=1 but PostgreSQL is not installed');
  return have;
}

/** The tables the engine loaded, as a psql script that creates them in PostgreSQL (moved over as CSV files in dir). */
export async function exportTablesScript(
  db: { conn: { run(sql: string): Promise<unknown> } },
  tables: readonly { name: string; columns: Record<string, string> }[],
  dir: string,
  filePrefix = '',
): Promise<string> {
  const pgType = (t: string) => (t === 'DOUBLE' ? 'DOUBLE PRECISION' : t);
  let script = '';
  for (const spec of tables) {
    const file = join(dir, `${filePrefix}${spec.name}.csv`);
    await db.conn.run(`COPY ${spec.name} TO '${file}' (HEADER, FORMAT csv)`);
    script += `CREATE TABLE ${spec.name} (${Object.entries(spec.columns)
      .map(([c, t]) => `${c} ${pgType(t)}`)
      .join(', ')});\n\\copy ${spec.name} FROM '${file}' WITH (FORMAT csv, HEADER true)\n`;
  }
  return script;
}
