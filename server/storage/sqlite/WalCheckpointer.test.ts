import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createJsonLogger, type LogFields, type Logger } from '../../logger.ts';
import { RemissMetrics } from '../../metrics/RemissMetrics.ts';
import { projectRoot } from '../../projectRoot.ts';
import { buildDocument, buildUser } from '../../test/factories.ts';
import { parseMetrics } from '../../test/scrapeMetrics.ts';
import { makeTempDir, testLogger } from '../../test/startTestServer.ts';
import { mountTinyFilesystem } from '../../test/tinyFilesystem.ts';
import { MIN_FREE_DISK_BYTES } from '../../../shared/limits.ts';
import { checksum } from '../checksum.ts';
import { DATABASE_FILE } from './openDatabase.ts';
import { SqliteStorage } from './SqliteStorage.ts';
import type { WalCheckpointer } from './WalCheckpointer.ts';

const opened: SqliteStorage[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const storage of opened.splice(0)) await storage.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A store in a new temporary folder, with one document to append to. */
async function openStore(): Promise<{ storage: SqliteStorage; dir: string; documentId: string }> {
  const dir = makeTempDir('remiss-checkpoint-');
  dirs.push(dir);
  const storage = SqliteStorage.open(dir);
  opened.push(storage);
  const owner = await buildUser(storage);
  const document = await buildDocument(storage, owner.id);
  return { storage, dir, documentId: document.id };
}

function started(
  storage: SqliteStorage,
  options: Partial<Parameters<SqliteStorage['checkpointInBackground']>[0]> = {},
): WalCheckpointer {
  const checkpointer = storage.checkpointInBackground({
    logger: testLogger(),
    startBytes: 0,
    ...options,
  });
  if (checkpointer === null) throw new Error('a file database in WAL mode has a checkpointer');
  return checkpointer;
}

/** A logger that keeps what it was told, to check what an operator would read. */
function recordingLogger(): { logger: Logger; lines: () => { level: string; message: string }[] } {
  const lines: string[] = [];
  const logger = createJsonLogger({ level: 'info', write: (line) => lines.push(line) });
  const read = (line: string) => {
    const { level, message } = JSON.parse(line) as { level: string; message: string };
    return { level, message };
  };
  return { logger, lines: () => lines.map(read) };
}

/** Every line a real JSON logger wrote, parsed with all its fields. */
function fieldLogger(): { logger: Logger; lines: LogFields[] } {
  const lines: LogFields[] = [];
  const logger = createJsonLogger({ write: (line) => lines.push(JSON.parse(line) as LogFields) });
  return { logger, lines };
}

/** The checkpointer's series in a scrape of metrics that watch it. */
function scrape(metrics: RemissMetrics) {
  const values = parseMetrics(metrics.render());
  return {
    checkpoints: values.get('remiss_wal_checkpoints_total'),
    failures: values.get('remiss_wal_checkpoint_failures_total'),
    restarts: values.get('remiss_wal_checkpointer_restarts_total'),
    up: values.get('remiss_wal_checkpointer_up'),
    failingSeconds: values.get('remiss_wal_checkpoint_failing_seconds'),
    walBytes: values.get('remiss_wal_bytes'),
    framesLeft: values.get('remiss_wal_checkpoint_frames_left'),
  };
}

const walBytes = (dir: string) => fs.statSync(path.join(dir, `${DATABASE_FILE}-wal`)).size;

/** Appends `count` updates of `bytes` each, `parallel` at a time, and returns what was acked. */
async function appendMany(
  storage: SqliteStorage,
  documentId: string,
  count: number,
  bytes: number,
): Promise<Map<number, string>> {
  const acked = new Map<number, string>();
  for (let start = 0; start < count; start += 50) {
    const batch = Array.from({ length: Math.min(50, count - start) }, () => randomBytes(bytes));
    const seqs = await Promise.all(batch.map((data) => storage.updates.append(documentId, data)));
    seqs.forEach((seq, index) => acked.set(seq, checksum(batch[index] ?? new Uint8Array())));
  }
  return acked;
}

/** Every acked update is in the log, byte for byte (by checksum). */
async function expectAllStored(
  storage: SqliteStorage,
  documentId: string,
  acked: Map<number, string>,
) {
  const content = await storage.updates.load(documentId);
  const stored = new Map(content.updates.map((update) => [update.seq, checksum(update.data)]));
  for (const [seq, sum] of acked) expect(stored.get(seq), `update ${seq}`).toBe(sum);
}

const until = async (check: () => boolean, what: string, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('WalCheckpointer', () => {
  it('copies the log into the database file from its worker, before SQLite itself would', async () => {
    const { storage, dir, documentId } = await openStore();
    // No timed checkpoints in this test: each is asked for, so the sizes below are exact.
    const checkpointer = started(storage, { intervalMs: 600_000 });
    await checkpointer.whenStarted();
    const databaseBytes = () => fs.statSync(path.join(dir, DATABASE_FILE)).size;

    // About 1 MiB: well short of SQLite's own checkpoint at 1,000 pages, which stays on as the
    // bound of the log.
    const acked = await appendMany(storage, documentId, 250, 4096);
    expect(storage.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = databaseBytes();

    const first = await checkpointer.checkpoint();
    expect(first.logFrames).toBeGreaterThan(250);
    expect(first.logFrames).toBeLessThan(1000);
    expect(first.checkpointedFrames).toBe(first.logFrames);
    expect(databaseBytes() - before).toBeGreaterThan(1024 * 1024);

    // Every frame was copied, so the next commit starts the log over.
    const more = await appendMany(storage, documentId, 1, 100);
    const second = await checkpointer.checkpoint();
    expect(second.logFrames).toBeLessThan(10);
    expect(second.checkpointedFrames).toBe(second.logFrames);

    await expectAllStored(storage, documentId, new Map([...acked, ...more]));
    expect(checkpointer.status).toMatchObject({ running: true, failures: 0 });
  });

  it('leaves the checkpoint to SQLite until the log reaches its start size', async () => {
    const { storage, dir, documentId } = await openStore();
    const checkpointer = started(storage, { startBytes: 256 * 1024, intervalMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(checkpointer.status.running).toBe(false);

    const acked = await appendMany(storage, documentId, 100, 4096);
    expect(walBytes(dir)).toBeGreaterThan(256 * 1024);
    await checkpointer.whenStarted();
    expect(checkpointer.status.running).toBe(true);
    await expectAllStored(storage, documentId, acked);
  });

  it('lets appends go on while it checkpoints, and loses none', async () => {
    const { storage, documentId } = await openStore();
    const checkpointer = started(storage, { intervalMs: 1 });
    await checkpointer.whenStarted();
    const acked = await appendMany(storage, documentId, 600, 2048);
    await until(() => checkpointer.status.checkpoints >= 5, 'timed checkpoints');
    expect(checkpointer.status.failures).toBe(0);
    await expectAllStored(storage, documentId, acked);
  });

  it('shuts down with the log checkpointed and the data readable again', async () => {
    const { storage, dir, documentId } = await openStore();
    await started(storage, { intervalMs: 5 }).whenStarted();
    const acked = await appendMany(storage, documentId, 200, 2048);
    await storage.close();
    // The final TRUNCATE met no checkpoint of the worker's: the log is empty or gone.
    const wal = path.join(dir, `${DATABASE_FILE}-wal`);
    expect(fs.existsSync(wal) ? fs.statSync(wal).size : 0).toBe(0);
    const reopened = SqliteStorage.open(dir);
    opened.push(reopened);
    await expectAllStored(reopened, documentId, acked);
  });

  it('reports a failed worker, goes on storing, and starts a new one', async () => {
    const { storage, dir, documentId } = await openStore();
    const { logger, lines } = recordingLogger();
    // The worker opens the file by name: with it moved away for a moment, the worker fails.
    const file = path.join(dir, DATABASE_FILE);
    fs.renameSync(file, `${file}.away`);
    const checkpointer = started(storage, { logger, restartMs: 200, intervalMs: 5 });
    await checkpointer.whenStarted();
    fs.renameSync(`${file}.away`, file);

    expect(checkpointer.status).toMatchObject({ running: false, failures: 1 });
    expect(lines()).toContainEqual({
      level: 'error',
      message: 'the WAL checkpointer failed; SQLite checkpoints alone until it is back',
    });
    // Edits are still stored while it is down.
    const acked = await appendMany(storage, documentId, 100, 1024);

    await until(() => checkpointer.status.running, 'the restarted worker');
    await until(() => checkpointer.status.checkpoints > 0, 'a checkpoint of the new worker');
    await expectAllStored(storage, documentId, acked);
  });

  it('reports a worker that keeps failing as degraded, logs it once, counts it, and recovers', async () => {
    const { storage, dir, documentId } = await openStore();
    const { logger, lines } = fieldLogger();
    const metrics = new RemissMetrics();
    try {
      const file = path.join(dir, DATABASE_FILE);
      fs.renameSync(file, `${file}.away`);
      // Every restart fails too while the file is away: a failure that lasts.
      const checkpointer = started(storage, {
        logger,
        restartMs: 10,
        intervalMs: 5,
        degradedAfterMs: 100,
        failureLogIntervalMs: 600_000,
      });
      metrics.watchWalCheckpointer(checkpointer);
      await until(
        () => checkpointer.status.failures >= 3 && checkpointer.health().state === 'degraded',
        'a lasting failure',
      );
      const health = checkpointer.health();
      expect(health.state === 'degraded' ? health.reason : '').toMatch(
        /^WAL checkpoints failing since .* failed\): /,
      );
      const down = scrape(metrics);
      const status = checkpointer.status;
      expect(down).toMatchObject({
        checkpoints: 0,
        failures: status.failures,
        restarts: status.restarts,
        up: 0,
        framesLeft: undefined,
      });
      expect(status.restarts).toBeGreaterThanOrEqual(status.failures - 1);
      expect(down.failingSeconds).toBeGreaterThan(0);
      // One line for the whole run so far, however many attempts failed.
      expect(lines.filter((line) => line.level === 'error')).toEqual([
        expect.objectContaining({
          message: 'the WAL checkpointer failed; SQLite checkpoints alone until it is back',
        }),
      ]);
      const acked = await appendMany(storage, documentId, 20, 1024);

      fs.renameSync(`${file}.away`, file);
      await until(() => checkpointer.status.checkpoints > 0, 'a checkpoint of a new worker');
      expect(checkpointer.health()).toEqual({ state: 'ok' });
      const failures = checkpointer.status.failures;
      expect(lines.filter((line) => line.message === 'WAL checkpoints succeed again')).toEqual([
        expect.objectContaining({ level: 'info', failures }),
      ]);
      const up = scrape(metrics);
      expect(up).toMatchObject({ failures, up: 1, failingSeconds: 0 });
      expect(up.checkpoints).toBeGreaterThan(0);
      expect(up.framesLeft).toBeGreaterThanOrEqual(0);
      expect(up.walBytes).toBe(walBytes(dir));
      expect(up.walBytes).toBeGreaterThan(0);
      await expectAllStored(storage, documentId, acked);
    } finally {
      metrics.stop();
    }
  });

  it('counts checkpoints that fail on a full disk, and loses nothing once there is room', async (context) => {
    // Opening refuses a disk with less than MIN_FREE_DISK_BYTES free; a little more than that.
    const tiny = mountTinyFilesystem(MIN_FREE_DISK_BYTES / (1024 * 1024) + 8);
    if (tiny === null) {
      context.skip('mounting a tmpfs needs root and a mount binary');
      return;
    }
    const dir = path.join(tiny.dir, 'data');
    fs.mkdirSync(dir);
    const storage = SqliteStorage.open(dir);
    const { logger, lines } = fieldLogger();
    const metrics = new RemissMetrics();
    try {
      const owner = await buildUser(storage);
      const { id: documentId } = await buildDocument(storage, owner.id);
      // Only the checkpoints the test asks for.
      const checkpointer = started(storage, { logger, intervalMs: 600_000, degradedAfterMs: 0 });
      await checkpointer.whenStarted();
      metrics.watchWalCheckpointer(checkpointer);
      // In the log, not yet in the database file: the checkpoint must grow that file.
      const acked = await appendMany(storage, documentId, 200, 4096);

      tiny.fill();
      await expect(checkpointer.checkpoint()).rejects.toThrow(/full/);
      await expect(checkpointer.checkpoint()).rejects.toThrow(/full/);
      expect(checkpointer.status).toMatchObject({ running: true, checkpoints: 0, failures: 2 });
      expect(checkpointer.health().state).toBe('degraded');
      expect(scrape(metrics)).toMatchObject({ checkpoints: 0, failures: 2, up: 1 });
      expect(lines.filter((line) => line.level === 'error')).toEqual([
        expect.objectContaining({
          message: 'a WAL checkpoint failed; it is tried again',
          error: expect.stringMatching(/full/) as string,
        }),
      ]);

      tiny.free();
      const outcome = await checkpointer.checkpoint();
      expect(outcome.checkpointedFrames).toBe(outcome.logFrames);
      expect(checkpointer.health()).toEqual({ state: 'ok' });
      expect(scrape(metrics)).toMatchObject({ checkpoints: 1, failures: 2, framesLeft: 0 });
      expect(lines.at(-1)).toMatchObject({
        level: 'info',
        message: 'WAL checkpoints succeed again',
        failures: 2,
      });
      await expectAllStored(storage, documentId, acked);
    } finally {
      metrics.stop();
      await storage.close();
      tiny.unmount();
    }
  });

  it('loses no acknowledged append when the process is killed while it checkpoints', async () => {
    const { storage, dir, documentId } = await openStore();
    await storage.close();
    opened.splice(opened.indexOf(storage), 1);

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/test/walCheckpointWriter.ts', dir, documentId],
      { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const acked = new Map<number, string>();
    let checkpoints = 0;
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [kind, first, second] = line.split(' ');
      if (kind === 'acked' && first && second) acked.set(Number(first), second);
      if (kind === 'checkpoints' && first) checkpoints = Number(first);
      // With a checkpoint every millisecond, one is most likely under way at the kill.
      if (acked.size >= 1500 && checkpoints >= 20) child.kill('SIGKILL');
    });
    const signal = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`the writer never got going: ${stderr}`)), 60_000),
      ),
    ]);
    expect(signal, stderr).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(1500);

    // Opening runs quick_check and recovers from the log the killed process left behind.
    const reopened = SqliteStorage.open(dir);
    opened.push(reopened);
    await expectAllStored(reopened, documentId, acked);
  }, 90_000);
});
