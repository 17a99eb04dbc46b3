/** The CLI as installed: bin/health-workbench.mjs running the esbuild bundle, on plain Node (no tsx). */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Bundle the CLI (scripts/build-cli.mjs), as `npm test` does before the tests. */
export function buildCli(): void {
  const built = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the CLI failed:\n${built.stderr}`);
}

/** Run the built CLI from the repository root: its exit code, stdout and stderr. */
export function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'health-workbench.mjs'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
