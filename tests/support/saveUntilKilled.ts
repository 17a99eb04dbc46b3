/**
 * Child process for the crash-safety test: saves a second version of a
 * workspace and, the moment the save opens the file named by `stopAt` for
 * writing (truncated, nothing written yet), says so on stdout and waits to be
 * killed. That is what a power cut or SIGKILL mid-write leaves on disk.
 *
 *   node --import tsx tests/support/saveUntilKilled.ts <root> <stopAt>
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const [root, stopAt] = process.argv.slice(2) as [string, string];
const writeFileSync = fs.writeFileSync;
fs.writeFileSync = ((
  path: fs.PathOrFileDescriptor,
  data: string | NodeJS.ArrayBufferView,
  options?: fs.WriteFileOptions,
) => {
  if (typeof path === 'string' && basename(path).startsWith(stopAt)) {
    fs.closeSync(fs.openSync(path, 'w'));
    fs.writeSync(1, `writing ${basename(path)}\n`);
    // Block here until the parent's SIGKILL; exit with a distinct code if it never comes.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
    process.exit(3);
  }
  writeFileSync(path, data, options);
}) as typeof fs.writeFileSync;
// The engine imports writeFileSync by name: point those bindings at the wrapper too.
syncBuiltinESMExports();

const { openDatabase } = await import('../../engine/node/data/duckdb.js');
const { saveWorkspace } = await import('../../engine/node/workspace/workspaceStore.js');
const db = await openDatabase();
await db.conn.run(`CREATE TABLE accounts AS SELECT * FROM (VALUES ('A-1'), ('A-2')) t(account_id)`);
await saveWorkspace(root, db, {
  name: 'w',
  source: 'second',
  accounts: 2,
  savedAt: '2026-02-01T00:00:00Z',
  fingerprint: { sha256: 'b'.repeat(64), tables: [] },
  files: [],
  imported: [],
  project: { mapping: null, scenarios: [] },
});
fs.writeSync(1, 'saved without stopping\n');
process.exit(4);
