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
 *
 * Baselines, measured the same way in the same run: bare Tiptap (StarterKit and tables, the
 * Collaboration extension and `@hocuspocus/provider`, against bare Hocuspocus seeded with the same
 * Yjs state) and bare Tiptap without Yjs (the same document as static content). They are the
 * floor any Tiptap page with this document hits in this Chromium on this machine.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { chromium, type Browser, type Page as PlaywrightPage } from 'playwright-core';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { schema } from '../editor/schema.ts';
import { projectRoot } from '../projectRoot.ts';
// The same flags as the end-to-end tests, for every page measured.
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.ts';
import { BARE_TIPTAP_PAGES, buildBareTiptap } from './bareTiptap/buildBareTiptap.ts';
import { serveBareTiptap } from './bareTiptap/serveBareTiptap.ts';
import { clientDirOf, startBenchServer, type ServerKind } from './benchServer.ts';
import type { Fixture } from './fixtures.ts';
import { monotonicMs, summarise, type LatencySummary } from './stats.ts';
import type { BenchOptions } from './workloads.ts';

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
  /** The page whose scripts were counted, when not index.html. */
  page?: string;
}

/**
 * Reads dist/client/index.html (or another `page` of a built directory) and sums its module
 * scripts and modulepreload links, raw and gzipped. Null if the client is not built.
 */
export function initialJavaScript(
  clientDir = path.join(projectRoot(), 'dist', 'client'),
  page = 'index.html',
): InitialJavaScript | null {
  const indexFile = path.join(clientDir, page);
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
    ...(page === 'index.html' ? {} : { page }),
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
  /** The paragraph typed into ended with the keys sent: the page really took them. */
  typed?: boolean;
  generator?: { saturated: boolean };
}

/** The baseline pages W6 measures next to Remiss (see the module comment). */
export type BaselinePage = keyof typeof BARE_TIPTAP_PAGES;

/** In the order reports list them: the lower floor first. */
export const BASELINE_PAGES: readonly BaselinePage[] = ['tiptap-static', 'tiptap'];

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

/** What W6 found for one Remiss, or one baseline page. */
export interface BrowserResult {
  runs: BrowserRun[];
  initialJs: InitialJavaScript | null;
  /**
   * `--profile`: one more run under the CPU profiler and a trace, kept apart from `runs` because
   * profiling slows the page down.
   */
  profiled?: BrowserRun;
}

/** The baselines by page, each measured like Remiss in the same invocation. */
export type BaselineResults = Partial<Record<BaselinePage, BrowserResult>>;

/**
 * Runs W6 `runs` times, each in a fresh browser and a fresh server; first the baseline pages,
 * then with `before`, `remiss-before` (`--compare`), then Remiss, so a change to the client is
 * measured before and after in one invocation, next to the floor.
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
): Promise<
  | (BrowserResult & {
      words: number;
      before?: BrowserResult;
      baselines?: BaselineResults;
      /** Remiss' page failed (e.g. did not open in time); the baselines are kept regardless. */
      failed?: string;
    })
  | { skipped: string }
> {
  if (clientDir) {
    const built = initialJavaScript(clientDir);
    if (!built) return { skipped: `no client built in ${clientDir}` };
    return { runs: [], initialJs: { ...built, clientDir }, words: fixture.words };
  }
  if (!fs.existsSync(CHROMIUM_PATH)) return { skipped: `${CHROMIUM_PATH} is not installed` };
  const kinds: ServerKind[] = before ? ['remiss-before', 'remiss'] : ['remiss'];
  for (const kind of kinds) {
    if (!initialJavaScript(clientDirOf(kind))) {
      return { skipped: `the client is not built in ${clientDirOf(kind)} (npm run build:client)` };
    }
  }
  const baselines = await w6Baselines(options, fixture, keystrokes);
  const results: BrowserResult[] = [];
  try {
    for (const kind of kinds) {
      results.push(await browserRuns(options, fixture, keystrokes, kind, remissTarget(kind)));
    }
  } catch (error) {
    const failed = error instanceof Error ? error.message : String(error);
    options.log(`W6 on Remiss failed: ${failed}`);
    return { runs: [], initialJs: null, words: fixture.words, baselines, failed };
  }
  const [first, second] = results;
  if (!first) return { skipped: 'no server to run' };
  return second
    ? { ...second, words: fixture.words, before: first, baselines }
    : { ...first, words: fixture.words, baselines };
}

/**
 * W6 on the baseline pages only: builds them (server/bench/bareTiptap/page) into a temporary
 * directory, and measures each as Remiss is measured. Pages not in `pages` are left out.
 */
export async function w6Baselines(
  options: BenchOptions,
  fixture: Fixture,
  keystrokes: number,
  pages: readonly BaselinePage[] = BASELINE_PAGES,
): Promise<BaselineResults> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is not installed`);
  options.log('W6: building the bare Tiptap pages');
  const dir = await buildBareTiptap();
  const readable = options.profileDir ? await buildBareTiptap(false) : null;
  try {
    const content = JSON.stringify(documentJson(fixture));
    const results: BaselineResults = {};
    for (const page of pages) {
      const built = initialJavaScript(dir, BARE_TIPTAP_PAGES[page]);
      const target = baselineTarget(page, dir, content);
      const profiled = readable ? baselineTarget(page, readable, content) : target;
      results[page] = {
        ...(await browserRuns(options, fixture, keystrokes, page, target, profiled)),
        initialJs: built && {
          ...built,
          clientDir: 'a temporary build of server/bench/bareTiptap/page',
        },
      };
    }
    return results;
  } finally {
    for (const built of [dir, readable]) {
      if (built) fs.rmSync(built, { recursive: true, force: true });
    }
  }
}

/** The fixture's document as ProseMirror JSON, read from the Yjs state the servers start from. */
function documentJson(fixture: Fixture): unknown {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, fs.readFileSync(fixture.initialStateFile));
    return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(YJS_FRAGMENT), schema).toJSON();
  } finally {
    doc.destroy();
  }
}

/** A page to open for one run, on servers started for that run alone. */
interface OpenedTarget {
  url: string;
  /** `name=value` to set on the page's origin before it loads, or null. */
  cookie: string | null;
  /** What shows once the page has the whole document (besides the paragraphs themselves). */
  readySelector: string;
  stop(): Promise<void>;
}

type Target = (fixture: Fixture) => Promise<OpenedTarget>;

function remissTarget(kind: ServerKind): Target {
  return async (fixture) => {
    const server = await startBenchServer(kind, fixture);
    return {
      url: `${server.url}/d/${fixture.documentId}`,
      cookie: fixture.owner.cookie,
      readySelector: '.sync-status[data-state="saved"]',
      stop: () => server.stop(),
    };
  };
}

function baselineTarget(page: BaselinePage, dir: string, content: string): Target {
  return async (fixture) => {
    const pages = await serveBareTiptap(dir, content);
    const synced = 'body[data-bench-state="synced"]';
    if (page === 'tiptap-static') {
      return {
        url: `${pages.url}/static.html`,
        cookie: null,
        readySelector: synced,
        stop: () => pages.stop(),
      };
    }
    try {
      const server = await startBenchServer('hocuspocus', fixture);
      const query = new URLSearchParams({ ws: server.wsUrl, doc: fixture.documentId });
      return {
        url: `${pages.url}/index.html?${query.toString()}`,
        cookie: null,
        readySelector: synced,
        stop: async () => {
          await pages.stop();
          await server.stop();
        },
      };
    } catch (error) {
      await pages.stop();
      throw error;
    }
  };
}

/** Keys on a US layout only: CDP key events need a key code, and å, ä, ö have none there. */
const TYPED_TEXT = ' och darfor bor myndigheten samverka';

async function browserRuns(
  options: BenchOptions,
  fixture: Fixture,
  keystrokes: number,
  label: string,
  target: Target,
  /** The page of the profiled run (`--profile`), if not `target`: the baselines' unminified build. */
  profiledTarget: Target = target,
): Promise<BrowserResult> {
  // For Remiss, the client its server serves: a `--commit` or `--compare` directory's own
  // dist/client. The baselines put their own in place of this.
  const remissKind = label === 'remiss' || label === 'remiss-before' ? label : null;
  const built = remissKind && initialJavaScript(clientDirOf(remissKind));
  const initialJs = built ? { ...built, clientDir: clientDirOf(remissKind ?? 'remiss') } : null;
  const runs: BrowserRun[] = [];
  let profiled: BrowserRun | undefined;
  const total = options.runs + (options.profileDir ? 1 : 0);
  for (let run = 0; run < total; run += 1) {
    const profile =
      options.profileDir && run === options.runs
        ? path.join(options.profileDir, `w6-${label}`)
        : null;
    options.log(
      `W6: Chromium on ${fixture.words} words, ${label}, ${profile ? 'profiled run' : `run ${run + 1}`}`,
    );
    const opened = await (profile ? profiledTarget : target)(fixture);
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
      const context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: 'sv-SE',
      });
      if (opened.cookie) {
        const [name, ...value] = opened.cookie.split('=');
        await context.addCookies([
          // The origin, not the page's URL: a cookie set for a URL gets that URL's path, and
          // the API calls under /api would go without it.
          {
            name: name ?? '',
            value: decodeURIComponent(value.join('=')),
            url: new URL(opened.url).origin,
          },
        ]);
      }
      const page = await context.newPage();
      const measured = await measurePage(page, browser, opened, fixture, keystrokes, profile);
      if (profile) profiled = measured;
      else runs.push(measured);
      await context.close();
    } finally {
      await browser?.close();
      await opened.stop();
    }
  }
  return { runs, initialJs, ...(profiled ? { profiled } : {}) };
}

/**
 * Opens the page, waits until it shows the document, then types `keystrokes` keys in the middle
 * of it and times each to the next frame. With `profile`, the keystrokes run under V8's CPU
 * profiler and a Chromium trace (`<profile>.cpuprofile`, `<profile>.trace.json`): both cost time
 * of their own, so a profiled run's figures are not comparable with an unprofiled one's.
 */
async function measurePage(
  page: PlaywrightPage,
  browser: Browser,
  opened: OpenedTarget,
  fixture: Fixture,
  keystrokes: number,
  profile: string | null,
): Promise<BrowserRun> {
  const scripts: Promise<Buffer | null>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.push(response.body().catch(() => null));
    }
  });
  const started = monotonicMs();
  await page.goto(opened.url);
  const editor = page.locator('.ProseMirror');
  await editor.waitFor({ timeout: OPEN_TIMEOUT_MS });
  await page.locator(opened.readySelector).waitFor({ timeout: OPEN_TIMEOUT_MS });
  // Functions, not strings: the app's CSP forbids eval, which string predicates need.
  await page.waitForFunction(
    (least: number) =>
      (globalThis as unknown as Page).document.querySelectorAll('.ProseMirror > p').length >= least,
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
  const textBefore = normalisedText(await paragraph.textContent());
  await page.evaluate(MEASURE_SCRIPT);
  const cdp = profile ? await page.context().newCDPSession(page) : null;
  if (cdp && profile) {
    await browser.startTracing(page, { path: `${profile}.trace.json` });
    await cdp.send('Profiler.enable');
    // 100 µs: a keystroke of a few ms still gets dozens of samples.
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  let typed = '';
  // One key at a time: the next is pressed only once the last one has painted (and 60 ms
  // later), so a slow key is measured as slow rather than making every later one wait.
  for (let index = 0; index < keystrokes; index += 1) {
    const char = TYPED_TEXT.charAt(index % TYPED_TEXT.length);
    await page.keyboard.press(char === ' ' ? 'Space' : char);
    typed += char;
    await page.waitForFunction(
      (seen: number) => (globalThis as unknown as Page).__bench.length > seen,
      index,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(60);
  }
  await page.waitForTimeout(300);
  if (cdp && profile) {
    const { profile: cpuProfile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(`${profile}.cpuprofile`, JSON.stringify(cpuProfile));
    await browser.stopTracing();
    await cdp.detach();
  }
  const samples = await page.evaluate('window.__bench');
  const times = Array.isArray(samples)
    ? samples.filter((t): t is number => typeof t === 'number')
    : [];
  const textAfter = normalisedText(await paragraph.textContent());
  return {
    openMs,
    pageJs,
    keystrokeToPaint: summarise(times),
    typed: insertedOnce(textBefore, textAfter, typed),
  };
}

/** A paragraph's text with the no-break spaces browsers may render typed spaces as. */
function normalisedText(text: string | null): string {
  return (text ?? '').replace(/\u00a0/g, ' ');
}

/**
 * Whether `after` is `before` with `typed` inserted at one place. End moves to the end of the
 * visual line clicked, which in a wrapped paragraph is not the paragraph's end.
 */
export function insertedOnce(before: string, after: string, typed: string): boolean {
  if (after.length !== before.length + typed.length) return false;
  for (let at = 0; at <= before.length; at += 1) {
    if (
      after.startsWith(typed, at) &&
      after.startsWith(before.slice(0, at)) &&
      after.endsWith(before.slice(at))
    ) {
      return true;
    }
  }
  return false;
}
