import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { flattenText } from '../comments/anchors/flattenText.ts';
import {
  freePort,
  parseLogLine,
  startChildServer,
  TEST_ADMIN,
  type StartedChildServer,
} from '../test/childServer.ts';
import { connectClient } from '../test/collabClient.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import * as Y from 'yjs';
import { startWorker } from '../workers/startWorker.ts';
import type { AttackReport } from './frameAttack.ts';
import type { FrameAttackJob } from './frameAttackWorker.ts';

/** How long the control writer waits between two edits. */
const CONTROL_EDIT_INTERVAL_MS = 50;

/** How long the control pair edits alone before the attack, for the baseline, by default. */
const BASELINE_MS = 5_000;

/** Latency percentiles, in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** What the scenario measured, beside the attack's own report. */
export interface AttackScenarioFigures {
  seed: number;
  attack: AttackReport;
  /**
   * The server's resident memory before and after the attack, in bytes (from /proc), each read
   * right after a full garbage collection in the server.
   */
  rssBefore: number;
  rssAfter: number;
  /** Control edits made during the attack, and how many the control reader saw. */
  controlEdits: number;
  controlDelivered: number;
  /** Milliseconds from a control edit until the reader saw it, during the attack. */
  controlLatencyMs: Latency;
  /** The five slowest control edits during the attack: when they were made (ms after its start). */
  slowestControlEdits: { atMs: number; ms: number }[];
  /**
   * The same, in the BASELINE_MS of control editing before the attack began: the baseline on
   * this machine under its load at the time, to read the figure above against.
   */
  baselineLatencyMs: Latency;
  /** Whether the writer's and reader's texts are equal at the end. */
  converged: boolean;
  /** `/api/health` after the attack. */
  healthStatus: number;
  seconds: number;
  /** Lines the server logged during the attack, by message; stderr lines by their start. */
  serverLog: Record<string, number>;
  /** The 1-minute load average of the machine before and after the attack. */
  loadAverage: { before: number; after: number };
  /** With `profileDir`: the server's `process.memoryUsage()` before, after and at its RSS peak. */
  memory?: { before: MemorySample; after: MemorySample; peak: MemorySample };
}

/** One line that memorySampler.ts writes. */
export interface MemorySample {
  atMs: number;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

const MEMORY_SAMPLER = path.join(import.meta.dirname, 'memorySampler.ts');
const COLLECT_GARBAGE_ON_SIGNAL = path.join(import.meta.dirname, 'collectGarbageOnSignal.ts');

function readMemorySamples(file: string): MemorySample[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as MemorySample);
}

function residentBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/u.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

/**
 * The server's resident size right after a full garbage collection (collectGarbageOnSignal.ts),
 * so that garbage not yet collected is not counted as growth. `collection` is the how-manieth
 * collection this is, to tell its log line from the earlier ones.
 */
async function residentBytesAfterCollection(
  child: StartedChildServer,
  collection: number,
): Promise<number> {
  child.kill('SIGWINCH');
  const line = await child.waitForLog(
    (entry) => entry['message'] === 'garbage collected' && entry['collection'] === collection,
  );
  const error = line['error'];
  if (typeof error === 'string') throw new Error(`no garbage collection in the server: ${error}`);
  return residentBytes(child.pid);
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

function summarise(values: readonly number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
    count: sorted.length,
  };
}

/** The text of the document's first paragraph, made if the document is empty. */
function controlText(doc: Y.Doc): Y.XmlText {
  const fragment = doc.getXmlFragment('default');
  let paragraph = fragment.get(0);
  if (!(paragraph instanceof Y.XmlElement)) {
    paragraph = new Y.XmlElement('paragraph');
    fragment.insert(0, [paragraph]);
  }
  let text = paragraph.get(0);
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    paragraph.insert(0, [text]);
  }
  return text;
}

/** Types `marker` at the end of the first paragraph, as the editor would. */
function appendMarker(doc: Y.Doc, marker: string): void {
  const text = controlText(doc);
  text.insert(text.length, marker);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The malformed-input scenario of the hardening issue: the real server in a child process, a
 * control writer and reader editing one document throughout, and `frames` bad frames from
 * `sockets` sockets against the same document, before and after authentication.
 */
export async function runAttackScenario(options: {
  sockets: number;
  frames: number;
  seed: number;
  /**
   * How long the control pair edits alone before the attack; the baseline latency is measured
   * over it. Only a figure to read the attack's latency against, never asserted.
   * @default BASELINE_MS (5 s)
   */
  baselineMs?: number;
  /**
   * Profile the server (memorySampler.ts): a V8 CPU profile of the attack and
   * `process.memoryUsage()` every 500 ms are written to this folder, and the server is stopped
   * with SIGTERM so that the profile is written.
   */
  profileDir?: string;
}): Promise<AttackScenarioFigures> {
  const started = performance.now();
  const dataDir = makeTempDir('remiss-attack-');
  const port = await freePort();
  let server: StartedChildServer | null = null;
  const clients: ReturnType<typeof connectClient>[] = [];
  try {
    const { profileDir } = options;
    const memoryFile =
      profileDir === undefined ? null : path.join(profileDir, `memory-${options.seed}.jsonl`);
    server = await startChildServer({
      dataDir,
      port,
      admin: TEST_ADMIN,
      env:
        profileDir === undefined || memoryFile === null
          ? {
              // Imports from NODE_OPTIONS load before the command line's, so tsx comes first.
              NODE_OPTIONS: `--import tsx --import ${COLLECT_GARBAGE_ON_SIGNAL}`,
            }
          : {
              NODE_OPTIONS: `--import tsx --import ${COLLECT_GARBAGE_ON_SIGNAL} --import ${MEMORY_SAMPLER}`,
              REMISS_MEMORY_SAMPLES_FILE: memoryFile,
              REMISS_CPU_PROFILE_FILE: path.join(profileDir, `cpu-${options.seed}.cpuprofile`),
            },
    });
    const child = server;
    const documentId = await child.createDocument('Attack target');
    const token = () => child.collabToken(documentId);
    const writer = connectClient(child.url, documentId, token);
    const reader = connectClient(child.url, documentId, token);
    clients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);
    // A document's first store takes its first checkpoint, which starts the version worker
    // thread: some 50 MB of RSS and a second of compiling, once per server. Left to happen
    // mid-attack (the store comes 10 s into continuous editing at the latest), it was most of
    // the RSS growth once put on the attack. It happens here, before anything is measured.
    appendMarker(writer.ydoc, 'warm-up.');
    await child.waitForLog((entry) => entry['message'] === 'checkpoint taken', 30_000);

    // The control pair: each edit appends a numbered marker; the reader notes when it arrives.
    const sentAt = new Map<number, number>();
    const latencies: number[] = [];
    // When each measured edit was made, parallel to `latencies`, to see when the slow ones fall.
    const madeAt: number[] = [];
    let seen = 0;
    reader.ydoc.on('update', () => {
      const text = flattenText(reader.ydoc).text;
      while (sentAt.has(seen + 1) && text.includes(`k${seen + 1}.`)) {
        seen += 1;
        madeAt.push(sentAt.get(seen) ?? 0);
        latencies.push(performance.now() - (sentAt.get(seen) ?? 0));
      }
    });
    let editing = true;
    let edits = 0;
    const control = (async () => {
      while (editing) {
        edits += 1;
        sentAt.set(edits, performance.now());
        appendMarker(writer.ydoc, `k${edits}.`);
        await sleep(CONTROL_EDIT_INTERVAL_MS);
      }
    })();

    await sleep(options.baselineMs ?? BASELINE_MS);
    // Read before the baseline is cut off, so that edits the collection's pause delays are
    // counted in the baseline (only reported) rather than in the attack.
    const rssBefore = await residentBytesAfterCollection(child, 1);
    const baseline = latencies.splice(0);
    madeAt.splice(0);
    const attackStartedAt = performance.now();
    const logLinesBefore = child.stdout.length;
    const stderrLinesBefore = child.stderr.length;
    const loadBefore = os.loadavg()[0] ?? Number.NaN;
    const samplesBefore = memoryFile === null ? 0 : readMemorySamples(memoryFile).length;
    // memorySampler.ts starts the CPU profile now, so that it covers the attack only.
    if (profileDir !== undefined) child.kill('SIGUSR2');
    const job: FrameAttackJob = {
      collabUrl: `${child.url.replace(/^http/u, 'ws')}/collab`,
      documentId,
      token: await token(),
      sockets: options.sockets,
      frames: options.frames,
      seed: options.seed,
      closeWithinMs: 5_000,
    };
    const attacker = startWorker(import.meta.url, 'frameAttackWorker');
    const attack = await new Promise<AttackReport>((resolve, reject) => {
      attacker.once('message', resolve);
      attacker.once('error', reject);
      attacker.postMessage(job);
    });
    await attacker.terminate();
    editing = false;
    await control;
    await writer.allAcked();
    const deadline = performance.now() + 5_000;
    while (seen < edits && performance.now() < deadline) await sleep(20);
    const rssAfter = await residentBytesAfterCollection(child, 2);
    const loadAfter = os.loadavg()[0] ?? Number.NaN;
    const health = await fetch(`${child.url}/api/health`);
    const serverLog: Record<string, number> = {};
    for (const line of child.stdout.slice(logLinesBefore)) {
      const field = parseLogLine(line)?.['message'];
      const message = typeof field === 'string' ? field : 'not JSON';
      serverLog[message] = (serverLog[message] ?? 0) + 1;
    }
    for (const line of child.stderr.slice(stderrLinesBefore)) {
      const key = `stderr: ${line.slice(0, 60)}`;
      serverLog[key] = (serverLog[key] ?? 0) + 1;
    }
    const samples = memoryFile === null ? [] : readMemorySamples(memoryFile);
    const before = samples[Math.max(0, samplesBefore - 1)];
    const after = samples.at(-1);
    const peak = samples
      .slice(samplesBefore)
      .reduce<MemorySample | undefined>(
        (top, one) => (top && top.rss >= one.rss ? top : one),
        after,
      );
    return {
      seed: options.seed,
      attack,
      rssBefore,
      rssAfter,
      controlEdits: edits,
      controlDelivered: seen,
      controlLatencyMs: summarise(latencies),
      slowestControlEdits: latencies
        .map((ms, index) => ({
          atMs: Math.round((madeAt[index] ?? 0) - attackStartedAt),
          ms: Math.round(ms),
        }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5),
      baselineLatencyMs: summarise(baseline),
      converged: flattenText(writer.ydoc).text === flattenText(reader.ydoc).text,
      healthStatus: health.status,
      seconds: (performance.now() - started) / 1000,
      loadAverage: { before: loadBefore, after: loadAfter },
      serverLog,
      ...(before && after && peak ? { memory: { before, after, peak } } : {}),
    };
  } finally {
    for (const client of clients) client.destroy();
    if (server && options.profileDir !== undefined) {
      // --cpu-prof writes the profile only when the process exits by itself.
      server.kill('SIGTERM');
      await Promise.race([server.exited, sleep(15_000)]);
    }
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
