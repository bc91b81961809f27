import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test/startTestServer.ts';
import { initialJavaScript } from './browser.ts';

/**
 * W6's "initial JS" is what a browser must fetch before the first page can run: the module
 * scripts and module preloads that index.html names. Chunks the app imports later do not count
 * there (the browser run counts them in the document page's total).
 */
describe('initialJavaScript', () => {
  const dir = makeTempDir('remiss-w6-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  const entry = 'console.log("entry");'.repeat(50);
  const shared = 'export const zod = 1;'.repeat(80);
  const lazy = 'export const editor = 2;'.repeat(500);
  write('assets/index-a.js', entry);
  write('assets/shared-b.js', shared);
  write('assets/EditorPage-c.js', lazy);
  write('assets/index-d.css', 'body{}');
  write(
    'index.html',
    [
      '<!doctype html><html><head>',
      '<script type="module" crossorigin src="/assets/index-a.js"></script>',
      '<link rel="modulepreload" crossorigin href="/assets/shared-b.js">',
      '<link rel="stylesheet" crossorigin href="/assets/index-d.css">',
      '</head><body><div id="root"></div></body></html>',
    ].join('\n'),
  );

  it('sums the entry script and its module preloads, raw and gzipped, and nothing lazy', () => {
    const measured = initialJavaScript(dir);
    expect(measured?.files.map((file) => file.file)).toEqual([
      '/assets/index-a.js',
      '/assets/shared-b.js',
    ]);
    const gzip = (text: string) => zlib.gzipSync(Buffer.from(text), { level: 9 }).length;
    expect(measured?.bytes).toBe(entry.length + shared.length);
    expect(measured?.gzipBytes).toBe(gzip(entry) + gzip(shared));
  });

  it('says there is nothing to measure when no client is built there', () => {
    expect(initialJavaScript(path.join(dir, 'missing'))).toBeNull();
  });
});
