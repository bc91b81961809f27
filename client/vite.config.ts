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
  },
  server: {
    port: 5173,
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/collab': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
