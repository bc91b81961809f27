import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { healthResponseSchema } from '../../shared/api/health.ts';
import { MIN_FREE_DISK_BYTES, STORE_RETRY_INTERVAL_MS } from '../../shared/limits.ts';
import { emptyDocumentUpdate } from '../editor/contentToYUpdate.ts';
import { createJsonLogger, type LogFields } from '../logger.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { holdDatabaseLock, type LockHolder } from '../test/lockHolder.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { mountTinyFilesystem } from '../test/tinyFilesystem.ts';
import { appendToken, storedTokens, tokenName, tokensOf } from './tokenDocument.ts';

let server: TestServer | null = null;
const clients: TestClient[] = [];
const cleanups: (() => void | Promise<void>)[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function health(target: TestServer) {
  const response = await fetch(`${target.url}/api/health`);
  return { status: response.status, body: healthResponseSchema.parse(await response.json()) };
}

/** A fault that makes every write to the database fail until it is ended. */
interface Fault {
  /** Starts the fault; resolves with the function that ends it. */
  begin(dataDir: string): Promise<() => Promise<void>>;
  /** What SQLite says while it lasts. */
  cause: RegExp;
}

/**
 * Two clients edit; the fault begins; both type five tokens; one of them leaves (a closed tab),
 * so its edits exist only in the server's memory; the fault ends. Checks, in order, what a user
 * and an operator rely on: nothing is acknowledged while the fault lasts, an error line names
 * the document and the cause, the document stays loaded and is reported unsaved by health, and
 * afterwards the ack arrives and a cold load from the file has every edit.
 */
async function editThroughFault(dataDir: string, fault: Fault): Promise<void> {
  const lines: LogFields[] = [];
  server = await startTestServer({
    dataDir,
    logger: createJsonLogger({ write: (line) => lines.push(JSON.parse(line) as LogFields) }),
  });
  const target = server;
  const documentId = 'fault-doc';
  await target.storage.documents.create({
    id: documentId,
    title: 'Fel i lagringen',
    ownerId: LOCAL_USER_ID,
    initialState: emptyDocumentUpdate(),
  });
  const stays = connectLocalUser(target, documentId);
  const leaves = connectLocalUser(target, documentId);
  clients.push(stays, leaves);
  await Promise.all([stays.synced, leaves.synced]);
  const first = tokenName('before', 0, 0);
  appendToken(stays.ydoc, first);
  await stays.allAcked();

  const end = await fault.begin(dataDir);
  let ended = false;
  cleanups.push(async () => {
    if (!ended) await end();
  });
  const written: string[] = [];
  for (let n = 0; n < 5; n += 1) {
    for (const [index, client] of [stays, leaves].entries()) {
      const token = tokenName('fault', index, n);
      written.push(token);
      appendToken(client.ydoc, token);
    }
  }
  const live = target.engine.hocuspocus.documents.get(documentId);
  if (!live) throw new Error('the document is not loaded');
  // Every edit reaches the server's copy (it is applied before it is stored); none is acked.
  await vi.waitFor(() => expect([...tokensOf(live)]).toEqual(expect.arrayContaining(written)), {
    timeout: 10_000,
  });
  expect(stays.provider.unsyncedChanges).toBeGreaterThan(0);
  expect(leaves.provider.unsyncedChanges).toBeGreaterThan(0);
  leaves.destroy();

  const refused = lines.find(
    (line) => line['level'] === 'error' && line['documentId'] === documentId,
  );
  expect(refused?.['message']).toMatch(/not acknowledged|will retry/);
  expect(JSON.stringify(refused?.['error'])).toMatch(fault.cause);
  expect(target.engine.persistence.unsavedDocuments()).toEqual([
    expect.objectContaining({ documentId, error: expect.stringMatching(fault.cause) as string }),
  ]);
  const failing = await health(target);
  expect(failing.status).toBe(503);
  const reasons = failing.body.reasons?.join('\n') ?? '';
  expect(reasons).toMatch(/database not writable/);
  expect(reasons).toMatch(fault.cause);
  expect(reasons).toContain(`document ${documentId} has unsaved`);
  expect([...storedTokens(dataDir, documentId)]).toEqual([first]);
  expect(stays.provider.unsyncedChanges).toBeGreaterThan(0);
  // Still loaded, the same copy, although one of its clients left.
  expect(target.engine.hocuspocus.documents.get(documentId)).toBe(live);

  ended = true;
  await end();
  await stays.allAcked(STORE_RETRY_INTERVAL_MS + 10_000);
  await vi.waitFor(async () => expect((await health(target)).status).toBe(200), {
    timeout: STORE_RETRY_INTERVAL_MS + 5_000,
    interval: 100,
  });
  const stored = storedTokens(dataDir, documentId);
  const lost = [first, ...written].filter((token) => !stored.has(token));
  expect(lost, 'edits lost across the fault').toEqual([]);
  expect(tokensOf(stays.ydoc)).toEqual(stored);
  expect(
    lines.some((line) => line['message'] === 'stored a document that had unsaved changes'),
  ).toBe(true);
}

describe('the database failing while the server runs', () => {
  it('locked by another process: acks nothing, keeps and reports the edits, loses none after', async () => {
    const dataDir = makeTempDir('remiss-locked-');
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    await editThroughFault(dataDir, {
      begin: async (dir) => {
        const lock: LockHolder = await holdDatabaseLock(path.join(dir, DATABASE_FILE));
        return () => lock.release();
      },
      cause: /database is locked/,
    });
  });

  // Room to start (MIN_FREE_DISK_BYTES), and then filled up while the server runs.
  const tiny = mountTinyFilesystem(Math.ceil((MIN_FREE_DISK_BYTES * 1.5) / 1024 / 1024));
  afterAll(() => tiny?.unmount());
  it.skipIf(tiny === null)(
    'a full disk: acks nothing, keeps and reports the edits, loses none once there is room',
    async () => {
      if (!tiny) return;
      await editThroughFault(path.join(tiny.dir, 'data'), {
        begin: async () => {
          tiny.fill();
          return async () => tiny.free();
        },
        cause: /disk is full/,
      });
    },
  );
});
