import type { Document } from '@hocuspocus/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { COMPACTION_MAX_DEBOUNCE_MS } from '../../shared/limits.ts';
import { createJsonLogger, type LogFields } from '../logger.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildTextDocument } from '../test/commentFixtures.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { insertText } from '../test/yEdits.ts';

/**
 * Hocuspocus 3.4.4 can leave two copies of one document in memory: a client that connects while
 * the last other client leaves is handed the loaded copy, which is unloaded before the client is
 * attached to it, and the next client loads a fresh copy. The convergence fuzz ran into this. These
 * tests build the situation on purpose and check that nothing is lost.
 */

let server: TestServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
});

async function start(lines: LogFields[] = []): Promise<TestServer> {
  server = await startTestServer({
    logger: createJsonLogger({
      level: 'debug',
      write: (line) => lines.push(JSON.parse(line) as LogFields),
    }),
  });
  return server;
}

function connect(target: TestServer, documentId: string): TestClient {
  const client = connectLocalUser(target, documentId);
  clients.push(client);
  return client;
}

/** The document as a cold load from the database would build it. */
async function storedText(target: TestServer, documentId: string): Promise<string> {
  const stored = await target.storage.updates.load(documentId);
  const doc = new Y.Doc();
  if (stored.state) Y.applyUpdate(doc, stored.state.data);
  for (const update of stored.updates) Y.applyUpdate(doc, update.data);
  const text = doc.getXmlFragment(YJS_FRAGMENT).toJSON();
  doc.destroy();
  return text;
}

/** Waits until the server has unloaded the document (after storing it, if it changed). */
async function unloaded(target: TestServer, documentId: string): Promise<void> {
  await vi.waitFor(() => expect(target.engine.hocuspocus.documents.has(documentId)).toBe(false), {
    timeout: COMPACTION_MAX_DEBOUNCE_MS,
  });
}

/** Loads the document through one client, then lets it leave so the copy is unloaded. */
async function staleCopy(target: TestServer, documentId: string): Promise<Document> {
  const first = connect(target, documentId);
  await first.synced;
  const copy = target.engine.hocuspocus.documents.get(documentId);
  if (!copy) throw new Error('the document was not loaded');
  first.destroy();
  await unloaded(target, documentId);
  return copy;
}

describe('a stale copy of a document', () => {
  it('a client attached to a copy being unloaded is sent to the live copy, and its edits are stored', async () => {
    const lines: LogFields[] = [];
    const target = await start(lines);
    const documentId = await buildTextDocument(target.storage, LOCAL_USER_ID, 'Utkast.');
    const first = connect(target, documentId);
    await first.synced;

    // Hold the second client between "here is the loaded document" and "attach to it", the gap
    // in which Hocuspocus may unload the document, and let the first client leave meanwhile.
    const { hocuspocus } = target.engine;
    const create = hocuspocus.createDocument.bind(hocuspocus);
    let held = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      held = resolve;
    });
    let handedOut = (): void => undefined;
    const inGap = new Promise<void>((resolve) => {
      handedOut = resolve;
    });
    hocuspocus.createDocument = async (...args: Parameters<typeof create>) => {
      const document = await create(...args);
      handedOut();
      await gate;
      return document;
    };
    const second = connect(target, documentId);
    await inGap;
    hocuspocus.createDocument = create;
    first.destroy();
    await unloaded(target, documentId);
    held();

    // The second client now sits on the unloaded copy. Its first message gets its socket closed,
    // and it reconnects to a freshly loaded copy, where its edit is stored.
    await second.synced;
    insertText(second.ydoc, 'Utkast.'.length, ' Andra klientens text.');
    await second.allAcked(15_000);
    expect(lines.some((line) => line['message']?.toString().includes('unloaded copy'))).toBe(true);
    expect(hocuspocus.documents.get(documentId)?.isDestroyed).toBe(false);
    expect(await storedText(target, documentId)).toContain('Utkast. Andra klientens text.');
  });

  it('never compacts over the live copy', async () => {
    const target = await start();
    const documentId = await buildTextDocument(target.storage, LOCAL_USER_ID, 'Utkast.');
    const stale = await staleCopy(target, documentId);

    const writer = connect(target, documentId);
    await writer.synced;
    insertText(writer.ydoc, 'Utkast.'.length, ' Kvittad text.');
    await writer.allAcked();

    // A store of the stale copy (as its debounced store would run) must write nothing: its
    // state lacks the acknowledged edit, and compaction deletes the log rows it covers.
    expect(await target.engine.persistence.compact(documentId, stale)).toBe(true);
    expect(await storedText(target, documentId)).toContain('Utkast. Kvittad text.');
    // Nor may it make the live copy's own store believe the log is already folded in.
    writer.destroy();
    await unloaded(target, documentId);
    expect(await storedText(target, documentId)).toContain('Utkast. Kvittad text.');
  });

  it('unloading a stale copy leaves the live copy loaded and storing', async () => {
    const target = await start();
    const documentId = await buildTextDocument(target.storage, LOCAL_USER_ID, 'Utkast.');
    const stale = await staleCopy(target, documentId);
    const writer = connect(target, documentId);
    await writer.synced;
    const live = target.engine.hocuspocus.documents.get(documentId);

    // Hocuspocus unloads by name: it would drop the live copy from its map and the store would
    // forget it, and the writer's next edit would be refused.
    await target.engine.hocuspocus.unloadDocument(stale);
    expect(target.engine.hocuspocus.documents.get(documentId)).toBe(live);

    insertText(writer.ydoc, 'Utkast.'.length, ' Efter.');
    await writer.allAcked();
    expect(await storedText(target, documentId)).toContain('Utkast. Efter.');
  });
});
