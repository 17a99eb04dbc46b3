/**
 * `npm run web`: serve the built renderer and the engine on 127.0.0.1.
 * Options: --port N (default 5173; 0 picks a free port), --data DIR (default: the bundled sample data),
 * --state DIR (workspaces and uploaded files; default ~/.health-score-workbench).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineService } from '../engine/node/service.js';
import { startHost } from './httpHost.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('port') ?? process.env.PORT ?? 5173);
const dataDir = resolve(arg('data') ?? join(root, 'sample-data'));
const staticDir = join(root, 'dist', 'renderer');

if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer 0..65535, got ${arg('port')}`);
  process.exit(2);
}
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error(`The renderer is not built (${staticDir}/index.html missing): run "npm run build:renderer" first.`);
  process.exit(2);
}

const stateArg = arg('state');
const engine = new EngineService({ dataDir, ...(stateArg ? { stateDir: resolve(stateArg) } : {}) });
const { server, url } = await startHost({ engine, staticDir }, port);
console.log(`Health Score Workbench (web host) on ${url}  data: ${dataDir}`);
engine.whenReady().then(
  () => console.log('Engine ready.'),
  (err: unknown) => console.error(`Engine failed to load data: ${err instanceof Error ? err.message : String(err)}`),
);

const stop = () => {
  server.close();
  void engine.close().finally(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
