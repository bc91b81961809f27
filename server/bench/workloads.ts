/**
 * The workloads of issue 7 (W1–W5, and the edit-throughput comparison), each as a function of
 * the bench options that returns plain JSON-ready results. W6, the browser, is in browser.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import {
  isRelay,
  isRemiss,
  scrapeRemiss,
  startBenchServer,
  type BenchServer,
  type ServerKind,
} from './benchServer.ts';
import type { BenchUser, Fixture } from './fixtures.ts';
import { connectWorkers, runLoad, type LoadResult } from './loadRun.ts';
import { median, monotonicMs, summarise, type LatencySummary } from './stats.ts';

/** Options every workload reads. */
export interface BenchOptions {
  quick: boolean;
  /** The unit tests' variant: windows of a second or two, a handful of clients. */
  smoke: boolean;
  /** Runs per configuration; the median is reported. */
  runs: number;
  workers: number;
  /** Where CPU profiles go; null takes none. */
  profileDir: string | null;
  /** Called with a line of progress. */
  log: (line: string) => void;
}

/** One configuration's runs and the median of each figure over them. */
export interface Repeated<T> {
  runs: T[];
  /** Runs thrown away because the load generator saturated (kept here for the record). */
  discarded: T[];
  /** True when every run saturated the generator, so the median is of saturated runs. */
  allSaturated: boolean;
}

/**
 * Runs `once` `runs` times. A run whose generator saturated is discarded and tried again, once
 * more in all (a saturated machine rarely recovers within minutes, and every try costs one); if
 * no clean run comes of it, the saturated ones are kept and marked. The smoke test, which checks
 * fields and not timings, never tries again.
 */
export async function repeat<T extends { generator?: { saturated: boolean } }>(
  runs: number,
  once: (attempt: number) => Promise<T>,
  options: Pick<BenchOptions, 'log' | 'smoke'>,
): Promise<Repeated<T>> {
  const kept: T[] = [];
  const discarded: T[] = [];
  const attempts = runs + (options.smoke ? 0 : 1);
  for (let attempt = 0; kept.length < runs && attempt < attempts; attempt += 1) {
    const result = await once(attempt);
    if (result.generator?.saturated) {
      discarded.push(result);
      options.log(`  run ${attempt + 1} discarded: the load generator saturated`);
    } else kept.push(result);
  }
  if (kept.length === 0) return { runs: discarded, discarded: [], allSaturated: true };
  return { runs: kept, discarded, allSaturated: false };
}

/** The median over runs of a figure picked from each. */
export function medianOf<T>(repeated: Repeated<T>, pick: (run: T) => number | null | undefined) {
  return median(repeated.runs.map(pick));
}

/** Starts a server, runs `body`, stops the server whatever happens. */
async function withServer<T>(
  kind: ServerKind,
  fixture: Fixture,
  body: (server: BenchServer) => Promise<T>,
): Promise<T> {
  const server = await startBenchServer(kind, fixture);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

/**
 * The warm-up, window and drain of a load: as the issue sets them for a full run, shorter with
 * --quick, and a second or two in the smoke test.
 */
export function windows(
  options: BenchOptions,
  full: { warmupMs: number; measureMs: number },
  quickMeasureMs = 8_000,
): { warmupMs: number; measureMs: number; drainMs: number } {
  if (options.smoke) return { warmupMs: 300, measureMs: 1_000, drainMs: 300 };
  if (options.quick) {
    return { warmupMs: Math.min(2_000, full.warmupMs), measureMs: quickMeasureMs, drainMs: 2_000 };
  }
  return { ...full, drainMs: 2_000 };
}

/** W1's typing rate: 5 keystrokes per second. */
export const KEYSTROKE_INTERVAL_MS = 200;
/** W1's caret moves: once a second. */
export const CARET_INTERVAL_MS = 1_000;

/** How many of `clients` type (10 %, at least one) and probe (a few full Y.Docs). */
export function roles(clients: number): { typists: number; probes: number } {
  const typists = Math.max(1, Math.round(clients * 0.1));
  return { typists, probes: Math.min(4, clients - typists) };
}

/** W1: one document, N clients, 10 % typing at 5/s, the rest moving their caret once a second. */
export async function w1ConcurrencySweep(
  options: BenchOptions,
  fixture: Fixture,
  sizes: number[],
  kinds: readonly ServerKind[],
): Promise<{ clients: number; servers: Partial<Record<ServerKind, Repeated<LoadResult>>> }[]> {
  const points = [];
  for (const clients of sizes) {
    const servers: Partial<Record<ServerKind, Repeated<LoadResult>>> = {};
    for (const kind of kinds) {
      options.log(`W1: ${clients} clients on ${kind}`);
      servers[kind] = await repeat(
        options.runs,
        (attempt) =>
          withServer(kind, fixture, (server) =>
            runLoad(server, fixture, {
              clients,
              ...roles(clients),
              ...windows(options, { warmupMs: 5_000, measureMs: 30_000 }),
              keystrokeIntervalMs: KEYSTROKE_INTERVAL_MS,
              awarenessIntervalMs: CARET_INTERVAL_MS,
              workers: options.workers,
              ...(options.profileDir && attempt === 0 && clients >= 200
                ? { profileFile: path.join(options.profileDir, `w1-${kind}-${clients}.cpuprofile`) }
                : {}),
            }),
          ),
        options,
      );
    }
    points.push({ clients, servers });
  }
  return points;
}

/** Durable-before-ack throughput: 50 writers, each typing its next key the moment the last is acked. */
export async function editThroughput(
  options: BenchOptions,
  fixture: Fixture,
  kinds: readonly ServerKind[],
): Promise<Partial<Record<ServerKind, Repeated<LoadResult>>>> {
  const out: Partial<Record<ServerKind, Repeated<LoadResult>>> = {};
  for (const kind of kinds) {
    options.log(`throughput: 50 closed-loop writers on ${kind}`);
    out[kind] = await repeat(
      options.runs,
      (attempt) =>
        withServer(kind, fixture, (server) =>
          runLoad(server, fixture, {
            clients: 50,
            typists: 50,
            probes: 0,
            ...windows(options, { warmupMs: 2_000, measureMs: 10_000 }, 5_000),
            keystrokeIntervalMs: 0,
            awarenessIntervalMs: 0,
            workers: options.workers,
            ...(options.profileDir && attempt === 0
              ? { profileFile: path.join(options.profileDir, `t-${kind}-50.cpuprofile`) }
              : {}),
          }),
        ),
      options,
    );
  }
  return out;
}

/** One W2 run: cold open of one client, then 50 joining at once. */
export interface ColdOpenResult {
  /** Token fetch (Remiss), connect and SyncStep2 applied to a full Y.Doc, ms. */
  syncedMs: number | null;
  /**
   * `GET /api/documents/:id/threads?shape=compact` (what the app fetches) with every comment,
   * asked for once the server let the socket in (as the app does), ms from the same start.
   */
  threadsMs: number | null;
  /** Both, as the app waits for both: ms until the later one finished. */
  coldOpenMs: number | null;
  threadsBytes: number | null;
  /** 50 clients connecting at once to the now loaded document: until each was synced. */
  join50: LatencySummary;
  /**
   * The same 50, until each had its thread list, asked for once it was let in (Remiss; null for
   * a server without comments). Undefined in results from before 2026-12-01.
   */
  join50Lists?: LatencySummary | null;
  join50Failures: number;
  server: { rssAfterOpenBytes: number; rssAfter50Bytes: number };
  generator?: { saturated: boolean };
}

/**
 * How long before W2's cold open its socket's worker is forked: time enough for the fork and the
 * worker's code to load on a busy machine, so that the socket and the thread list start at the
 * same instant. A worker that is late anyway still counts from that instant (its sync looks
 * slower, never faster).
 * @default 3000
 */
const W2_START_LEAD_MS = 3_000;

/** W2: a large document (2,000 paragraphs, 5,000 comments). */
export async function w2LargeDocument(
  options: BenchOptions,
  fixture: Fixture,
  kinds: readonly ServerKind[],
): Promise<Partial<Record<ServerKind, Repeated<ColdOpenResult>>>> {
  const out: Partial<Record<ServerKind, Repeated<ColdOpenResult>>> = {};
  const reader: BenchUser = fixture.commenters[0] ?? fixture.owner;
  for (const kind of kinds) {
    if (isRelay(kind)) continue; // it holds no document to open
    options.log(`W2: cold open and 50 joins on ${kind}`);
    out[kind] = await repeat<ColdOpenResult>(
      options.runs,
      (attempt) =>
        withServer(kind, fixture, async (server) => {
          // Two profiles on the first run: the cold open, then the 50 joins.
          const profile = options.profileDir && attempt === 0 ? options.profileDir : null;
          if (profile) await server.agent('profile-start');
          // Both figures count from `started`, when the socket's worker connects: it is forked
          // first and waits for that moment, so its own start-up is in neither figure. (Until
          // 2026-12-01 the list started before the fork and the sync after it, and the list's
          // figure held the fork's few hundred ms.)
          // The smoke test checks fields, not timings: a late worker only makes its sync slower.
          const started = monotonicMs() + (options.smoke ? 1_000 : W2_START_LEAD_MS);
          // The app asks for the thread list once the server has let the socket in
          // (client/src/comments/useThreads.ts), and so does this. Until 2026-12-01 both asked at
          // `started`, and the list's work went before the socket's sync on the server.
          let authenticated: () => void = () => undefined;
          const listMayStart = new Promise<void>((resolve) => {
            authenticated = resolve;
          });
          // The shape the app fetches; a server older than it ignores `shape`, sends the full one.
          const threads = isRemiss(kind)
            ? listMayStart
                .then(() =>
                  fetch(`${server.url}/api/documents/${fixture.documentId}/threads?shape=compact`, {
                    headers: { Cookie: reader.cookie },
                  }),
                )
                .then(async (response) => {
                  const body = await response.arrayBuffer();
                  if (!response.ok) throw new Error(`threads answered ${response.status}`);
                  JSON.parse(Buffer.from(body).toString('utf8'));
                  return { ms: monotonicMs() - started, bytes: body.byteLength };
                })
            : Promise.resolve(null);
          const opener = await connectWorkers(
            1,
            [
              {
                index: 0,
                role: 'probe',
                presenceName: reader.presenceName,
                auth: server.authFor(reader.cookie),
                reportAuthenticated: true,
              },
            ],
            server,
            fixture,
            undefined,
            started,
            () => authenticated(),
          );
          const syncedMs = opener.join.joinMs[0] ?? null;
          authenticated(); // a socket that never got in: the list starts now, or has started
          const threadsResult = await threads;
          if (profile) {
            await server.profileTo(path.join(profile, `w2-${kind}-open.cpuprofile`));
            await server.agent('profile-start');
          }
          const afterOpen = await server.agent('sample');
          // Each joiner asks for the thread list once it is let in, as the app does: a workshop
          // opening the draft together asks the server for 50 lists at once.
          const threadsUrl = isRemiss(kind)
            ? `${server.url}/api/documents/${fixture.documentId}/threads?shape=compact`
            : undefined;
          const joiners = await connectWorkers(
            options.workers,
            Array.from({ length: 50 }, (_unused, index) => {
              const user =
                fixture.commenters[(index + 1) % Math.max(1, fixture.commenters.length)] ?? reader;
              return {
                index: index + 1,
                role: 'watcher' as const,
                presenceName: user.presenceName,
                auth: server.authFor(user.cookie),
                ...(threadsUrl === undefined ? {} : { threadsUrl }),
              };
            }),
            server,
            fixture,
            50,
          );
          if (profile) await server.profileTo(path.join(profile, `w2-${kind}-join50.cpuprofile`));
          const after50 = await server.agent('sample');
          await Promise.all(
            [...opener.workers, ...joiners.workers].map((worker) => worker.close()),
          );
          const threadsMs = threadsResult?.ms ?? null;
          return {
            syncedMs,
            threadsMs,
            coldOpenMs: syncedMs === null ? null : Math.max(syncedMs, threadsMs ?? 0),
            threadsBytes: threadsResult?.bytes ?? null,
            join50: summarise(joiners.join.joinMs),
            join50Lists: threadsUrl === undefined ? null : summarise(joiners.join.listMs),
            join50Failures: joiners.join.failures.length,
            server: {
              rssAfterOpenBytes: afterOpen?.rssBytes ?? 0,
              rssAfter50Bytes: after50?.rssBytes ?? 0,
            },
          };
        }),
      options,
    );
  }
  return out;
}

/** W3 figures on top of the load: what the database grew by, and how long stores took. */
export interface PersistenceResult extends LoadResult {
  databaseBytesBefore: number;
  databaseBytesAfter: number;
  /** (database + WAL growth over the window) / edits acknowledged in it. */
  bytesPerEdit: number | null;
  /**
   * (database at rest after the server stopped and checkpointed − the fixture's database at
   * rest before it started) / edits acknowledged in the window. Includes warm-up edits, a few %.
   */
  bytesPerEditAfterShutdown: number | null;
  /** From Remiss' `/metrics` histogram, upper bucket bound; null if it has no such metric. */
  storeAppendP99Ms: number | null;
  storeCompactP99Ms: number | null;
  appends: number | null;
}

const databaseBytes = (dir: string) =>
  ['', '-wal'].reduce((sum, suffix) => {
    const file = path.join(dir, `${DATABASE_FILE}${suffix}`);
    return sum + (fs.existsSync(file) ? fs.statSync(file).size : 0);
  }, 0);

/** p99 of one histogram series from two `/metrics` scrapes (upper bound of its bucket), ms. */
function histogramP99(
  before: Map<string, number> | null,
  after: Map<string, number> | null,
  name: string,
  labels: string,
): { p99: number | null; count: number | null } {
  if (!before || !after) return { p99: null, count: null };
  const buckets: { le: number; count: number }[] = [];
  for (const [series, value] of after) {
    const match = new RegExp(`^${name}_bucket\\{${labels},le="([^"]+)"\\}$`).exec(series);
    if (!match?.[1]) continue;
    buckets.push({ le: Number(match[1]), count: value - (before.get(series) ?? 0) });
  }
  buckets.sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return { p99: null, count: buckets.length === 0 ? null : 0 };
  const bucket = buckets.find((b) => b.count >= total * 0.99);
  return { p99: bucket ? bucket.le * 1000 : null, count: total };
}

/** W3: 50 writers for five minutes against Remiss; what storing every edit costs. */
export async function w3Persistence(
  options: BenchOptions,
  fixture: Fixture,
  runs = options.runs,
): Promise<Repeated<PersistenceResult>> {
  const timing = windows(options, { warmupMs: 5_000, measureMs: 300_000 }, 20_000);
  options.log(`W3: ${options.smoke ? 6 : 50} writers for ${timing.measureMs / 1000} s on remiss`);
  return repeat(
    runs,
    async () => {
      const server = await startBenchServer('remiss', fixture);
      const dataDir = server.dataDir ?? '';
      const sizes = { before: 0, after: 0 };
      const scrapes: { before: Map<string, number> | null; after: Map<string, number> | null } = {
        before: null,
        after: null,
      };
      let result: LoadResult;
      try {
        const writers = options.smoke ? 6 : 50;
        result = await runLoad(server, fixture, {
          clients: writers + 2,
          typists: writers,
          probes: 2,
          ...timing,
          keystrokeIntervalMs: KEYSTROKE_INTERVAL_MS,
          awarenessIntervalMs: CARET_INTERVAL_MS,
          workers: options.workers,
          during: async ({ measureFrom, measureTo }) => {
            await new Promise((resolve) =>
              setTimeout(resolve, Math.max(0, measureFrom - monotonicMs())),
            );
            sizes.before = databaseBytes(dataDir);
            scrapes.before = await scrapeRemiss(server);
            await new Promise((resolve) =>
              setTimeout(resolve, Math.max(0, measureTo - monotonicMs())),
            );
            sizes.after = databaseBytes(dataDir);
            scrapes.after = await scrapeRemiss(server);
          },
        });
      } finally {
        await server.stop({ keepDataDir: true });
      }
      const atRest = databaseBytes(dataDir);
      fs.rmSync(dataDir, { recursive: true, force: true });
      const edits = result.ackedPerSecond * (timing.measureMs / 1000);
      const append = histogramP99(
        scrapes.before,
        scrapes.after,
        'remiss_store_duration_seconds',
        'operation="append"',
      );
      const compact = histogramP99(
        scrapes.before,
        scrapes.after,
        'remiss_store_duration_seconds',
        'operation="compact"',
      );
      return {
        ...result,
        databaseBytesBefore: sizes.before,
        databaseBytesAfter: sizes.after,
        bytesPerEdit: edits > 0 ? (sizes.after - sizes.before) / edits : null,
        bytesPerEditAfterShutdown: edits > 0 ? (atRest - databaseBytes(fixture.dir)) / edits : null,
        storeAppendP99Ms: append.p99,
        storeCompactP99Ms: compact.p99,
        appends: append.count,
      };
    },
    options,
  );
}

/** W4 figures: exports during the load. */
export interface ExportUnderLoadResult extends LoadResult {
  exports: LatencySummary;
  exportBytes: number | null;
  exportFailures: number;
  /** What was exported: the real route, or the stand-in where a commit has none. */
  exportKind: 'docx' | 'version-html';
  /** The first export, made before the load (it starts the export worker), ms. */
  firstExportMs: number | null;
}

/** The export W4 asks for: the whole current text as a Word file. */
const W4_FORMAT = 'docx';

/**
 * W4: `GET /api/documents/:id/export?format=docx` of the 200-page draft, back to back for the
 * whole window, while 50 clients type; the same load without exports is measured in the same
 * way for reference. A Remiss without that route (an older commit, with `--commit`) gets a
 * stand-in, the heaviest read it has: a named version rendered to HTML
 * (`GET …/versions/:id/html`); the report says which ran.
 */
export async function w4ExportUnderLoad(
  options: BenchOptions,
  fixture: Fixture,
): Promise<{ idle: Repeated<ExportUnderLoadResult>; exporting: Repeated<ExportUnderLoadResult> }> {
  const once = (exporting: boolean) => async (attempt: number) =>
    withServer('remiss', fixture, async (server) => {
      const get = (url: string) => fetch(url, { headers: { Cookie: fixture.owner.cookie } });
      const documentUrl = `${server.url}/api/documents/${fixture.documentId}`;
      let exportUrl = `${documentUrl}/export?format=${W4_FORMAT}`;
      let exportKind: ExportUnderLoadResult['exportKind'] = W4_FORMAT;
      const started = monotonicMs();
      const first = await get(exportUrl);
      await first.arrayBuffer();
      let firstExportMs: number | null = monotonicMs() - started;
      if (first.status === 404) {
        const created = await fetch(`${documentUrl}/versions`, {
          method: 'POST',
          headers: { Cookie: fixture.owner.cookie, 'Content-Type': 'application/json' },
          body: JSON.stringify({ name: 'Bench-export' }),
        });
        const { id: versionId } = (await created.json()) as { id: string };
        if (!created.ok) throw new Error(`creating a version answered ${created.status}`);
        exportUrl = `${documentUrl}/versions/${versionId}/html`;
        exportKind = 'version-html';
        firstExportMs = null;
      } else if (!first.ok) {
        throw new Error(`the export answered ${first.status}`);
      }
      const times: number[] = [];
      let bytes: number | null = null;
      let failures = 0;
      const result = await runLoad(server, fixture, {
        clients: 52,
        typists: 50,
        probes: 2,
        ...windows(options, { warmupMs: 5_000, measureMs: 20_000 }),
        keystrokeIntervalMs: KEYSTROKE_INTERVAL_MS,
        awarenessIntervalMs: CARET_INTERVAL_MS,
        workers: options.workers,
        // The main thread's profile: rendering runs in a worker, so what shows is what is not.
        ...(options.profileDir && attempt === 0
          ? {
              profileFile: path.join(
                options.profileDir,
                `w4-remiss-${exporting ? 'exporting' : 'idle'}.cpuprofile`,
              ),
            }
          : {}),
        during: async ({ measureFrom, measureTo }) => {
          if (!exporting) return;
          await new Promise((resolve) =>
            setTimeout(resolve, Math.max(0, measureFrom - monotonicMs())),
          );
          while (monotonicMs() < measureTo) {
            const at = monotonicMs();
            const response = await get(exportUrl);
            const body = await response.arrayBuffer();
            if (response.ok) {
              times.push(monotonicMs() - at);
              bytes = body.byteLength;
            } else failures += 1;
          }
        },
      });
      return {
        ...result,
        exports: summarise(times),
        exportBytes: bytes,
        exportFailures: failures,
        exportKind,
        firstExportMs,
      };
    });
  options.log('W4: 50 typing, no export (reference)');
  const idle = await repeat(options.runs, once(false), options);
  options.log(`W4: 50 typing, the 200-page draft exported (${W4_FORMAT}) back to back`);
  const exporting = await repeat(options.runs, once(true), options);
  return { idle, exporting };
}

/** W5 figures: the storm. */
export interface ReconnectResult extends LoadResult {
  reconnect: LatencySummary;
  reconnectFailures: number;
}

/**
 * W5: 200 clients drop at the same instant and reconnect at once. 10 % type at 5 keystrokes/s;
 * carets stand still, because W1 shows that 200 clients moving theirs once a second already
 * saturate every server here, relay included, and the storm would then measure that instead.
 */
export async function w5ReconnectStorm(
  options: BenchOptions,
  fixture: Fixture,
  kinds: readonly ServerKind[],
  clients = 200,
): Promise<Partial<Record<ServerKind, Repeated<ReconnectResult>>>> {
  const out: Partial<Record<ServerKind, Repeated<ReconnectResult>>> = {};
  for (const kind of kinds) {
    options.log(`W5: ${clients} clients drop and reconnect on ${kind}`);
    out[kind] = await repeat(
      options.runs,
      () =>
        withServer(kind, fixture, async (server) => {
          let reconnect: { joinMs: number[]; failures: string[] } = { joinMs: [], failures: [] };
          const result = await runLoad(server, fixture, {
            clients,
            ...roles(clients),
            ...windows(options, { warmupMs: 5_000, measureMs: 20_000 }, 10_000),
            keystrokeIntervalMs: KEYSTROKE_INTERVAL_MS,
            awarenessIntervalMs: 0,
            workers: options.workers,
            during: async ({ workers, measureFrom }) => {
              const at = measureFrom + (options.smoke ? 200 : 2_000);
              const reports = await Promise.all(
                workers.map((worker) =>
                  worker.request({ type: 'drop-reconnect', at }, 'reconnected'),
                ),
              );
              reconnect = {
                joinMs: reports.flatMap((report) => report.joinMs),
                failures: reports.flatMap((report) => report.failures),
              };
            },
          });
          return {
            ...result,
            reconnect: summarise(reconnect.joinMs),
            reconnectFailures: reconnect.failures.length,
          };
        }),
      options,
    );
  }
  return out;
}
