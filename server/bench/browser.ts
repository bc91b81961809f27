/**
 * W6: the browser. The built client (dist/client) in the system Chromium against Remiss, on a
 * document of about 100,000 words: how long from a key press to the next frame, how much
 * JavaScript the first page load needs, gzipped, and how much the document page fetched in all
 * until it was synced (the first figure counts what index.html names; code loaded on first use
 * comes on top, and the second figure says how much).
 *
 * Keystroke-to-paint is measured in the page: a keydown listener notes the event's timestamp,
 * asks for the next animation frame, and in it posts a message; when the message arrives the
 * frame has been produced (the usual way to time input to next paint without the Event Timing
 * API, whose durations are rounded to 8 ms and reported only above 16 ms). Keys are sent through
 * CDP as real key events, one at a time: the next 60 ms after the last one painted.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { projectRoot } from '../projectRoot.ts';
import { clientDirOf, startBenchServer, type ServerKind } from './benchServer.ts';
import type { Fixture } from './fixtures.ts';
import { monotonicMs, summarise, type LatencySummary } from './stats.ts';
import type { BenchOptions } from './workloads.ts';

/** The system Chromium; the bench never downloads a browser. */
const CHROMIUM = '/usr/bin/chromium';

/**
 * How long the document page may take to open and sync. Opening the 99,000-word draft with its
 * 5,000 comments took 181 s at a load average of 12 on 2 cores (3 s for 200 paragraphs), so a
 * shorter wait fails the run on a busy machine instead of measuring it.
 */
const OPEN_TIMEOUT_MS = 400_000;

/** The JavaScript `index.html` loads before anything is lazily imported. */
export interface InitialJavaScript {
  files: { file: string; bytes: number; gzipBytes: number }[];
  bytes: number;
  /** gzip level 9, as a static server would precompress. */
  gzipBytes: number;
  /** When the bundle was built: it is measured as found in dist/client. */
  builtAt: string | null;
  /** Where it was measured, when not dist/client (`--client-dir`). */
  clientDir?: string;
}

/**
 * Reads dist/client/index.html and sums its module scripts and modulepreload links, raw and
 * gzipped. Null if the client is not built.
 */
export function initialJavaScript(
  clientDir = path.join(projectRoot(), 'dist', 'client'),
): InitialJavaScript | null {
  const indexFile = path.join(clientDir, 'index.html');
  if (!fs.existsSync(indexFile)) return null;
  const html = fs.readFileSync(indexFile, 'utf8');
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g))
    if (match[1]) sources.add(match[1]);
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    if (match[1]) sources.add(match[1]);
  }
  const files = [...sources].map((source) => {
    const data = fs.readFileSync(path.join(clientDir, source.replace(/^\//, '')));
    return {
      file: source,
      bytes: data.length,
      gzipBytes: zlib.gzipSync(data, { level: 9 }).length,
    };
  });
  const first = files[0];
  return {
    files,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: files.reduce((sum, file) => sum + file.gzipBytes, 0),
    builtAt: first
      ? fs.statSync(path.join(clientDir, first.file.replace(/^\//, ''))).mtime.toISOString()
      : null,
  };
}

/** The JavaScript a page fetched, whether index.html named it or the app imported it later. */
export interface PageJavaScript {
  files: number;
  bytes: number;
  /** gzip level 9, as for the initial JavaScript. */
  gzipBytes: number;
}

/** One W6 run. */
export interface BrowserRun {
  /** From navigation until the editor shows the whole document and says it is saved, ms. */
  openMs: number;
  /** Every script the document page fetched from navigation until synced. */
  pageJs?: PageJavaScript;
  keystrokeToPaint: LatencySummary;
  generator?: { saturated: boolean };
}

/** What the page functions below read, typed here since the server is compiled without DOM. */
interface Page {
  document: { querySelectorAll(selector: string): { length: number } };
  __bench: number[];
}

const MEASURE_SCRIPT = `
  window.__bench = [];
  document.addEventListener('keydown', (event) => {
    const pressed = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => window.__bench.push(performance.now() - pressed);
      channel.port2.postMessage(0);
    });
  }, true);
`;

/** What W6 found for one Remiss. */
export interface BrowserResult {
  runs: BrowserRun[];
  initialJs: InitialJavaScript | null;
}

/**
 * Runs W6 `runs` times, each in a fresh browser and a fresh server; with `before`, the same for
 * `remiss-before` first (`--compare`), so a change to the client is measured before and after in
 * one invocation.
 */
export async function w6Browser(
  options: BenchOptions,
  fixture: Fixture,
  keystrokes: number,
  /**
   * Measure the initial JavaScript of a client built elsewhere (`vite build --outDir`), and skip
   * the browser: Remiss (server/main.ts) serves only dist/client, which others may be rebuilding.
   */
  clientDir: string | null = null,
  before = false,
): Promise<(BrowserResult & { words: number; before?: BrowserResult }) | { skipped: string }> {
  if (clientDir) {
    const built = initialJavaScript(clientDir);
    if (!built) return { skipped: `no client built in ${clientDir}` };
    return { runs: [], initialJs: { ...built, clientDir }, words: fixture.words };
  }
  if (!fs.existsSync(CHROMIUM)) return { skipped: `${CHROMIUM} is not installed` };
  const kinds: ServerKind[] = before ? ['remiss-before', 'remiss'] : ['remiss'];
  for (const kind of kinds) {
    if (!initialJavaScript(clientDirOf(kind))) {
      return { skipped: `the client is not built in ${clientDirOf(kind)} (npm run build:client)` };
    }
  }
  const results: BrowserResult[] = [];
  for (const kind of kinds) results.push(await browserRuns(options, fixture, keystrokes, kind));
  const [first, second] = results;
  if (!first) return { skipped: 'no server to run' };
  return second
    ? { ...second, words: fixture.words, before: first }
    : { ...first, words: fixture.words };
}

async function browserRuns(
  options: BenchOptions,
  fixture: Fixture,
  keystrokes: number,
  kind: ServerKind,
): Promise<BrowserResult> {
  // The client that server serves: a `--commit` or `--compare` directory's own dist/client.
  const built = initialJavaScript(clientDirOf(kind));
  const initialJs = built && { ...built, clientDir: clientDirOf(kind) };
  const runs: BrowserRun[] = [];
  for (let run = 0; run < options.runs; run += 1) {
    options.log(`W6: Chromium on ${fixture.words} words, ${kind}, run ${run + 1}`);
    const server = await startBenchServer(kind, fixture);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    try {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'sv-SE',
      });
      const [name, ...value] = fixture.owner.cookie.split('=');
      await context.addCookies([
        { name: name ?? '', value: decodeURIComponent(value.join('=')), url: server.url },
      ]);
      const page = await context.newPage();
      const scripts: Promise<Buffer | null>[] = [];
      page.on('response', (response) => {
        if (response.request().resourceType() === 'script') {
          scripts.push(response.body().catch(() => null));
        }
      });
      const started = monotonicMs();
      await page.goto(`${server.url}/d/${fixture.documentId}`);
      const editor = page.locator('.ProseMirror');
      await editor.waitFor({ timeout: OPEN_TIMEOUT_MS });
      await page.locator('.sync-status[data-state="saved"]').waitFor({ timeout: OPEN_TIMEOUT_MS });
      // Functions, not strings: the app's CSP forbids eval, which string predicates need.
      await page.waitForFunction(
        (least: number) =>
          (globalThis as unknown as Page).document.querySelectorAll('.ProseMirror > p').length >=
          least,
        Math.floor(fixture.paragraphs / 2),
        { timeout: OPEN_TIMEOUT_MS },
      );
      const openMs = monotonicMs() - started;
      const bodies = (await Promise.all(scripts)).filter((body): body is Buffer => body !== null);
      const pageJs: PageJavaScript = {
        files: bodies.length,
        bytes: bodies.reduce((sum, body) => sum + body.length, 0),
        gzipBytes: bodies.reduce((sum, body) => sum + zlib.gzipSync(body, { level: 9 }).length, 0),
      };
      // Type in the middle of the document, at the end of a paragraph, as a person adding a word.
      const paragraph = editor.locator(':scope > p').nth(Math.floor(fixture.paragraphs / 4));
      await paragraph.scrollIntoViewIfNeeded();
      await paragraph.click();
      await page.keyboard.press('End');
      await page.evaluate(MEASURE_SCRIPT);
      // Keys on a US layout only: CDP key events need a key code, and å, ä, ö have none there.
      const text = ' och darfor bor myndigheten samverka';
      // One key at a time: the next is pressed only once the last one has painted (and 60 ms
      // later), so a slow key is measured as slow rather than making every later one wait.
      for (let index = 0; index < keystrokes; index += 1) {
        const char = text.charAt(index % text.length);
        await page.keyboard.press(char === ' ' ? 'Space' : char);
        await page.waitForFunction(
          (seen: number) => (globalThis as unknown as Page).__bench.length > seen,
          index,
          { timeout: 60_000 },
        );
        await page.waitForTimeout(60);
      }
      await page.waitForTimeout(300);
      const samples = await page.evaluate('window.__bench');
      const times = Array.isArray(samples)
        ? samples.filter((t): t is number => typeof t === 'number')
        : [];
      runs.push({ openMs, pageJs, keystrokeToPaint: summarise(times) });
      await context.close();
    } finally {
      await browser.close();
      await server.stop();
    }
  }
  return { runs, initialJs };
}
