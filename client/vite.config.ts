import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const serverPort = process.env['PORT'] ?? '3000';

/**
 * Builds the web app into dist/client, which the Remiss server serves. In development, Vite
 * serves the app and forwards the API and the collaboration socket to the server.
 */
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../dist/client'),
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              // zodWithoutEval.ts must run before any schema is built (see the module). With
              // pages loaded on first use, schemas land in chunks that the entry imports, and a
              // chunk runs before the entry's own code. In zod's own chunk the setting runs as
              // that chunk loads, before anything that uses zod can.
              name: 'zod',
              test: (id) => /[\\/]node_modules[\\/]zod[\\/]|[\\/]zodWithoutEval\.ts$/.test(id),
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/collab': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
