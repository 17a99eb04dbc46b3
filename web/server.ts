/**
 * `npm run web`: serve the built renderer and the engine on 127.0.0.1 (see --help for the options).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineService } from '../engine/node/service.js';
import { optionsHelp, parseCommandLine, UsageError } from '../engine/node/commandLine.js';
import { newToken, startHost } from './httpHost.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const OPTIONS = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  port: { type: 'string', arg: 'N', help: 'port on 127.0.0.1 (default $PORT or 5173; 0 picks a free port)' },
  data: { type: 'string', arg: 'DIR', help: 'folder of exports loaded at start (default: the bundled sample data)' },
  state: { type: 'string', arg: 'DIR', help: 'workspaces and uploaded files (default ~/.health-score-workbench)' },
} as const;
const HELP = `npm run web -- [options]\n\nServes the Health Score Workbench (renderer and engine) on 127.0.0.1.\n\nOptions:\n${optionsHelp(OPTIONS)}`;

function usage(message: string): never {
  console.error(`error: ${message}\n\n${HELP}`);
  process.exit(2);
}

let args;
try {
  args = parseCommandLine(process.argv.slice(2), OPTIONS).values;
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  usage(err.message);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const port = Number(args.port ?? process.env.PORT ?? 5173);
const dataDir = resolve(args.data ?? join(root, 'sample-data'));
const staticDir = join(root, 'dist', 'renderer');

if (!Number.isInteger(port) || port < 0 || port > 65535)
  usage(`--port must be an integer 0..65535, got ${args.port ?? process.env.PORT}`);
if (!existsSync(join(staticDir, 'index.html'))) {
  console.error(`The renderer is not built (${staticDir}/index.html missing): run "npm run build:renderer" first.`);
  process.exit(2);
}

const engine = new EngineService({ dataDir, ...(args.state ? { stateDir: resolve(args.state) } : {}) });
// A fixed key only where a test harness must know it in advance; otherwise a new one per launch.
const token = process.env.HSW_TOKEN || newToken();
const { server, url } = await startHost({ engine, staticDir, token }, port);
console.log(`Health Score Workbench (web host) on ${url}  data: ${dataDir}`);
console.log("Open that address (it carries this launch's key); without the key the host answers nothing.");
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
