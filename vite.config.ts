import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from a file-like origin (app:// in Electron, the
// local web host otherwise), so every asset path is relative.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, chunkSizeWarningLimit: 2500, sourcemap: false },
  worker: { format: 'es' },
});
