import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is a plain web app: Electron loads the built files through the app:// protocol,
// and dev:web / the e2e tests serve the very same build to plain Chromium.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  // The export worker loads each format's library on demand: code-splitting needs ES workers.
  worker: { format: 'es' },
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});
