// Bundle the Electron main process and the sandboxed preload into CommonJS.
// The sandboxed preload may only require('electron'), so everything else it
// uses is bundled in; DuckDB stays external because it ships a native binding.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'info',
};

await build({
  ...common,
  entryPoints: ['electron/main.ts'],
  outfile: 'dist-electron/main.cjs',
  external: ['electron', '@duckdb/*'],
});
await build({
  ...common,
  entryPoints: ['electron/preload.ts'],
  outfile: 'dist-electron/preload.cjs',
  external: ['electron'],
});
