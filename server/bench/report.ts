/**
 * Turns a bench result into the figures the issue asks for: medians over runs, Remiss as ratios
 * against both baselines, the targets with met or missed, and a Markdown report.
 */
import type { ServerKind } from './benchServer.ts';
import {
  BASELINE_PAGES,
  type BaselineResults,
  type BrowserResult,
  type BrowserRun,
  type InitialJavaScript,
} from './browser.ts';
import type { LoadResult } from './loadRun.ts';
import { median } from './stats.ts';
import type { ClusterLoadResult, TwoNodeResults } from './twoNodes.ts';
import type {
  ColdOpenResult,
  ExportUnderLoadResult,
  PersistenceResult,
  ReconnectResult,
  Repeated,
} from './workloads.ts';

/** Where and when a bench ran. */
export interface BenchMeta {
  date: string;
  commit: string;
  /** Files in the work tree differed from the commit. */
  dirty: boolean;
  /** `--compare REV`: the commit `remiss-before` ran from. */
  compareCommit?: string;
  /** …or the directory it ran from, when given one. */
  compareDir?: string;
  node: string;
  machine: { cpus: number; model: string; memoryGiB: number };
  loadAverageBefore: number[];
  loadAverageAfter: number[];
  options: { quick: boolean; runs: number; workers: number; smoke: boolean };
  durationSeconds: number;
}

type PerServer<T> = Partial<Record<ServerKind, Repeated<T>>>;

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  meta: BenchMeta;
  w1?: { clients: number; servers: PerServer<LoadResult> }[];
  /** W1N: W1 on one and on two Remiss nodes sharing PostgreSQL (and Redis, for two). */
  w1TwoNodes?: TwoNodeResults;
  throughput?: PerServer<LoadResult>;
  w2?: {
    paragraphs: number;
    comments: number;
    stateBytes: number;
    servers: PerServer<ColdOpenResult>;
  };
  w3?: { paragraphs: number; result: Repeated<PersistenceResult> };
  w4?: {
    paragraphs: number;
    idle: Repeated<ExportUnderLoadResult>;
    exporting: Repeated<ExportUnderLoadResult>;
  };
  w5?: PerServer<ReconnectResult>;
  w6?:
    | {
        runs: BrowserRun[];
        initialJs: InitialJavaScript | null;
        words: number;
        /** `remiss-before` (`--compare`), measured in the same invocation. */
        before?: BrowserResult;
        /** Bare Tiptap pages measured the same way in the same invocation: the floor. */
        baselines?: BaselineResults;
        /** Remiss' page failed; the baselines were measured regardless. */
        failed?: string;
      }
    | { skipped: string };
  targets?: Target[];
  /** Workloads that failed, with the error. */
  errors?: Record<string, string>;
  /** Remarks printed under the header, e.g. when results of two invocations were merged. */
  notes?: string[];
}

/** One row of the issue's targets table. */
export interface Target {
  measure: string;
  target: string;
  measured: string;
  status: 'met' | 'missed' | 'not measured';
}

const med = <T>(repeated: Repeated<T> | undefined, pick: (run: T) => number | null | undefined) =>
  repeated ? median(repeated.runs.map(pick)) : null;

const ms = (value: number | null | undefined) =>
  value === null || value === undefined
    ? '–'
    : !Number.isFinite(value)
      ? 'never'
      : value >= 100
        ? `${value.toFixed(0)} ms`
        : `${value.toFixed(1)} ms`;
const pct = (value: number | null | undefined, digits = 1) =>
  value === null || value === undefined ? '–' : `${(value * 100).toFixed(digits)} %`;
const num = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined
    ? '–'
    : value.toLocaleString('en-US', {
        maximumFractionDigits: digits,
        minimumFractionDigits: digits,
      });
const kib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined ? '–' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const ratio = (a: number | null, b: number | null) =>
  a === null || b === null || b === 0 || !Number.isFinite(a) || !Number.isFinite(b) ? null : a / b;
/** RSS per connection, or – where RSS fell (the allocator gave memory back meanwhile). */
const kibPositive = (bytes: number | null | undefined) =>
  bytes === null || bytes === undefined || bytes < 0 ? '–' : kib(bytes);
/** Fewer clients than this hold less memory than RSS moves by itself. */
const RSS_MIN_CLIENTS = 50;
/** Remiss of the work tree, and of the `--compare` snapshot: both get ratios to the baselines. */
const REMISS_KINDS: readonly ServerKind[] = ['remiss-before', 'remiss'];
const times = (value: number | null) => (value === null ? '–' : `${value.toFixed(2)}×`);
const runsNote = <T>(repeated: Repeated<T> | undefined) =>
  repeated
    ? `${repeated.runs.length}${repeated.discarded.length ? ` (+${repeated.discarded.length} discarded)` : ''}${repeated.allSaturated ? ' **saturated**' : ''}`
    : '–';

/** Event-loop delay p99, or a note when the server was too far behind to say. */
const loop = (repeated: Repeated<LoadResult>) =>
  repeated.runs.every((run) => run.server.unresponsive)
    ? `unresponsive (≥ ${ms(med(repeated, (r) => r.server.agentLagMs ?? Infinity))} behind)`
    : ms(med(repeated, (r) => r.server.eventLoopDelayP99Ms));

/** A histogram bucket's upper bound, or n/a where the server has no such metric. */
const upTo = (value: number | null) => (value === null ? 'n/a' : `≤ ${ms(value)}`);

/** Event-loop delay max, or at least the lag of a server too far behind to measure it. */
const loopMax = (repeated: Repeated<LoadResult>) =>
  repeated.runs.every((run) => run.server.unresponsive)
    ? `≥ ${ms(med(repeated, (r) => r.server.agentLagMs ?? Infinity))}`
    : ms(med(repeated, (r) => r.server.eventLoopDelayMaxMs));

/** Evaluates the issue's targets against medians. */
export function evaluateTargets(results: BenchResults): Target[] {
  const targets: Target[] = [];
  const point = (clients: number) => results.w1?.find((p) => p.clients === clients);
  const p200 = point(200);
  if (p200) {
    const remiss = med(p200.servers.remiss, (run) => run.propagation.p99);
    const hocuspocus = med(p200.servers.hocuspocus, (run) => run.propagation.p99);
    // A p99 of "never" (some update never reached some client in the drain) is longer than
    // any measured one: a finite p99 is then below it, whatever the ratio cannot say.
    const belowNever =
      hocuspocus === Infinity && remiss !== null && Number.isFinite(remiss) ? 0 : null;
    const r = belowNever ?? ratio(remiss, hocuspocus);
    const saturated = p200.servers.remiss?.allSaturated ?? false;
    targets.push({
      measure: 'W1 p99 at 200 clients',
      target: '≤ 50 ms, and ≤ 1.0× bare Hocuspocus',
      measured: `${ms(remiss)}; ${belowNever === null ? times(r) : 'below'} Hocuspocus (${ms(hocuspocus)})${saturated ? '; generator saturated' : ''}`,
      status:
        remiss === null
          ? 'not measured'
          : remiss <= 50 && r !== null && r <= 1.0
            ? 'met'
            : 'missed',
    });
  }
  const p500 = point(500);
  if (p500) {
    const p99 = med(p500.servers.remiss, (run) => run.propagation.p99);
    const delivered = med(p500.servers.remiss, (run) => run.deliveredShare);
    targets.push({
      measure: 'W1 at 500 clients',
      target: 'no cliff: p99 ≤ 250 ms, 100 % delivered',
      measured: `${ms(p99)}, ${pct(delivered, 2)} delivered${p500.servers.remiss?.allSaturated ? '; generator saturated' : ''}`,
      status: p99 === null ? 'not measured' : p99 <= 250 && delivered === 1 ? 'met' : 'missed',
    });
  }
  if (results.throughput) {
    const remiss = med(results.throughput.remiss, (run) => run.ackedPerSecond);
    const hocuspocus = med(results.throughput.hocuspocus, (run) => run.ackedPerSecond);
    const r = ratio(remiss, hocuspocus);
    targets.push({
      measure: 'durable-before-ack edit throughput',
      target: '≥ 0.9× in-memory Hocuspocus',
      measured: `${num(remiss)} vs ${num(hocuspocus)} acked edits/s: ${times(r)}`,
      status: r === null ? 'not measured' : r >= 0.9 ? 'met' : 'missed',
    });
  }
  if (results.w2) {
    const cold = med(results.w2.servers.remiss, (run) => run.coldOpenMs);
    targets.push({
      measure: 'W2 cold open',
      target: '≤ 300 ms',
      measured: ms(cold),
      status: cold === null ? 'not measured' : cold <= 300 ? 'met' : 'missed',
    });
  }
  if (results.w6) {
    if ('skipped' in results.w6) {
      targets.push({
        measure: 'W6 keystroke-to-paint',
        target: 'p95 ≤ 16 ms',
        measured: results.w6.skipped,
        status: 'not measured',
      });
      targets.push({
        measure: 'W6 initial JS',
        target: '≤ 250 KB gzip',
        measured: results.w6.skipped,
        status: 'not measured',
      });
    } else {
      const p95 = median(results.w6.runs.map((run) => run.keystrokeToPaint.p95));
      targets.push({
        measure: 'W6 keystroke-to-paint',
        target: 'p95 ≤ 16 ms',
        measured:
          p95 !== null
            ? ms(p95)
            : results.w6.failed
              ? `failed: ${results.w6.failed.split('\n')[0] ?? ''}`
              : 'not run (--client-dir measures the bundle only)',
        status: p95 === null ? 'not measured' : p95 <= 16 ? 'met' : 'missed',
      });
      const gzip = results.w6.initialJs?.gzipBytes ?? null;
      targets.push({
        measure: 'W6 initial JS',
        target: '≤ 250 KB gzip',
        measured: gzip === null ? '–' : `${(gzip / 1000).toFixed(1)} KB (${num(gzip)} bytes)`,
        status: gzip === null ? 'not measured' : gzip <= 250_000 ? 'met' : 'missed',
      });
    }
  }
  return targets;
}

/** The Markdown report: machine, date, commit, targets, then one table per workload. */
export function renderMarkdown(results: BenchResults): string {
  const { meta } = results;
  const out: string[] = [];
  out.push(
    `Measured ${meta.date} on commit \`${meta.commit.slice(0, 12)}\`${meta.dirty ? ' (with uncommitted changes in the work tree)' : ''}` +
      `${meta.compareCommit ? ` against \`remiss-before\` (${meta.compareDir ? `the sources in ${meta.compareDir}, on` : 'a snapshot of'} \`${meta.compareCommit.slice(0, 12)}\`)` : ''}, ` +
      `Node.js ${meta.node}, ${meta.machine.cpus} × ${meta.machine.model}, ${meta.machine.memoryGiB} GiB. ` +
      `Load average before ${meta.loadAverageBefore.map((l) => l.toFixed(2)).join(' / ')}, after ${meta.loadAverageAfter.map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min). ` +
      `${meta.options.runs} run(s) per configuration, median reported; ${meta.options.workers} load worker processes` +
      `${meta.options.quick ? '; **--quick** (short windows)' : ''}; ${Math.round(meta.durationSeconds / 60)} min in all.`,
    '',
  );
  for (const note of results.notes ?? []) out.push(note, '');
  for (const [name, error] of Object.entries(results.errors ?? {})) {
    out.push(`**${name} failed:** ${error.split('\n')[0] ?? ''}`, '');
  }
  if (results.targets?.length) {
    out.push('### Targets', '', '| measure | target | measured | |', '|---|---|---|---|');
    for (const t of results.targets)
      out.push(`| ${t.measure} | ${t.target} | ${t.measured} | ${t.status} |`);
    out.push('');
  }
  if (results.w1) {
    out.push(
      '### W1 concurrency sweep',
      '',
      'Propagation: from a keystroke until every other client has it (an update some client never got counts as never).',
      '',
      '| clients | server | p50 | p95 | p99 | max | delivered | ack p99 | server CPU | loop p99 | RSS/conn | heap/conn | frames out/s | MB out/s | generator CPU | load 1m | runs |',
      '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const point of results.w1) {
      for (const [kind, repeated] of Object.entries(point.servers) as [
        ServerKind,
        Repeated<LoadResult>,
      ][]) {
        out.push(
          `| ${point.clients} | ${kind} | ${ms(med(repeated, (r) => r.propagation.p50))} | ${ms(med(repeated, (r) => r.propagation.p95))} | ` +
            `${ms(med(repeated, (r) => r.propagation.p99))} | ${ms(med(repeated, (r) => r.propagation.max))} | ` +
            `${pct(
              med(repeated, (r) => r.deliveredShare),
              2,
            )} | ${ms(med(repeated, (r) => r.ack.p99))} | ` +
            `${num(med(repeated, (r) => r.server.cpuPercent))} % | ${loop(repeated)} | ` +
            `${point.clients < RSS_MIN_CLIENTS ? '–' : kibPositive(med(repeated, (r) => r.server.rssPerConnectionBytes))} | ${kib(med(repeated, (r) => r.server.heapPerConnectionBytes))} | ${num(med(repeated, (r) => r.server.framesSentPerSecond))} | ` +
            `${num(
              med(repeated, (r) =>
                r.server.bytesSentPerSecond === null ? null : r.server.bytesSentPerSecond / 1e6,
              ),
              2,
            )} | ${num(med(repeated, (r) => r.generator.cpuPercentTotal))} % | ${num(
              med(repeated, (r) => r.loadAverage1m),
              1,
            )} | ${runsNote(repeated)} |`,
        );
      }
    }
    out.push(
      '',
      `RSS/conn is shown from ${RSS_MIN_CLIENTS} clients on, and not where RSS fell while clients connected: below that the allocator's own ups and downs are larger than what the connections hold. Heap/conn (V8 heap plus external memory after a full GC) is the steadier figure. Load 1m is the machine's load average as the window opened.`,
    );
    out.push(
      '',
      '**Remiss as a ratio of the baselines** (median p99 propagation, and server CPU):',
      '',
    );
    out.push(
      '| clients | server | p99 ÷ Hocuspocus | p99 ÷ relay | CPU ÷ Hocuspocus | CPU ÷ relay | frames out ÷ Hocuspocus |',
      '|---:|---|---:|---:|---:|---:|---:|',
    );
    for (const point of results.w1) {
      const p99 = (kind: ServerKind) => med(point.servers[kind], (r) => r.propagation.p99);
      const cpu = (kind: ServerKind) => med(point.servers[kind], (r) => r.server.cpuPercent);
      const frames = (kind: ServerKind) =>
        med(point.servers[kind], (r) => r.server.framesSentPerSecond);
      for (const kind of REMISS_KINDS) {
        if (!point.servers[kind]) continue;
        out.push(
          `| ${point.clients} | ${kind} | ${times(ratio(p99(kind), p99('hocuspocus')))} | ${times(ratio(p99(kind), p99('relay')))} | ` +
            `${times(ratio(cpu(kind), cpu('hocuspocus')))} | ${times(ratio(cpu(kind), cpu('relay')))} | ${times(ratio(frames(kind), frames('hocuspocus')))} |`,
        );
      }
    }
    out.push('');
  }
  if (results.w1TwoNodes) out.push(...renderTwoNodes(results.w1TwoNodes));
  if (results.throughput) {
    out.push(
      '### Edit throughput (50 writers, each sends its next keystroke when the last is acked)',
      '',
    );
    out.push(
      '| server | acked edits/s | ÷ Hocuspocus | per CPU-second | ÷ Hocuspocus | ack p50 | ack p99 | server CPU | load 1m | runs |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    const hocuspocusRate = med(results.throughput.hocuspocus, (r) => r.ackedPerSecond);
    // Acked edits per second of the server's own CPU: on a shared machine a server gets a
    // varying share of a core, and this is what it did with the share it got.
    const perCpu = (r: LoadResult) =>
      r.server.cpuPercent > 0 ? r.ackedPerSecond / (r.server.cpuPercent / 100) : null;
    const hocuspocusPerCpu = med(results.throughput.hocuspocus, perCpu);
    for (const [kind, repeated] of Object.entries(results.throughput) as [
      ServerKind,
      Repeated<LoadResult>,
    ][]) {
      out.push(
        `| ${kind} | ${num(med(repeated, (r) => r.ackedPerSecond))} | ${times(
          ratio(
            med(repeated, (r) => r.ackedPerSecond),
            hocuspocusRate,
          ),
        )} | ${num(med(repeated, perCpu))} | ${times(ratio(med(repeated, perCpu), hocuspocusPerCpu))} | ${ms(med(repeated, (r) => r.ack.p50))} | ${ms(med(repeated, (r) => r.ack.p99))} | ` +
          `${num(med(repeated, (r) => r.server.cpuPercent))} % | ${num(
            med(repeated, (r) => r.loadAverage1m),
            1,
          )} | ${runsNote(repeated)} |`,
      );
    }
    out.push('');
  }
  if (results.w2) {
    const w2 = results.w2;
    out.push(
      `### W2 large document (${num(w2.paragraphs)} paragraphs, ${num(w2.comments)} comments, state ${mib(w2.stateBytes)})`,
      '',
      '| server | synced | threads | cold open | threads JSON | 50 join p50 | p95 | max | 50 lists p50 | p95 | max | failures | RSS after 50 | runs |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const [kind, repeated] of Object.entries(w2.servers) as [
      ServerKind,
      Repeated<ColdOpenResult>,
    ][]) {
      out.push(
        `| ${kind} | ${ms(med(repeated, (r) => r.syncedMs))} | ${ms(med(repeated, (r) => r.threadsMs))} | ${ms(med(repeated, (r) => r.coldOpenMs))} | ` +
          `${kib(med(repeated, (r) => r.threadsBytes))} | ${ms(med(repeated, (r) => r.join50.p50))} | ${ms(med(repeated, (r) => r.join50.p95))} | ` +
          `${ms(med(repeated, (r) => r.join50.max))} | ${ms(med(repeated, (r) => r.join50Lists?.p50 ?? null))} | ` +
          `${ms(med(repeated, (r) => r.join50Lists?.p95 ?? null))} | ${ms(med(repeated, (r) => r.join50Lists?.max ?? null))} | ` +
          `${num(med(repeated, (r) => r.join50Failures))} | ${mib(med(repeated, (r) => r.server.rssAfter50Bytes))} | ${runsNote(repeated)} |`,
      );
    }
    out.push('');
  }
  if (results.w3) {
    const r = results.w3.result;
    out.push(
      `### W3 persistence (Remiss, 50 writers at 5 keystrokes/s, ${num(results.w3.paragraphs)}-paragraph document)`,
      '',
      '| acked edits/s | DB+WAL bytes/edit (live) | bytes/edit after shutdown | store append p99 | compaction p99 | ack p99 | loop p99 | loop max | propagation p99 | server CPU | runs |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      `| ${num(med(r, (x) => x.ackedPerSecond))} | ${num(med(r, (x) => x.bytesPerEdit))} | ${num(med(r, (x) => x.bytesPerEditAfterShutdown))} | ` +
        `${upTo(med(r, (x) => x.storeAppendP99Ms))} | ${upTo(med(r, (x) => x.storeCompactP99Ms))} | ${ms(med(r, (x) => x.ack.p99))} | ` +
        `${loop(r)} | ${loopMax(r)} | ${ms(med(r, (x) => x.propagation.p99))} | ` +
        `${num(med(r, (x) => x.server.cpuPercent))} % | ${runsNote(r)} |`,
      '',
      "Store times are read from Remiss' own `remiss_store_duration_seconds` histogram (`GET /metrics`), so they are bucket upper bounds; a server without that metric shows n/a.",
      '',
    );
  }
  if (results.w4) {
    const { idle, exporting } = results.w4;
    out.push(
      results.w4.exporting.runs[0]?.exportKind === 'version-html'
        ? `### W4 export under load (stand-in: HTML of a named version of the ${num(results.w4.paragraphs)}-paragraph draft; this Remiss has no export route)`
        : `### W4 export under load (\`GET …/export?format=docx\` of the ${num(results.w4.paragraphs)}-paragraph draft)`,
      '',
      `First export, before the load (it starts the export worker): ${ms(med(exporting, (r) => r.firstExportMs))}.`,
      '',
      '| phase | exports | export p50 | export max | file size | propagation p99 | ack p99 | loop p99 | peak RSS | runs |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const [name, repeated] of [
      ['50 typing, no export', idle],
      ['50 typing, exporting back to back', exporting],
    ] as const) {
      out.push(
        `| ${name} | ${num(med(repeated, (r) => r.exports.count))} | ${ms(med(repeated, (r) => r.exports.p50))} | ${ms(med(repeated, (r) => r.exports.max))} | ${kib(med(repeated, (r) => r.exportBytes))} | ` +
          `${ms(med(repeated, (r) => r.propagation.p99))} | ${ms(med(repeated, (r) => r.ack.p99))} | ${loop(repeated)} | ` +
          `${mib(med(repeated, (r) => r.server.peakRssBytes))} | ${runsNote(repeated)} |`,
      );
    }
    out.push('');
  }
  if (results.w5) {
    out.push(
      '### W5 reconnect storm (200 clients, 10 % typing, carets still; every socket cut at once and reopened at once)',
      '',
      '| server | reconnect p50 | p95 | max | failures | loop max | propagation p99 (window) | delivered | runs |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const [kind, repeated] of Object.entries(results.w5) as [
      ServerKind,
      Repeated<ReconnectResult>,
    ][]) {
      out.push(
        `| ${kind} | ${ms(med(repeated, (r) => r.reconnect.p50))} | ${ms(med(repeated, (r) => r.reconnect.p95))} | ${ms(med(repeated, (r) => r.reconnect.max))} | ` +
          `${num(med(repeated, (r) => r.reconnectFailures))} | ${loopMax(repeated)} | ${ms(med(repeated, (r) => r.propagation.p99))} | ` +
          `${pct(
            med(repeated, (r) => r.deliveredShare),
            2,
          )} | ${runsNote(repeated)} |`,
      );
    }
    out.push('');
  }
  if (results.w6) {
    out.push('### W6 browser', '');
    if ('skipped' in results.w6) out.push(`Not measured: ${results.w6.skipped}.`, '');
    else {
      const w6 = results.w6;
      const rows: [string, BrowserResult][] = [
        ...BASELINE_PAGES.flatMap((page) => {
          const baseline = w6.baselines?.[page];
          return baseline ? [[page, baseline] as [string, BrowserResult]] : [];
        }),
        ...(w6.before ? [['remiss-before', w6.before] as [string, BrowserResult]] : []),
        ['remiss', w6],
      ];
      out.push(
        w6.failed
          ? `Chromium (headless) on a ${num(w6.words)}-word document. **Remiss failed:** ${w6.failed.split('\n')[0] ?? ''}`
          : w6.runs.length > 0
            ? `Chromium (headless) on a ${num(w6.words)}-word document, ${w6.runs.length} run(s).`
            : 'The browser was not run (`--client-dir`): the bundle only.',
        '',
        '| server | open to synced | keystroke-to-paint p50 | p95 | p99 | max | initial JS | gzip | document page JS | gzip |',
        '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
        ...rows.map(
          ([server, result]) =>
            `| ${server} | ${ms(median(result.runs.map((r) => r.openMs)))} | ${ms(median(result.runs.map((r) => r.keystrokeToPaint.p50)))} | ${ms(median(result.runs.map((r) => r.keystrokeToPaint.p95)))} | ` +
            `${ms(median(result.runs.map((r) => r.keystrokeToPaint.p99)))} | ${ms(median(result.runs.map((r) => r.keystrokeToPaint.max)))} | ` +
            `${kib(result.initialJs?.bytes)} | ${kib(result.initialJs?.gzipBytes)} | ` +
            `${kib(median(result.runs.map((r) => r.pageJs?.bytes ?? null)))} | ${kib(median(result.runs.map((r) => r.pageJs?.gzipBytes ?? null)))} |`,
        ),
        '',
        ...rows.flatMap(([server, result]) =>
          result.initialJs === null
            ? []
            : `Initial JS (${server}) is what ${result.initialJs?.clientDir ?? 'its dist/client'}/${result.initialJs?.page ?? 'index.html'} loads (${(result.initialJs?.files ?? []).map((f) => `\`${f.file}\``).join(', ')}), built ${result.initialJs?.builtAt ?? '?'}, gzip level 9.`,
        ),
        '',
        'Document page JS is every script the page fetched from navigation until it was synced: the initial JS plus the code loaded on first use.',
        '',
        ...renderW6Ratios(rows),
      );
    }
  }
  return out.join('\n');
}

/**
 * Remiss against the bare Tiptap pages: the median keystroke-to-paint of each as a ratio of the
 * floor's, and the initial JS. Nothing when no baseline ran.
 */
function renderW6Ratios(rows: [string, BrowserResult][]): string[] {
  const byName = new Map(rows);
  const baselines = BASELINE_PAGES.filter((page) => byName.get(page)?.runs.length);
  const remiss = rows.filter(([name, result]) => name.startsWith('remiss') && result.runs.length);
  if (baselines.length === 0 || remiss.length === 0) return [];
  const keystroke = (
    result: BrowserResult | undefined,
    pick: (run: BrowserRun) => number | null,
  ) => (result ? median(result.runs.map((run) => pick(run))) : null);
  const columns = baselines.flatMap((page) => [`p50 ÷ ${page}`, `p95 ÷ ${page}`]);
  const out = [
    '**Remiss ÷ bare Tiptap** (median keystroke-to-paint p50 and p95, and initial JS gzip):',
    '',
    `| page | ${columns.join(' | ')} | initial JS gzip ÷ tiptap |`,
    `|---|${columns.map(() => '---:|').join('')}---:|`,
  ];
  for (const [name, result] of remiss) {
    const cells = baselines.flatMap((page) =>
      (['p50', 'p95'] as const).map((p) =>
        times(
          ratio(
            keystroke(result, (run) => run.keystrokeToPaint[p]),
            keystroke(byName.get(page), (run) => run.keystrokeToPaint[p]),
          ),
        ),
      ),
    );
    const gzip = ratio(
      result.initialJs?.gzipBytes ?? null,
      byName.get('tiptap')?.initialJs?.gzipBytes ?? null,
    );
    out.push(`| ${name} | ${cells.join(' | ')} | ${times(gzip)} |`);
  }
  out.push('');
  return out;
}

/** W1N's section: one node and two on PostgreSQL, the ratio of their p99, and Redis' share. */
function renderTwoNodes(w1n: TwoNodeResults): string[] {
  const out = ['### W1 on two nodes (PostgreSQL and Redis)', ''];
  if ('skipped' in w1n) return [...out, `Not measured: ${w1n.skipped}.`, ''];
  out.push(
    `Remiss on one PostgreSQL server (${w1n.database}), a fresh database cloned from the fixture for every run: ` +
      `one node without Redis, and two nodes (separate processes) joined through ${w1n.redis}, with client i on node i mod 2. ` +
      'Propagation counts a keystroke as arrived when every other client, on either node, has it. ' +
      "Redis figures are of the whole Redis server over the window (in the one-node rows: whatever else uses it); 'clients' is its connected_clients.",
    '',
    '| clients | nodes | p50 | p95 | p99 | max | delivered | ack p99 | CPU node A | CPU node B | loop p99 A / B | Redis CPU | Redis cmd/s | PUBLISH/s | Redis MB out/s | Redis clients | load 1m | runs |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
  );
  const row = (clients: number, nodes: number, repeated: Repeated<ClusterLoadResult>) => {
    const node = (index: number, pick: (n: ClusterLoadResult['nodes'][number]) => number | null) =>
      med(repeated, (r) => {
        const figures = r.nodes[index];
        return figures ? pick(figures) : null;
      });
    const cpu = (index: number) =>
      index < nodes ? `${num(node(index, (n) => n.cpuPercent))} %` : '–';
    const loopDelay = Array.from({ length: nodes }, (_unused, index) =>
      ms(node(index, (n) => n.eventLoopDelayP99Ms)),
    ).join(' / ');
    return (
      `| ${clients} | ${nodes} | ${ms(med(repeated, (r) => r.propagation.p50))} | ${ms(med(repeated, (r) => r.propagation.p95))} | ` +
      `${ms(med(repeated, (r) => r.propagation.p99))} | ${ms(med(repeated, (r) => r.propagation.max))} | ` +
      `${pct(
        med(repeated, (r) => r.deliveredShare),
        2,
      )} | ${ms(med(repeated, (r) => r.ack.p99))} | ${cpu(0)} | ${cpu(1)} | ${loopDelay} | ` +
      `${num(
        med(repeated, (r) => r.redis?.cpuPercent),
        1,
      )} % | ${num(med(repeated, (r) => r.redis?.commandsPerSecond))} | ` +
      `${num(med(repeated, (r) => r.redis?.publishesPerSecond))} | ${num(
        med(repeated, (r) => (r.redis ? r.redis.outputBytesPerSecond / 1e6 : null)),
        2,
      )} | ${num(med(repeated, (r) => r.redis?.connectedClients))} | ${num(
        med(repeated, (r) => r.loadAverage1m),
        1,
      )} | ${runsNote(repeated)} |`
    );
  };
  for (const point of w1n.points) {
    if (point.oneNode) out.push(row(point.clients, 1, point.oneNode));
    out.push(row(point.clients, 2, point.twoNodes));
  }
  out.push(
    '',
    '**Two nodes as a ratio of one** (median p99 propagation, and CPU of both nodes together):',
    '',
  );
  out.push(
    '| clients | p99 two nodes | p99 one node | p99 ratio | CPU ratio | delivered, two nodes |',
    '|---:|---:|---:|---:|---:|---:|',
  );
  for (const point of w1n.points) {
    const p99Two = med(point.twoNodes, (r) => r.propagation.p99);
    const p99One = point.oneNode ? med(point.oneNode, (r) => r.propagation.p99) : null;
    const cpuOf = (repeated: Repeated<ClusterLoadResult>) =>
      med(repeated, (r) => r.nodes.reduce((sum, n) => sum + n.cpuPercent, 0));
    out.push(
      `| ${point.clients} | ${ms(p99Two)} | ${ms(p99One)} | ${times(ratio(p99Two, p99One))} | ` +
        `${times(ratio(cpuOf(point.twoNodes), point.oneNode ? cpuOf(point.oneNode) : null))} | ${pct(
          med(point.twoNodes, (r) => r.deliveredShare),
          2,
        )} |`,
    );
  }
  out.push('');
  return out;
}
