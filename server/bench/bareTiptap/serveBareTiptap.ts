/**
 * Serves a built baseline page directory (buildBareTiptap.ts) on a loopback port, and the
 * bench document as ProseMirror JSON at /content.json for the page without Yjs. It runs in the
 * bench process: it only hands out a few files before the measured keystrokes begin.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
};

/** A running page server. */
export interface BareTiptapServer {
  url: string;
  stop(): Promise<void>;
}

/** Serves `dir` and `content` (the document's ProseMirror JSON) until stopped. */
export async function serveBareTiptap(dir: string, content: string): Promise<BareTiptapServer> {
  const root = path.resolve(dir);
  const server = http.createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://bench').pathname;
    if (pathname === '/content.json') {
      response.writeHead(200, { 'Content-Type': TYPES['.json'] }).end(content);
      return;
    }
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    // Never outside the built directory, whatever the path says.
    if (!file.startsWith(`${root}${path.sep}`) || !fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    response.writeHead(200, { 'Content-Type': type }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port to serve on');
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
