import path from 'node:path';
import fs from 'node:fs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import type { HealthResponse } from '../../shared/api/health.ts';
import { MessageRefused } from '../../shared/closeCodes.ts';
import { STORE_RETRY_INTERVAL_MS } from '../../shared/limits.ts';
import { emptyDocumentUpdate } from '../editor/contentToYUpdate.ts';
import { schema } from '../editor/schema.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { connectClient, connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { flakyStorage } from '../test/flakyStorage.ts';
import { buildUser, LOCAL_USER_ID } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { MessageType, SyncType } from './collabMessage.ts';

let server: TestServer | null = null;
const clients: TestClient[] = [];
const sockets: WebSocket[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** Creates an empty document owned by the local user, as POST /api/documents does. */
async function createDocument(target: TestServer, id = 'doc-1'): Promise<string> {
  const document = await target.storage.documents.create({
    id,
    title: 'Test',
    ownerId: LOCAL_USER_ID,
    initialState: emptyDocumentUpdate(),
  });
  return document.id;
}

/** Types `value` at the end of the first paragraph, as the editor would. */
function typeAtEnd(ydoc: Y.Doc, value: string): void {
  const paragraph = ydoc.getXmlFragment(YJS_FRAGMENT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('the document has no first paragraph');
  const text = paragraph.get(0);
  if (text instanceof Y.XmlText) text.insert(text.length, value);
  else paragraph.insert(0, [new Y.XmlText(value)]);
}

/** The text of a Yjs document, read through the editor schema as the server reads it. */
function textOf(ydoc: Y.Doc): string {
  return yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(YJS_FRAGMENT), schema).textContent;
}

/** What is stored for one document, read with a separate read-only connection to the file. */
interface StoredRows {
  state: { data: Buffer; coversSeq: number } | null;
  updates: { seq: number; data: Buffer }[];
}

function readStoredRows(dataDir: string, documentId: string): StoredRows {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    const state = db
      .prepare<[string], { state: Buffer; covers_seq: number }>(
        'SELECT state, covers_seq FROM document_state WHERE document_id = ?',
      )
      .get(documentId);
    const updates = db
      .prepare<[string], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM document_updates WHERE document_id = ? ORDER BY seq',
      )
      .all(documentId);
    return { state: state ? { data: state.state, coversSeq: state.covers_seq } : null, updates };
  } finally {
    db.close();
  }
}

/** Rebuilds the document from every stored row, exactly as a cold load would, and reads its text. */
function storedText(dataDir: string, documentId: string): string {
  const rows = readStoredRows(dataDir, documentId);
  const ydoc = new Y.Doc();
  if (rows.state) Y.applyUpdate(ydoc, rows.state.data);
  for (const update of rows.updates) Y.applyUpdate(ydoc, update.data);
  const text = textOf(ydoc);
  ydoc.destroy();
  return text;
}

/** Resolves the next time the provider's count of unacknowledged changes reaches 0. */
function nextAck(client: TestClient, atAck: () => void, timeoutMs = 10_000): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.provider.off('unsyncedChanges', listener);
      reject(new Error(`no acknowledgement within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = ({ number }: { number: number }) => {
      if (number !== 0) return;
      clearTimeout(timer);
      client.provider.off('unsyncedChanges', listener);
      atAck();
      resolve();
    };
    client.provider.on('unsyncedChanges', listener);
  });
}

async function getHealth(target: TestServer): Promise<{ status: number; body: HealthResponse }> {
  const response = await fetch(`${target.url}/api/health`);
  return { status: response.status, body: (await response.json()) as HealthResponse };
}

/** A hand-driven collaboration socket, for sending frames no well-behaved provider sends. */
interface RawSocket {
  socket: WebSocket;
  frames: Uint8Array[];
  closed: Promise<void>;
}

async function openRawSocket(target: TestServer): Promise<RawSocket> {
  const socket = new WebSocket(`${target.url.replace(/^http/, 'ws')}/collab`);
  sockets.push(socket);
  const frames: Uint8Array[] = [];
  socket.on('message', (data: Buffer) => frames.push(new Uint8Array(data)));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, frames, closed };
}

function frame(documentName: string, type: number, write: (e: encoding.Encoder) => void) {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, documentName);
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Reads the message type of a server frame, and the string that follows for Auth and Close. */
function describeFrame(data: Uint8Array): { type: number; detail: string | null } {
  const decoder = decoding.createDecoder(data);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  if (type === MessageType.Auth) {
    decoding.readVarUint(decoder);
    return { type, detail: decoding.readVarString(decoder) };
  }
  if (type === MessageType.Close) return { type, detail: decoding.readVarString(decoder) };
  return { type, detail: null };
}

describe('durability of edits', () => {
  it('the ack comes only after the update is in SQLite', async () => {
    server = await startTestServer();
    const target = server;
    const documentId = await createDocument(target);
    const client = connectLocalUser(target, documentId);
    clients.push(client);
    await client.synced;
    await client.allAcked();

    let expected = '';
    const storedAtAck: { expected: string; stored: string }[] = [];
    for (let i = 0; i < 50; i += 1) {
      const word = `ord${i} `;
      expected += word;
      const acked = nextAck(client, () => {
        // Synchronously, inside the ack handler: whatever the server acknowledged must already be
        // readable from the file by another connection.
        storedAtAck.push({ expected, stored: storedText(target.dataDir, documentId) });
      });
      typeAtEnd(client.ydoc, word);
      await acked;
    }

    expect(storedAtAck).toHaveLength(50);
    for (const { expected: wanted, stored } of storedAtAck) expect(stored).toBe(wanted);
    expect(textOf(client.ydoc)).toBe(expected);
  });

  it('a failed append is never acknowledged and is not lost', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const flaky = flakyStorage(SqliteStorage.open(dataDir));
    server = await startTestServer({ storage: flaky.storage, dataDir });
    const target = server;
    const documentId = await createDocument(target);
    const client = connectLocalUser(target, documentId);
    clients.push(client);
    await client.synced;
    typeAtEnd(client.ydoc, 'sparat ');
    await client.allAcked();
    expect(storedText(dataDir, documentId)).toBe('sparat ');

    flaky.setFailing(true);
    typeAtEnd(client.ydoc, 'osparat');

    // The provider reconnects and resends on its own, again and again; none of it may be acked
    // while the store refuses writes.
    const deadline = Date.now() + 1_000;
    while (Date.now() < deadline) {
      expect(
        client.provider.unsyncedChanges,
        `an edit that is not in SQLite (stored: ${JSON.stringify(storedText(dataDir, documentId))}) was acknowledged`,
      ).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(storedText(dataDir, documentId)).toBe('sparat ');
    const failing = await getHealth(target);
    expect(failing.status).toBe(503);
    expect(failing.body.status).toBe('unavailable');
    expect(failing.body.reasons?.join('\n')).toContain(documentId);

    flaky.setFailing(false);
    await client.allAcked(10_000);
    expect(storedText(dataDir, documentId)).toBe('sparat osparat');
    expect(textOf(client.ydoc)).toBe('sparat osparat');
    await vi.waitFor(
      async () => {
        const healthy = await getHealth(target);
        expect(healthy.status).toBe(200);
        expect(healthy.body).toEqual({ status: 'ok' });
      },
      { timeout: STORE_RETRY_INTERVAL_MS + 3_000, interval: 100 },
    );
  });

  it('stores a change made on the server through a direct connection before transact resolves', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    server = await startTestServer({ dataDir });
    const documentId = await createDocument(server);
    const direct = await server.engine.hocuspocus.openDirectConnection(documentId, {});
    await direct.transact((document) => {
      typeAtEnd(document, 'från servern');
    });
    // No client message carried this change, so only the store hook can have saved it.
    expect(storedText(dataDir, documentId)).toBe('från servern');
    await direct.disconnect();
    expect(storedText(dataDir, documentId)).toBe('från servern');
  });

  it('compaction folds the log into one state row atomically and loses nothing', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    server = await startTestServer({ dataDir });
    const target = server;
    const documentId = await createDocument(target);
    const client = connectLocalUser(target, documentId);
    clients.push(client);
    await client.synced;

    let expected = '';
    for (let i = 0; i < 30; i += 1) {
      expected += `a${i} `;
      typeAtEnd(client.ydoc, `a${i} `);
    }
    await client.allAcked();
    const logged = readStoredRows(dataDir, documentId).updates;
    expect(logged.length).toBeGreaterThan(0);
    const lastLoggedSeq = logged.at(-1)?.seq ?? 0;

    // The debounced store compacts while the client stays connected.
    await vi.waitFor(() => expect(readStoredRows(dataDir, documentId).updates).toEqual([]), {
      timeout: 10_000,
      interval: 50,
    });
    const compacted = readStoredRows(dataDir, documentId);
    expect(compacted.state?.coversSeq).toBe(lastLoggedSeq);
    expect(storedText(dataDir, documentId)).toBe(expected);

    // Edits after compaction go to the log, after the state row, and load on top of it.
    for (let i = 0; i < 5; i += 1) {
      expected += `b${i} `;
      typeAtEnd(client.ydoc, `b${i} `);
    }
    await client.allAcked();
    const afterMore = readStoredRows(dataDir, documentId);
    expect(afterMore.updates.length).toBeGreaterThan(0);
    for (const update of afterMore.updates) expect(update.seq).toBeGreaterThan(lastLoggedSeq);
    expect(storedText(dataDir, documentId)).toBe(expected);

    // The last client leaving stores the document at once.
    client.destroy();
    clients.splice(0);
    await vi.waitFor(() => expect(readStoredRows(dataDir, documentId).updates).toEqual([]), {
      timeout: 5_000,
      interval: 50,
    });
    expect(storedText(dataDir, documentId)).toBe(expected);

    await target.destroy();
    server = await startTestServer({ dataDir });
    const reader = connectLocalUser(server, documentId);
    clients.push(reader);
    await reader.synced;
    expect(textOf(reader.ydoc)).toBe(expected);
  });
});

describe('messages that must not be stored or relayed', () => {
  it('a read-only member cannot change the text, and the stored rows stay byte-identical', async () => {
    server = await startTestServer();
    const target = server;
    const { dataDir } = target;
    const documentId = await createDocument(target);
    const commenter = await buildUser(target.storage, { role: 'commenter', documentId });

    const writer = connectLocalUser(target, documentId);
    const reader = connectClient(
      target.url,
      documentId,
      () => target.tokens.issue(commenter.id, documentId).token,
    );
    clients.push(writer, reader);
    await Promise.all([writer.synced, reader.synced]);
    await writer.allAcked();
    const before = readStoredRows(dataDir, documentId);

    typeAtEnd(reader.ydoc, 'intrång');
    const deadline = Date.now() + 1_000;
    while (Date.now() < deadline) {
      expect(reader.provider.unsyncedChanges).toBeGreaterThan(0);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(textOf(writer.ydoc)).toBe('');
    expect(readStoredRows(dataDir, documentId)).toEqual(before);

    // The writer's edits still go through, so the silence above is not a dead connection.
    typeAtEnd(writer.ydoc, 'tillåtet');
    await writer.allAcked();
    expect(storedText(dataDir, documentId)).toBe('tillåtet');
  });

  it('a client stateless broadcast closes its connection and reaches no one', async () => {
    server = await startTestServer();
    const target = server;
    const documentId = await createDocument(target);
    const peer = connectLocalUser(target, documentId);
    clients.push(peer);
    await peer.synced;
    const heardByPeer: string[] = [];
    peer.provider.on('stateless', ({ payload }: { payload: string }) => heardByPeer.push(payload));

    const raw = await openRawSocket(target);
    const token = target.tokens.issue(LOCAL_USER_ID, documentId).token;
    raw.socket.send(
      frame(documentId, MessageType.Auth, (e) => {
        encoding.writeVarUint(e, 0); // Token
        encoding.writeVarString(e, token);
      }),
    );
    await vi.waitFor(() =>
      expect(raw.frames.map(describeFrame)).toContainEqual({
        type: MessageType.Auth,
        detail: 'read-write',
      }),
    );
    // Wait until the connection is established on the server, so the frame is not just queued.
    await vi.waitFor(() =>
      expect(target.engine.hocuspocus.documents.get(documentId)?.getConnectionsCount()).toBe(2),
    );

    raw.socket.send(
      frame(documentId, MessageType.BroadcastStateless, (e) =>
        encoding.writeVarString(e, 'phishing: klicka här'),
      ),
    );
    await vi.waitFor(() =>
      expect(raw.frames.map(describeFrame)).toContainEqual({
        type: MessageType.Close,
        detail: MessageRefused.reason,
      }),
    );
    expect(target.engine.hocuspocus.documents.get(documentId)?.getConnectionsCount()).toBe(1);

    // A broadcast from the server itself reaches the peer; had the client's broadcast been
    // relayed, it would have arrived first.
    target.engine.hocuspocus.documents.get(documentId)?.broadcastStateless('från servern');
    await vi.waitFor(() => expect(heardByPeer).toContain('från servern'));
    expect(heardByPeer).toEqual(['från servern']);

    // The refused connection is over: an edit sent on the same socket without a new
    // authentication is neither applied, relayed nor stored.
    const stored = readStoredRows(target.dataDir, documentId);
    const intruder = new Y.Doc();
    intruder.getText('probe').insert(0, 'efter stängning');
    raw.socket.send(
      frame(documentId, MessageType.Sync, (e) => {
        encoding.writeVarUint(e, SyncType.Update);
        encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(intruder));
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(peer.ydoc.getText('probe').toJSON()).toBe('');
    expect(target.engine.hocuspocus.documents.get(documentId)?.getText('probe').toJSON()).toBe('');
    expect(readStoredRows(target.dataDir, documentId)).toEqual(stored);
  });
});
