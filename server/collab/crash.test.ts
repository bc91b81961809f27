import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPACTION_DEBOUNCE_MS } from '../../shared/limits.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { runSoak } from '../hardening/soak.ts';
import { inspectLog, readTokens, sleep, withTimeout } from '../hardening/soakTools.ts';
import { between as drawBetween, startWriter, type Writer } from '../hardening/soakWriter.ts';
import {
  freePort,
  startChildServer,
  TEST_ADMIN,
  type StartedChildServer,
} from '../test/childServer.ts';
import { connectClient } from '../test/collabClient.ts';
import { heavyTestFile } from '../test/heavyTestLock.ts';
import { makeTempDir } from '../test/startTestServer.ts';

// Loads both cores for tens of seconds: never beside another such file (heavyTestLock.ts).
heavyTestFile();

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

const seed = Number(process.env['REMISS_CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 32));
// Separate streams, so the schedule of kills does not depend on how the writers' timers
// interleave: the same seed replays the same kill times and the same typing rhythm per writer.
const scheduleSource = seededRandom(seed);
const scheduleRandom = () => scheduleSource.next();
const writerRandom = (round: number, index: number) => {
  const source = seededRandom(seed ^ Math.imul(round * WRITERS + index + 1, 0x9e3779b1));
  return () => source.next();
};
const between = (range: readonly [number, number]) => drawBetween(range, scheduleRandom);

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
        startWriter(client, {
          tag: `r${round}`,
          index,
          random: writerRandom(round, index),
          rhythm: {
            intervalMs: WRITE_INTERVAL_MS,
            burstTokens: BURST_TOKENS,
            burstPauseMs: BURST_PAUSE_MS,
          },
          isWriting: () => writing,
          onAck: () => acknowledged(),
        }),
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

describe('crash soak, short (`npm run soak` runs 50 writers and 20 kills)', () => {
  it(
    'loses 0 acknowledged edits over random SIGKILLs while writers in another process type',
    // Generous: restarts take 2 s on an idle machine, and 30 s on a shared one under load.
    { timeout: 300_000 },
    async () => {
      const soakSeed = Number(
        process.env['REMISS_SOAK_SEED'] ?? Math.floor(Math.random() * 2 ** 32),
      );
      const figures = await runSoak({
        seed: soakSeed,
        writers: 5,
        documents: 2,
        kills: 3,
        writerProcesses: 1,
        rhythm: { intervalMs: [20, 80], burstTokens: [3, 10], burstPauseMs: [100, 500] },
        killAfterMs: [200, 1_200],
        log: (line) => console.log(`crash soak: ${line}`),
      });
      const context = `seed ${soakSeed} (replay with REMISS_SOAK_SEED=${soakSeed})`;
      console.log(
        `crash soak, ${context}: ${JSON.stringify({ ...figures, lost: figures.lost.length })}`,
      );
      expect(figures.lost, `acknowledged edits lost; ${context}`).toEqual([]);
      expect(figures.notConverged, `copies that differ at the end; ${context}`).toEqual([]);
      expect(figures.restarts).toBe(3);
      expect(
        figures.acked,
        `nothing was acknowledged, so it proves nothing; ${context}`,
      ).toBeGreaterThan(0);
    },
  );
});
