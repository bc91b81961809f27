/**
 * How much room versions take: `npx tsx server/bench/versionStorage.bench.ts [checkpoints]`.
 * Builds a ~200-page draft (2,000 paragraphs of synthetic Swedish text), then makes 500
 * checkpoints through the real SQLite storage and the real `VersionRecorder`, with a few small
 * edits (words typed and deleted, as the editor writes them) between each two. Prints the
 * database and WAL sizes, and the size of one full state for comparison. Prints, does not assert.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as Y from 'yjs';
import { syntheticDocument, syntheticSentence } from '../../shared/diff/syntheticDocument.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { createJsonLogger } from '../logger.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { summariseStates } from '../versions/summariseStates.ts';
import { VersionRecorder } from '../versions/VersionRecorder.ts';

const SEED = 20_251_006;
const PARAGRAPHS = 2_000;
const CHECKPOINTS = Number(process.argv[2] ?? 500);
const EDITS_BETWEEN = 5;

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sizeOf = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'remiss-bench-'));
  const storage = SqliteStorage.open(dataDir);
  try {
    const random = seededRandom(SEED);
    const recorder = new VersionRecorder(storage, createJsonLogger({ level: 'error' }));
    const owner = await storage.users.create({
      id: 'bench-owner',
      email: 'bench@test.invalid',
      name: 'Bench',
      organisation: 'Bench',
      passwordHash: null,
      isAdmin: false,
    });
    if (!owner) throw new Error('could not create the bench user');
    const initial = contentToYUpdate(syntheticDocument({ random, paragraphs: PARAGRAPHS }));
    await storage.documents.create({
      id: 'bench',
      title: 'Vägledning',
      ownerId: owner.id,
      initialState: initial,
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    const words = flattenText(doc)
      .text.split(/\s+/u)
      .filter((word) => word !== '').length;
    console.log(
      `document: ${PARAGRAPHS} paragraphs, ${words} words, initial state ${mib(initial.length)}`,
    );

    // Event-loop delay while checkpoints are stored, which is what live editing feels: measured
    // only around each `record`, since the bench's own edits block the loop too.
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    let lastPair: { before: Uint8Array | null; after: Uint8Array } = {
      before: null,
      after: initial,
    };
    const started = performance.now();
    for (let made = 0; made < CHECKPOINTS; made += 1) {
      for (let edit = 0; edit < EDITS_BETWEEN; edit += 1) {
        const segments = flattenText(doc).segments.filter((segment) => segment.text.length > 20);
        const segment = segments[random.int(segments.length)];
        if (!segment) continue;
        const at = random.int(segment.text.length - 10);
        if (random.chance(0.3)) segment.text.delete(at, 1 + random.int(8));
        else segment.text.insert(at, `${syntheticSentence(random, 3)} `);
      }
      // The text is stored as the server stores it (compaction folds it into one state row)...
      const state = Y.encodeStateAsUpdate(doc);
      await storage.updates.compact('bench', state, 0);
      // ...and the checkpoint with its change summary, as CheckpointExtension takes it.
      lastPair = { before: lastPair.after, after: state };
      loopDelay.enable();
      await recorder.record({
        documentId: 'bench',
        kind: 'checkpoint',
        reason: 'interval',
        name: null,
        note: null,
        createdBy: owner.id,
        authors: [owner.id],
        state,
      });
      loopDelay.disable();
    }
    const seconds = (performance.now() - started) / 1000;
    await recorder.close();
    // Baseline from the same run: the summary of one checkpoint computed on the main thread, as
    // it was before the summary worker.
    const inlineStarted = performance.now();
    summariseStates(lastPair.before, lastPair.after);
    const inlineMs = performance.now() - inlineStarted;
    const ms = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(1);

    const file = path.join(dataDir, DATABASE_FILE);
    const finalState = Y.encodeStateAsUpdate(doc).length;
    const dbBefore = sizeOf(file);
    const walBefore = sizeOf(`${file}-wal`);
    console.log(`checkpoints: ${CHECKPOINTS}, ${EDITS_BETWEEN} small edits before each`);
    console.log(
      `time: ${seconds.toFixed(1)} s (${((seconds * 1000) / CHECKPOINTS).toFixed(0)} ms per checkpoint, summary included)`,
    );
    console.log(
      `event-loop delay while storing checkpoints: p99 ${ms(loopDelay.percentile(99))} ms, ` +
        `max ${ms(loopDelay.max)} ms; one summary on the main thread instead: ` +
        `${inlineMs.toFixed(0)} ms`,
    );
    console.log(`one full state now: ${mib(finalState)}`);
    console.log(`database ${mib(dbBefore)} + WAL ${mib(walBefore)} = ${mib(dbBefore + walBefore)}`);
    await storage.close();
    const dbAfter = sizeOf(file);
    console.log(`after closing (WAL checkpointed and truncated): database ${mib(dbAfter)}`);
    console.log(
      `ratio: database / one full state = ${(dbAfter / finalState).toFixed(1)} ` +
        `(${CHECKPOINTS + 1} states stored: ${CHECKPOINTS} versions and the document)`,
    );
  } finally {
    await storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
