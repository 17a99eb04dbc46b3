#!/usr/bin/env node
// The bundled CLI (scripts/build-cli.mjs), built by `npm install` through the "prepare" script.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/health-workbench.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'health-workbench: the CLI is not built (dist-cli/health-workbench.mjs is missing); run "npm run build:cli".\n',
  );
  process.exit(2);
}
await import(bundle.href);
