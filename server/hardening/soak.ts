import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { projectRoot } from '../projectRoot.ts';
import {
  freePort,
  startChildServer,
  TEST_ADMIN,
  type StartedChildServer,
} from '../test/childServer.ts';
import { buildDocument, buildUser, TEST_PASSWORD } from '../test/factories.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { collabToken, readTokens, signIn, sleep, withTimeout } from './soakTools.ts';
import { between, type Range, type Rhythm } from './soakWriter.ts';
import type { SoakWriterJob, SoakWriterMessage } from './soakWriterProcess.ts';
import { storedTokens } from './tokenDocument.ts';

/** How big a soak is. */
export interface SoakOptions {
  seed: number;
  /** Real providers typing, spread over `writerProcesses` child processes. */
  writers: number;
  /** Documents they type into; writer i types into document i mod `documents`. */
  documents: number;
  /** SIGKILLs of the server, each followed by a restart on the same DATA_DIR and port. */
  kills: number;
  writerProcesses: number;
  rhythm: Rhythm;
  /** Time from the first ack after a (re)start to the next kill. */
  killAfterMs: Range;
  /** Progress lines. */
  log: (line: string) => void;
}

/** What a soak measured. `lost` and `notConverged` must be empty. */
export interface SoakFigures {
  seed: number;
  writers: number;
  documents: number;
  writerProcesses: number;
  kills: number;
  restarts: number;
  written: number;
  acked: number;
  /** Acknowledged tokens missing after a restart or from the final cold load. */
  lost: string[];
  /** Tokens that were never acknowledged but were stored anyway (not an error). */
  unackedStored: number;
  /** Writers whose copy differs from a fresh load of their document at the end. */
  notConverged: string[];
  /** Writers whose last changes were not all acknowledged at the end. */
  unsettled: number[];
  restartMs: { median: number; max: number };
  durationMs: number;
  /** Acknowledged edits per second of typing, kills and restarts included. */
  ackedPerSecond: number;
}

const WRITER_ENTRY = path.join(projectRoot(), 'server', 'hardening', 'soakWriterProcess.ts');
const TOKEN_WRITER = /-w(\d+)-/;
/**
 * How long a fresh reader may take to sync right after a restart, while every writer reconnects
 * and resends at once; generous, because a loaded two-core machine can take that long.
 */
const READER_TIMEOUT_MS = 120_000;
/** How long a (re)start may take; tsx compiles the server on every start, slow on a busy machine. */
const START_TIMEOUT_MS = 180_000;

/** The soak's admin: owner of the documents, and the reader that checks them. */
const SOAK_ADMIN = { email: TEST_ADMIN.email, password: TEST_PASSWORD };

/** Email of writer `index`'s account. */
/** The admin as the environment names it, so start-up keeps the seeded account an admin. */
const ADMIN_ENV = {
  REMISS_ADMIN_EMAIL: SOAK_ADMIN.email,
  REMISS_ADMIN_PASSWORD: SOAK_ADMIN.password,
};

const writerEmail = (index: number) => `writer${index}@soak.test`;

/**
 * Fills a fresh DATA_DIR before the first start: the admin, the documents, and one editor account
 * per writer. Each writer needs its own account: MAX_CONNECTIONS_PER_USER caps one account's
 * connections, as it should.
 */
async function seedDataDir(dataDir: string, options: SoakOptions): Promise<string[]> {
  const storage = SqliteStorage.open(dataDir);
  try {
    const admin = await buildUser(storage, { email: SOAK_ADMIN.email, isAdmin: true });
    const documentIds: string[] = [];
    for (let d = 0; d < options.documents; d += 1) {
      documentIds.push((await buildDocument(storage, admin.id, { title: `Soak ${d + 1}` })).id);
    }
    for (let index = 0; index < options.writers; index += 1) {
      await buildUser(storage, {
        email: writerEmail(index),
        role: 'editor',
        documentId: documentIds[index % documentIds.length] ?? '',
      });
    }
    return documentIds;
  } finally {
    await storage.close();
  }
}

/** A writer process and what it reported. */
interface WriterProcess {
  child: ChildProcess;
  ready: Promise<void>;
  settled: Promise<void>;
  final: Promise<Extract<SoakWriterMessage, { type: 'final' }>>;
  exited: Promise<number | null>;
}

const running = new Set<ChildProcess>();
// A runner that dies must not leave writers behind, typing at a port another test may reuse.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function startWriterProcess(job: SoakWriterJob, onAcked: (tokens: string[]) => void) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER_ENTRY, JSON.stringify(job)], {
    cwd: projectRoot(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const expect = (type: 'ready' | 'settled' | 'final') =>
    new Promise<SoakWriterMessage>((resolve, reject) => {
      child.on('message', (message: SoakWriterMessage) => {
        if (message.type === type) resolve(message);
      });
      void exited.then((code) =>
        reject(new Error(`a writer process exited (code ${String(code)}) before '${type}'`)),
      );
    });
  child.on('message', (message: SoakWriterMessage) => {
    if (message.type === 'acked') onAcked(message.tokens);
  });
  const writer: WriterProcess = {
    child,
    ready: expect('ready').then(() => undefined),
    settled: expect('settled').then(() => undefined),
    final: expect('final').then((message) => {
      if (message.type !== 'final') throw new Error('unexpected message');
      return message;
    }),
    exited,
  };
  // Rejections are awaited where they matter; unobserved ones must not crash the runner.
  for (const promise of [writer.ready, writer.settled, writer.final]) {
    promise.catch(() => undefined);
  }
  return writer;
}

/**
 * Runs the crash soak: real writers type into a few documents on the real server (a child
 * process), which is SIGKILLed `kills` times at seeded random moments and restarted on the same
 * DATA_DIR. After each restart, every token acknowledged before the kill must be in a fresh
 * load; at the end, every acknowledged token must be in a fresh load and in a cold read of the
 * file, and every writer's copy must equal the fresh load of its document.
 */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const startedAt = performance.now();
  const random = seededRandom(options.seed);
  const dataDir = makeTempDir('remiss-soak-');
  const port = await freePort();
  let server: StartedChildServer | null = null;
  const processes: WriterProcess[] = [];
  const everAcked = new Set<string>();
  let ackEvents = 0;
  const lost = new Set<string>();
  const restartMs: number[] = [];
  let restarts = 0;
  try {
    const documentIds = await seedDataDir(dataDir, options);
    // Started without signing in: startChildServer's sign-in gives up after 10 s, and a restart
    // meets every writer reconnecting at once. The reader signs in once, with patience; its
    // session is in the database and outlives the kills.
    server = await startChildServer({ dataDir, port, env: ADMIN_ENV }, START_TIMEOUT_MS);
    const cookie = await signIn(server.url, SOAK_ADMIN.email, SOAK_ADMIN.password);
    const reader = {
      url: server.url,
      collabToken: (documentId: string) => collabToken(reader.url, cookie, documentId),
    };
    const documentOf = (writer: number) => documentIds[writer % documentIds.length] ?? '';
    const documentOfToken = (token: string) => documentOf(Number(TOKEN_WRITER.exec(token)?.[1]));

    for (let p = 0; p < options.writerProcesses; p += 1) {
      const writers = [];
      for (let index = p; index < options.writers; index += options.writerProcesses) {
        writers.push({ index, documentId: documentOf(index), email: writerEmail(index) });
      }
      const job: SoakWriterJob = {
        url: server.url,
        password: TEST_PASSWORD,
        seed: options.seed,
        tag: 'soak',
        rhythm: {
          intervalMs: [...options.rhythm.intervalMs],
          burstTokens: [...options.rhythm.burstTokens],
          burstPauseMs: [...options.rhythm.burstPauseMs],
        },
        writers,
      };
      processes.push(
        startWriterProcess(job, (tokens) => {
          ackEvents += 1;
          for (const token of tokens) everAcked.add(token);
        }),
      );
    }
    await withTimeout(
      Promise.all(processes.map((writer) => writer.ready)),
      180_000,
      'the writers did not connect',
    );
    for (const writer of processes) writer.child.send({ type: 'start' });
    const typingSince = performance.now();
    options.log(`soak seed ${options.seed}: ${options.writers} writers connected`);

    for (let kill = 0; kill < options.kills; kill += 1) {
      const current: StartedChildServer = server;
      const acksBefore = ackEvents;
      await withTimeout(
        (async () => {
          while (ackEvents === acksBefore) await sleep(20);
        })(),
        60_000,
        `kill ${kill + 1}: nothing was acknowledged after the restart`,
      );
      await sleep(between(options.killAfterMs, () => random.next()));
      // Only what was acknowledged before the kill can be demanded after it.
      const demanded = [...everAcked];
      current.kill('SIGKILL');
      await current.exited;
      const restarted = await startChildServer({ dataDir, port, env: ADMIN_ENV }, START_TIMEOUT_MS);
      server = restarted;
      restarts += 1;
      restartMs.push(restarted.startupMs);
      const present = new Map<string, Set<string>>();
      for (const documentId of documentIds) {
        present.set(documentId, await readTokens(reader, documentId, READER_TIMEOUT_MS));
      }
      const missing = demanded.filter((token) => !present.get(documentOfToken(token))?.has(token));
      for (const token of missing) lost.add(token);
      options.log(
        `kill ${kill + 1}/${options.kills}: ${demanded.length} acked so far, ` +
          `${missing.length} missing, restart ${Math.round(restarted.startupMs)} ms`,
      );
    }

    for (const writer of processes) writer.child.send({ type: 'stop' });
    const typingEndedAt = performance.now();
    await withTimeout(
      Promise.all(processes.map((writer) => writer.settled)),
      120_000,
      'the writers did not settle',
    );
    for (const writer of processes) writer.child.send({ type: 'report' });
    const finals = await withTimeout(
      Promise.all(processes.map((writer) => writer.final)),
      60_000,
      'the writers did not report',
    );
    const reports = finals.flatMap((final) => final.writers);
    const acked = new Set(reports.flatMap((report) => report.acked));
    for (const token of everAcked) acked.add(token);

    const fresh = new Map<string, Set<string>>();
    for (const documentId of documentIds) {
      fresh.set(documentId, await readTokens(reader, documentId, READER_TIMEOUT_MS));
    }
    const notConverged = reports
      .filter((report) => !sameTokens(new Set(report.holds), fresh.get(report.documentId)))
      .map((report) => `writer ${report.index}`);

    // A cold read of the file, after one more kill: the strongest form of "a fresh load".
    server.kill('SIGKILL');
    await server.exited;
    const stored = new Map<string, Set<string>>();
    for (const documentId of documentIds) stored.set(documentId, storedTokens(dataDir, documentId));
    for (const token of acked) {
      const documentId = documentOfToken(token);
      if (!fresh.get(documentId)?.has(token) || !stored.get(documentId)?.has(token)) {
        lost.add(token);
      }
    }
    for (const documentId of documentIds) {
      if (!sameTokens(fresh.get(documentId), stored.get(documentId))) {
        notConverged.push(`the stored copy of ${documentId}`);
      }
    }
    const written = reports.reduce((sum, report) => sum + report.written, 0);
    let storedCount = 0;
    for (const tokens of stored.values()) storedCount += tokens.size;
    const sorted = [...restartMs].sort((a, b) => a - b);
    return {
      seed: options.seed,
      writers: options.writers,
      documents: options.documents,
      writerProcesses: options.writerProcesses,
      kills: options.kills,
      restarts,
      written,
      acked: acked.size,
      lost: [...lost].sort(),
      unackedStored:
        storedCount -
        [...acked].filter((token) => stored.get(documentOfToken(token))?.has(token)).length,
      notConverged,
      unsettled: reports.filter((report) => !report.allAcked).map((report) => report.index),
      restartMs: {
        median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
        max: Math.round(sorted.at(-1) ?? 0),
      },
      durationMs: Math.round(performance.now() - startedAt),
      ackedPerSecond: Math.round(acked.size / ((typingEndedAt - typingSince) / 1000)),
    };
  } catch (error) {
    // The server's last words are usually what explains a failure.
    options.log(`soak failed; the server's last output:\n${server?.output().slice(-4_000) ?? ''}`);
    throw error;
  } finally {
    for (const writer of processes) writer.child.kill('SIGKILL');
    await Promise.all(processes.map((writer) => writer.exited));
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function sameTokens(a: Set<string> | undefined, b: Set<string> | undefined): boolean {
  if (!a || !b || a.size !== b.size) return false;
  for (const token of a) if (!b.has(token)) return false;
  return true;
}
