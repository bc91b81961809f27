/**
 * Builds W6's baseline pages (page/index.html: Tiptap with Yjs; page/static.html: Tiptap alone)
 * with Vite's JS API into a temporary directory, minified like the product's client, so that
 * their JavaScript is measured as a production page would ship it. The product's dist/client is
 * never touched: others may be building or serving it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const PAGE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'page');

/** The two pages, as the built directory names them. */
export const BARE_TIPTAP_PAGES = {
  tiptap: 'index.html',
  'tiptap-static': 'static.html',
} as const;

/**
 * Builds both pages into a new temporary directory and returns it; remove it when done.
 *
 * @param minify False for the profiled run, so that its CPU profile names ProseMirror's,
 *   Tiptap's and y-tiptap's functions instead of the minifier's.
 */
export async function buildBareTiptap(minify = true): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'remiss-bench-tiptap-'));
  try {
    await build({
      root: PAGE_DIR,
      configFile: false,
      logLevel: 'warn',
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: true,
        minify,
        rolldownOptions: {
          // The bench's log is for its own progress; how long Vite's plugins took is noise there.
          checks: { bundlerTimings: false },
          input: Object.fromEntries(
            Object.values(BARE_TIPTAP_PAGES).map((page) => [
              page.replace(/\.html$/, ''),
              path.join(PAGE_DIR, page),
            ]),
          ),
        },
      },
    });
  } catch (error) {
    fs.rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
  return outDir;
}
