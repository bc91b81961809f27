import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACTION_DEBOUNCE_MS } from '../../shared/limits.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import {
  freePort,
  startChildServer,
  TEST_ADMIN,
  type StartedChildServer,
} from '../test/childServer.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { makeTempDir } from '../test/startTestServer.ts';

const ROUNDS = 5;
const WRITERS = 20;
/** While typing, each writer inserts one token every 10–30 ms… */
const WRITE_INTERVAL_MS = [10, 30] as const;
/** …in bursts of 5–15 tokens, with a 50–250 ms pause after each, as people type. */
const BURST_TOKENS = [5, 15] as const;
const BURST_PAUSE_MS = [50, 250] as const;
/**
 * Steady rounds: SIGKILL this long after the first token of the round was acknowledged. A fresh
 * process needs about a second to warm up, and counting from the first ack keeps every round
 * meaningful on a busy machine.
 */
const STEADY_KILL_MS = [300, 1500] as const;
const TOKEN_PATTERN = /r\d+-w\d+-\d+/g;

const seed = Number(process.env['REMISS_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
// Separate streams, so the schedule of kills does not depend on how the writers' timers
// interleave: the same seed replays the same kill times and the same typing rhythm per writer.
const scheduleSource = seededRandom(seed);
const scheduleRandom = () => scheduleSource.next();
const writerRandom = (round: number, index: number) => {
  const source = seededRandom(seed ^ Math.imul(round * WRITERS + index + 1, 0x9e3779b1));
  return () => source.next();
};
const between = (range: readonly [number, number], random = scheduleRandom) =>
  range[0] + random() * (range[1] - range[0]);

/** One writer: a real provider that appends token paragraphs and tracks which were acked. */
interface Writer {
  client: TestClient;
  written: string[];
  /** Inserted, not yet confirmed: the provider still counts unsynced changes. */
  pending: string[];
  /** Confirmed: unsyncedChanges reached 0 after the token was inserted. */
  acked: string[];
  stop(): void;
}

/**
 * A writer that inserts `r<round>-w<nn>-<nnnnnn>` as a new paragraph at the end of the Tiptap
 * fragment every 10–30 ms, in bursts, while `isWriting()` holds. Every pending token becomes acked
 * when the provider's unsyncedChanges reaches 0, which happens only once the server has confirmed
 * every update this provider sent.
 */
function startWriter(
  client: TestClient,
  round: number,
  index: number,
  isWriting: () => boolean,
  onAck: () => void,
) {
  const writer: Writer = { client, written: [], pending: [], acked: [], stop: () => undefined };
  const random = writerRandom(round, index);
  const fragment = client.ydoc.getXmlFragment('default');
  client.provider.on('unsyncedChanges', () => {
    if (client.provider.unsyncedChanges !== 0) return;
    if (writer.pending.length === 0) return;
    writer.acked.push(...writer.pending);
    writer.pending.length = 0;
    onAck();
  });
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let burstLeft = Math.round(between(BURST_TOKENS, random));
  const tick = () => {
    if (stopped) return;
    if (isWriting()) {
      burstLeft -= 1;
      const token = `r${round}-w${String(index).padStart(2, '0')}-${String(writer.written.length).padStart(6, '0')}`;
      writer.written.push(token);
      writer.pending.push(token);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(token)]);
      fragment.insert(fragment.length, [paragraph]);
    }
    let delay = between(WRITE_INTERVAL_MS, random);
    if (burstLeft <= 0) {
      burstLeft = Math.round(between(BURST_TOKENS, random));
      delay = between(BURST_PAUSE_MS, random);
    }
    timer = setTimeout(tick, delay);
  };
  timer = setTimeout(tick, between(WRITE_INTERVAL_MS, random));
  writer.stop = () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
  return writer;
}

/** Every token in the document, read from a fresh provider after its first sync. */
async function readTokens(server: StartedChildServer, documentId: string): Promise<Set<string>> {
  const reader = connectClient(server.url, documentId, () => server.collabToken(documentId));
  try {
    await withTimeout(reader.synced, 15_000, 'the reader did not sync');
    const xml = reader.ydoc.getXmlFragment('default').toJSON();
    return new Set(xml.match(TOKEN_PATTERN) ?? []);
  } finally {
    reader.destroy();
  }
}

/**
 * The seq the document's state row covers and the number of log rows after it, read from the
 * database opened read-only beside the running server.
 */
function inspectLog(dataDir: string, documentId: string): { coversSeq: number; logRows: number } {
  const db = new Database(path.join(dataDir, DATABASE_FILE), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    const state = db
      .prepare<[string], { covers_seq: number }>(
        'SELECT covers_seq FROM document_state WHERE document_id = ?',
      )
      .get(documentId);
    const log = db
      .prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
      )
      .get(documentId);
    return { coversSeq: state?.covers_seq ?? 0, logRows: log?.n ?? 0 };
  } finally {
    db.close();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Steady rounds kill while every writer types. The others pause the writers so the debounced
 * compaction folds the log into the state row: one kills after it has been observed, while the
 * writers type again (the restart loads the state row and the log after it); the other kills
 * around the moment it is due, so the kill may land before, during or after it.
 */
type Scenario = 'steady' | 'after-compaction' | 'around-compaction';

function scenarioOf(round: number): Scenario {
  if (round % 4 === 1) return 'after-compaction';
  if (round % 4 === 3) return 'around-compaction';
  return 'steady';
}

/** Polls the database (read-only, beside the running server) until the state row moves on. */
async function waitForCompaction(
  dataDir: string,
  documentId: string,
  coversSeq: number,
  context: string,
): Promise<void> {
  const deadline = performance.now() + 10 * COMPACTION_DEBOUNCE_MS;
  while (inspectLog(dataDir, documentId).coversSeq <= coversSeq) {
    if (performance.now() > deadline) throw new Error(`no compaction happened; ${context}`);
    await sleep(10);
  }
}

interface RoundFigures {
  round: number;
  scenario: Scenario;
  written: number;
  acked: number;
  ackedLost: number;
  unackedSurvived: number;
  killAfterMs: number;
  restartMs: number;
  compacted: boolean;
  logRowsAtCrash: number;
}

const dataDir = makeTempDir('remiss-crash-');
let server: StartedChildServer | null = null;
let writers: Writer[] = [];

afterAll(async () => {
  for (const writer of writers) {
    writer.stop();
    writer.client.destroy();
  }
  await server?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('loses 0 acknowledged edits across SIGKILL', { timeout: 120_000 }, async () => {
    const context = `seed ${seed} (replay with REMISS_CRASH_SEED=${seed})`;
    const startedAt = performance.now();
    const port = await freePort();
    server = await startChildServer({ dataDir, port, admin: TEST_ADMIN });
    const documentId = await server.createDocument('Crash test');

    const everAcked = new Set<string>();
    const figures: RoundFigures[] = [];
    let previousCoversSeq = inspectLog(dataDir, documentId).coversSeq;

    for (let round = 0; round < ROUNDS; round++) {
      const current: StartedChildServer = server;
      const scenario = scenarioOf(round);
      const clients = Array.from({ length: WRITERS }, () =>
        connectClient(current.url, documentId, () => current.collabToken(documentId)),
      );
      await withTimeout(
        Promise.all(clients.map((client) => client.synced)),
        20_000,
        `round ${round}: the writers did not sync; ${context}`,
      );

      let writing = true;
      let acknowledged: () => void = () => undefined;
      const firstAck = new Promise<void>((resolve) => {
        acknowledged = resolve;
      });
      const writingSince = performance.now();
      writers = clients.map((client, index) =>
        startWriter(client, round, index, () => writing, acknowledged),
      );
      if (scenario === 'steady') {
        await withTimeout(
          firstAck,
          20_000,
          `round ${round}: no token was acknowledged; ${context}`,
        );
        await sleep(between(STEADY_KILL_MS));
      } else {
        // Pause the writers so the debounced compaction fires, then let them write again.
        await sleep(between([300, 800]));
        writing = false;
        if (scenario === 'after-compaction') {
          await waitForCompaction(dataDir, documentId, previousCoversSeq, context);
          writing = true;
          await sleep(between([100, 500]));
        } else {
          // The debounce runs from the last update the server applied, which is before the
          // writers' last ack. Kill around the moment the compaction is due, so the kill lands
          // before, during or after it, while the writers start again around the same time.
          await withTimeout(
            Promise.all(writers.map((writer) => writer.client.allAcked(20_000))),
            25_000,
            `round ${round}: the writers' changes were not acknowledged; ${context}`,
          );
          const resumeAfterMs = COMPACTION_DEBOUNCE_MS + between([0, 100]);
          const killAfterMs = COMPACTION_DEBOUNCE_MS + between([-100, 200]);
          setTimeout(() => {
            writing = true;
          }, resumeAfterMs).unref();
          await sleep(killAfterMs);
        }
      }
      for (const writer of writers) writer.stop();
      current.kill('SIGKILL');
      const killedAfterMs = performance.now() - writingSince;
      const exit = await current.exited;
      expect(exit.signal, `round ${round}: the server was not killed; ${context}`).toBe('SIGKILL');
      // The writers hold every token and would sync them back on reconnect; only a fresh reader
      // proves what was stored.
      for (const writer of writers) writer.client.destroy();
      const roundWriters = writers;
      writers = [];

      const restarted = await startChildServer({ dataDir, port, admin: TEST_ADMIN });
      server = restarted;
      const present = await readTokens(restarted, documentId);
      const log = inspectLog(dataDir, documentId);

      const roundAcked = roundWriters.flatMap((writer) => writer.acked);
      const roundWritten = roundWriters.flatMap((writer) => writer.written);
      for (const token of roundAcked) everAcked.add(token);
      const missing = [...everAcked].filter((token) => !present.has(token));
      const roundAckedSet = new Set(roundAcked);
      figures.push({
        round,
        scenario,
        written: roundWritten.length,
        acked: roundAcked.length,
        ackedLost: missing.length,
        unackedSurvived: roundWritten.filter(
          (token) => !roundAckedSet.has(token) && present.has(token),
        ).length,
        killAfterMs: Math.round(killedAfterMs),
        restartMs: Math.round(restarted.startupMs),
        compacted: log.coversSeq > previousCoversSeq,
        logRowsAtCrash: log.logRows,
      });
      previousCoversSeq = log.coversSeq;
      // Printed before the assertions, so a failing round still shows its figures.
      console.log(`crash test round ${round}, ${context}: ${JSON.stringify(figures.at(-1))}`);

      expect(
        missing,
        `round ${round}: ${missing.length} acknowledged tokens lost after SIGKILL; ${context}`,
      ).toEqual([]);
      expect(
        roundAcked.length,
        `round ${round}: no token was acknowledged, so the round proves nothing; ${context}`,
      ).toBeGreaterThan(0);
    }

    console.log(
      `crash test, ${context}, ${WRITERS} writers, ${ROUNDS} rounds, ` +
        `${Math.round(performance.now() - startedAt)} ms in all`,
    );
    console.table(figures);
  });
});
