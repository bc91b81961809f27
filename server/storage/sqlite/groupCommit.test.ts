import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDocument, buildUser } from '../../test/factories.ts';
import { makeTempDir } from '../../test/startTestServer.ts';
import { DATABASE_FILE } from './openDatabase.ts';
import { SqliteStorage } from './SqliteStorage.ts';

// The update log commits the appends of one event-loop turn together. What must not change:
// an append resolves only once its row is committed, every append lands, in order, and one bad
// append fails alone.
const dirs: string[] = [];
const open: SqliteStorage[] = [];
afterEach(async () => {
  for (const storage of open.splice(0)) await storage.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function setUp() {
  const dir = makeTempDir('remiss-group-commit-');
  dirs.push(dir);
  const storage = SqliteStorage.open(dir);
  open.push(storage);
  const owner = await buildUser(storage, {});
  const document = await buildDocument(storage, owner.id);
  // A second connection sees only what has been committed.
  const reader = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  const committed = () =>
    reader
      .prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
      )
      .get(document.id)?.n ?? 0;
  return { dir, storage, documentId: document.id, reader, committed };
}

const update = (value: number) => Uint8Array.of(value, value, value);

describe('group commit of the update log', () => {
  it('resolves each append only once its row is committed, in order', async () => {
    const { storage, documentId, reader, committed } = await setUp();
    const before = committed();
    const seen: number[] = [];
    const appends = Array.from({ length: 20 }, (_unused, index) =>
      storage.updates.append(documentId, update(index)).then((seq) => {
        // Read from another connection the moment the promise resolves: already on disk.
        seen.push(committed() - before);
        return seq;
      }),
    );
    // Nothing was written while this turn of the event loop made the appends.
    expect(committed()).toBe(before);
    const seqs = await Promise.all(appends);
    expect(seen.every((count) => count === 20)).toBe(true);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(20);
    const loaded = await storage.updates.load(documentId);
    expect(loaded.updates.slice(-20).map((row) => row.data[0])).toEqual(
      Array.from({ length: 20 }, (_unused, index) => index),
    );
    reader.close();
  });

  it('fails a bad append alone and stores the others of its group', async () => {
    const { storage, documentId, reader } = await setUp();
    const results = await Promise.allSettled([
      storage.updates.append(documentId, update(1)),
      // No such document: the foreign key refuses it.
      storage.updates.append('no-such-document', update(2)),
      storage.updates.append(documentId, update(3)),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const loaded = await storage.updates.load(documentId);
    expect(loaded.updates.map((row) => row.data[0])).toEqual([1, 3]);
    reader.close();
  });

  it('lets a load, and a close, see appends still waiting for their group', async () => {
    const { dir, storage, documentId, reader } = await setUp();
    const pending = storage.updates.append(documentId, update(7));
    const loaded = await storage.updates.load(documentId);
    expect(loaded.updates.map((row) => row.data[0])).toEqual([7]);
    await pending;

    const atClose = storage.updates.append(documentId, update(8));
    reader.close();
    await storage.close();
    open.splice(0);
    await atClose;
    const reopened = SqliteStorage.open(dir);
    open.push(reopened);
    const after = await reopened.updates.load(documentId);
    expect(after.updates.map((row) => row.data[0])).toEqual([7, 8]);
  });
});
