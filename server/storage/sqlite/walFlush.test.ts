import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDocument, buildUser } from '../../test/factories.ts';
import { makeTempDir } from '../../test/startTestServer.ts';
import { DATABASE_FILE } from './openDatabase.ts';
import { SqliteStorage } from './SqliteStorage.ts';
import { walFileSync, type WalSync } from './walSync.ts';

// Group commits write the WAL without flushing it and flush it off the event loop. What must
// hold: an append resolves only after a flush that began after its commit has succeeded; a
// failed flush fails its appends; every other write keeps synchronous=FULL.
const dirs: string[] = [];
const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const handle of open.splice(0).reverse()) await handle.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A WAL flush the test finishes by hand: the real one, run only when released. */
function heldFlushes(databaseFile: string) {
  const real = walFileSync(databaseFile);
  const waiting: ((error: Error | null) => void)[] = [];
  const sync: WalSync = {
    flush: (done) => waiting.push(done),
    close: () => real.close(),
  };
  return {
    sync,
    /** Flushes started and not yet finished. */
    waiting: () => waiting.length,
    /** Finishes the oldest flush: for real, or with `error`. */
    finish: (error: Error | null = null) =>
      new Promise<void>((resolve) => {
        const done = waiting.shift();
        if (!done) throw new Error('no flush is under way');
        if (error) {
          done(error);
          resolve();
        } else {
          real.flush((realError) => {
            done(realError);
            resolve();
          });
        }
      }),
  };
}

async function setUp() {
  const dir = makeTempDir('remiss-wal-flush-');
  dirs.push(dir);
  const file = path.join(dir, DATABASE_FILE);
  const flushes = heldFlushes(file);
  const storage = SqliteStorage.open(dir, { updateLog: { walSync: flushes.sync } });
  const owner = await buildUser(storage, {});
  const document = await buildDocument(storage, owner.id);
  // Another connection sees only what has been committed.
  const reader = new Database(file, { readonly: true });
  open.push(storage, reader);
  const committed = () =>
    reader
      .prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
      )
      .get(document.id)?.n ?? 0;
  return { storage, documentId: document.id, flushes, committed };
}

/** Lets the event loop run a few turns, so a group commit and its callbacks get their chance. */
async function turns(count = 5): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Tracks whether a promise has settled, and how. */
function watch<T>(promise: Promise<T>) {
  const state: { settled: 'no' | 'resolved' | 'rejected'; value?: T; error?: unknown } = {
    settled: 'no',
  };
  promise.then(
    (value) => Object.assign(state, { settled: 'resolved', value }),
    (error: unknown) => Object.assign(state, { settled: 'rejected', error }),
  );
  return state;
}

const update = (value: number) => Uint8Array.of(value, value, value);

describe('WAL flush after group commit', () => {
  it('resolves an append only once the flush after its commit has finished', async () => {
    const { storage, documentId, flushes, committed } = await setUp();
    const append = watch(storage.updates.append(documentId, update(1)));
    await turns();
    // Committed (another connection reads it), but not yet flushed, so not resolved.
    expect(committed()).toBe(1);
    expect(flushes.waiting()).toBe(1);
    expect(append.settled).toBe('no');

    await flushes.finish();
    await turns();
    expect(append.settled).toBe('resolved');
    expect(append.value).toBeGreaterThan(0);
  });

  it('makes appends committed during a flush wait for the next one', async () => {
    const { storage, documentId, flushes } = await setUp();
    const first = watch(storage.updates.append(documentId, update(1)));
    await turns();
    const second = watch(storage.updates.append(documentId, update(2)));
    await turns();
    // The second group committed while the first flush ran; that flush may have missed it.
    expect(flushes.waiting()).toBe(1);

    await flushes.finish();
    await turns();
    expect(first.settled).toBe('resolved');
    expect(second.settled).toBe('no');
    expect(flushes.waiting()).toBe(1);

    await flushes.finish();
    await turns();
    expect(second.settled).toBe('resolved');
    expect(second.value).toBeGreaterThan(first.value ?? Infinity);
  });

  it('fails every append of a failed flush, and serves the next appends with the next flush', async () => {
    const { storage, documentId, flushes, committed } = await setUp();
    const lost = [1, 2].map((value) => watch(storage.updates.append(documentId, update(value))));
    await turns();
    await flushes.finish(new Error('EIO: i/o error, fdatasync'));
    await turns();
    for (const append of lost) {
      expect(append.settled).toBe('rejected');
      expect(String(append.error)).toContain('EIO');
    }
    // The rows did commit; only their durability is unknown, so they were not confirmed.
    expect(committed()).toBe(2);

    const next = watch(storage.updates.append(documentId, update(3)));
    await turns();
    await flushes.finish();
    await turns();
    expect(next.settled).toBe('resolved');
  });

  it('goes on flushing after a flush that called back at once', async () => {
    const dir = makeTempDir('remiss-wal-sync-now-');
    dirs.push(dir);
    let flushes = 0;
    const storage = SqliteStorage.open(dir, {
      updateLog: {
        walSync: {
          flush: (done) => {
            flushes += 1;
            done(flushes === 1 ? new Error('EIO: i/o error, fdatasync') : null);
          },
          close: () => undefined,
        },
      },
    });
    open.push(storage);
    const owner = await buildUser(storage, {});
    const { id: documentId } = await buildDocument(storage, owner.id);
    await expect(storage.updates.append(documentId, update(1))).rejects.toThrow('EIO');
    await expect(storage.updates.append(documentId, update(2))).resolves.toBeGreaterThan(0);
    expect(flushes).toBe(2);
  });

  it('keeps synchronous=FULL for every other write on the connection', async () => {
    const { storage, documentId, flushes } = await setUp();
    const level = () => storage.db.pragma('synchronous', { simple: true });
    expect(level()).toBe(2);
    const appends = Promise.allSettled([
      storage.updates.append(documentId, update(1)),
      // A group with a bad append is retried one append at a time; the level comes back too.
      storage.updates.append('no-such-document', update(2)),
    ]);
    await turns();
    expect(level()).toBe(2);
    await flushes.finish();
    const results = await appends;
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
    expect(level()).toBe(2);
  });

  it('waits at close for the flush of what was appended', async () => {
    const { storage, documentId, flushes } = await setUp();
    const append = watch(storage.updates.append(documentId, update(1)));
    const closed = storage.close();
    await turns();
    expect(append.settled).toBe('no');
    await flushes.finish();
    await closed;
    expect(append.settled).toBe('resolved');
  });

  it('flushes the real WAL file, and fails when there is none or it is closed', async () => {
    const dir = makeTempDir('remiss-wal-file-');
    dirs.push(dir);
    const storage = SqliteStorage.open(dir);
    open.push(storage);
    const file = path.join(dir, DATABASE_FILE);
    const result = (sync: WalSync) =>
      new Promise<Error | null>((resolve) => {
        sync.flush(resolve);
      });
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
    const real = walFileSync(file);
    expect(await result(real)).toBeNull();
    // The second flush reuses the descriptor the first one opened.
    expect(await result(real)).toBeNull();
    real.close();
    expect(String(await result(real))).toContain('closed');
    const missing = await result(walFileSync(path.join(dir, 'no-such.sqlite')));
    expect(missing).toBeInstanceOf(Error);
    expect(String(missing)).toContain('ENOENT');
  });
});
