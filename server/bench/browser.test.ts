import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test/startTestServer.ts';
import {
  BASELINE_PAGES,
  initialJavaScript,
  insertedOnce,
  w6Baselines,
  type BrowserResult,
} from './browser.ts';
import { buildFixture, removeFixture } from './fixtures.ts';
import { renderMarkdown } from './report.ts';
import { summarise } from './stats.ts';

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

/**
 * W6's baselines, bare Tiptap with and without Yjs, on a small document in the real Chromium:
 * the pages are built, opened against bare Hocuspocus (or static content), typed into and
 * profiled, and report the same fields as Remiss' row. Never how fast.
 */
describe.runIf(fs.existsSync('/usr/bin/chromium'))('W6 baselines', () => {
  const dir = makeTempDir('remiss-w6-baselines-');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const keystrokes = 4;

  it(
    'open the same document, take every key and report sane fields',
    { timeout: 180_000 },
    async () => {
      const fixture = await buildFixture({ paragraphs: 12, editors: 0, commenters: 0 });
      try {
        const results = await w6Baselines(
          { quick: true, smoke: true, runs: 1, workers: 1, profileDir: dir, log: () => undefined },
          fixture,
          keystrokes,
        );
        for (const page of BASELINE_PAGES) {
          const result = results[page];
          const run = result?.runs[0];
          expect(result?.runs, page).toHaveLength(1);
          // Every key painted once, and landed at the end of the paragraph clicked.
          expect(run?.keystrokeToPaint.count, page).toBe(keystrokes);
          expect(run?.keystrokeToPaint.p50, page).toBeGreaterThan(0);
          expect(run?.typed, page).toBe(true);
          expect(run?.openMs, page).toBeGreaterThan(0);
          expect(run?.pageJs?.files, page).toBeGreaterThan(0);
          const initialJs = result?.initialJs;
          expect(initialJs?.gzipBytes, page).toBeGreaterThan(0);
          expect(initialJs?.gzipBytes, page).toBeLessThan(initialJs?.bytes ?? 0);
          // One more run, profiled and kept apart, left a CPU profile and a trace to read.
          expect(result?.profiled?.keystrokeToPaint.count, page).toBe(keystrokes);
          const profile: unknown = JSON.parse(
            fs.readFileSync(path.join(dir, `w6-${page}.cpuprofile`), 'utf8'),
          );
          expect(profile).toHaveProperty('nodes');
          const trace: unknown = JSON.parse(
            fs.readFileSync(path.join(dir, `w6-${page}.trace.json`), 'utf8'),
          );
          expect(trace).toHaveProperty('traceEvents');
        }
        // Only the collaborative page loads Yjs and the provider.
        expect(results.tiptap?.initialJs?.bytes).toBeGreaterThan(
          results['tiptap-static']?.initialJs?.bytes ?? Infinity,
        );
      } finally {
        removeFixture(fixture);
      }
    },
  );
});

describe('insertedOnce', () => {
  it('finds the keys typed wherever the caret was, and nothing else', () => {
    expect(insertedOnce('Ansvar och avgifter.', 'Ansvar och avgifter. och', ' och')).toBe(true);
    // End stops at the end of a wrapped line, inside the paragraph.
    expect(insertedOnce('Ansvar och avgifter.', 'Ansvar och och avgifter.', ' och')).toBe(true);
    expect(insertedOnce('Ansvar och avgifter.', 'Ansvar och avgifter.', ' och')).toBe(false);
    expect(insertedOnce('Ansvar och avgifter.', 'Ansvar oc avgifter. och', ' och')).toBe(false);
  });
});

describe('the W6 report', () => {
  const result = (p50: number, p95: number, gzipBytes: number): BrowserResult => ({
    runs: [{ openMs: 1000, keystrokeToPaint: { ...summarise([p50]), p95 } }],
    initialJs: { files: [], bytes: gzipBytes * 3, gzipBytes, builtAt: null },
  });

  it('lists the baselines next to Remiss and gives Remiss as a ratio of each', () => {
    const markdown = renderMarkdown({
      meta: {
        date: '2026-12-01T00:00:00.000Z',
        commit: '0'.repeat(40),
        dirty: false,
        node: 'v20',
        machine: { cpus: 2, model: 'test', memoryGiB: 4 },
        loadAverageBefore: [],
        loadAverageAfter: [],
        options: { quick: true, runs: 1, workers: 1, smoke: true },
        durationSeconds: 0,
      },
      w6: {
        ...result(40, 80, 300_000),
        words: 1000,
        baselines: { 'tiptap-static': result(4, 8, 100_000), tiptap: result(10, 20, 150_000) },
      },
    });
    expect(markdown).toMatch(/^\| tiptap-static \| 1000 ms \| 4\.0 ms \| 8\.0 ms \|/m);
    expect(markdown).toMatch(/^\| tiptap \| 1000 ms \| 10\.0 ms \| 20\.0 ms \|/m);
    expect(markdown).toContain('**Remiss ÷ bare Tiptap**');
    // p50 and p95 against tiptap-static, then tiptap, then the initial JS against tiptap.
    expect(markdown).toContain('| remiss | 10.00× | 10.00× | 4.00× | 4.00× | 2.00× |');
  });
});
