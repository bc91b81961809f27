import path from 'node:path';
import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collabTokenResponseSchema } from '../../shared/api/documents.ts';
import type { Role } from '../../shared/api/roles.ts';
import { AuthorizationFailed } from '../../shared/closeCodes.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import type { UserRecord } from '../storage/types.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildDocument, buildUser, signIn } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { MessageType } from './collabMessage.ts';

/**
 * How long a refused edit is watched for an acknowledgement that must not come. "At once" is
 * asserted by order, not time: the first edit after a role change is answered under the new
 * role. How long that answer took is reported (`annotate`), never asserted: a timing belongs
 * in the bench, and on a loaded machine a durable write alone can take a second.
 */
const REFUSAL_WINDOW_MS = 1_000;

/**
 * How long the test waits for something that must come (an ack of a durable edit, a message):
 * only a failure waits this long. Not REFUSAL_WINDOW_MS: an ack needs a durable write, and on a
 * loaded machine a second is not always enough for that.
 */
const ARRIVAL_TIMEOUT_MS = 10_000;

let server: TestServer;
let reader: Database.Database;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  reader = new Database(path.join(server.dataDir, DATABASE_FILE), {
    readonly: true,
    fileMustExist: true,
  });
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  reader.close();
  await server.destroy();
});

interface StoredRows {
  state: { state: Buffer; checksum: string; covers_seq: number }[];
  updates: { seq: number; data: Buffer; checksum: string }[];
}

/** The document's rows, read through a connection of our own as another process would. */
function storedRows(documentId: string): StoredRows {
  return {
    state: reader
      .prepare<[string], StoredRows['state'][number]>(
        'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = ?',
      )
      .all(documentId),
    updates: reader
      .prepare<[string], StoredRows['updates'][number]>(
        'SELECT seq, data, checksum FROM document_updates WHERE document_id = ? ORDER BY seq',
      )
      .all(documentId),
  };
}

/** The text a fresh load of the stored rows would show. */
function storedText(documentId: string): string {
  const rows = storedRows(documentId);
  const doc = new Y.Doc();
  for (const row of rows.state) Y.applyUpdate(doc, row.state);
  for (const row of rows.updates) Y.applyUpdate(doc, row.data);
  const text = doc.getXmlFragment(YJS_FRAGMENT).toJSON();
  doc.destroy();
  return text;
}

function serverState(documentId: string): Uint8Array {
  const document = server.engine.hocuspocus.documents.get(documentId);
  if (!document) throw new Error('the document is not loaded');
  return Y.encodeStateAsUpdate(document);
}

/** One SyncStatus the client received: 1 = applied and stored, 0 = refused. */
interface StatusReceived {
  status: number;
  at: number;
}

/** An editor in the browser: a provider that fetches its token over HTTP with their cookie. */
interface Participant {
  user: UserRecord;
  client: TestClient;
  statuses: StatusReceived[];
  stateless: unknown[];
  closeCodes: number[];
  authenticationFailures: string[];
}

async function collabToken(documentId: string, cookie: string): Promise<string> {
  const response = await server.request(`/api/documents/${documentId}/collab-token`, {
    method: 'POST',
    cookie,
  });
  if (!response.ok) throw new Error(`collab-token answered ${response.status}`);
  return collabTokenResponseSchema.parse(await response.json()).token;
}

/**
 * Connects a new editor of `documentId`, records every SyncStatus, stateless message and socket
 * close it sees, and waits until the handshake (including the server's ack of the client's
 * SyncStep2) is over, so that everything recorded afterwards belongs to the test.
 */
async function connectEditor(
  documentId: string,
  options: { tokenFromSocketOnly?: boolean } = {},
): Promise<Participant> {
  const user = await buildUser(server.storage, { role: 'editor', documentId });
  const cookie = await signIn(server.url, user.email);
  const participant: Participant = {
    user,
    client: connectClient(
      server.url,
      documentId,
      // A client that kept a validly signed token: only the socket's own check can refuse it.
      options.tokenFromSocketOnly
        ? () => server.tokens.issue(user.id, documentId).token
        : () => collabToken(documentId, cookie),
      { onAuthenticationFailed: (reason) => participant.authenticationFailures.push(reason) },
    ),
    statuses: [],
    stateless: [],
    closeCodes: [],
    authenticationFailures: [],
  };
  const { provider, socket } = participant.client;
  clients.push(participant.client);
  provider.on('message', ({ event }: { event: { data: unknown } }) => {
    if (!(event.data instanceof ArrayBuffer)) return;
    const decoder = decoding.createDecoder(new Uint8Array(event.data));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.SyncStatus) return;
    participant.statuses.push({ status: decoding.readVarUint(decoder), at: performance.now() });
  });
  provider.on('stateless', ({ payload }: { payload: string }) => {
    participant.stateless.push(JSON.parse(payload));
  });
  socket.on('close', ({ event }: { event: { code: number } }) => {
    participant.closeCodes.push(event.code);
  });
  await participant.client.synced;
  await waitFor(() => participant.statuses.length > 0, 5_000, 'the handshake ack');
  expect(provider.authorizedScope).toBe('read-write');
  return participant;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Types `text` at the start of the first paragraph, as the editor would. */
function type(client: TestClient, text: string): void {
  const paragraph = client.ydoc.getXmlFragment(YJS_FRAGMENT).get(0);
  if (!(paragraph instanceof Y.XmlElement)) throw new Error('no first paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
}

/** Changes a member's role as the document's owner would, through the API. */
async function setRole(documentId: string, userId: string, role: Role): Promise<void> {
  const response = await server.request(`/api/documents/${documentId}/members/${userId}`, {
    method: 'PUT',
    body: JSON.stringify({ role }),
  });
  expect(response.status).toBe(200);
}

async function newDocument(): Promise<string> {
  return (await buildDocument(server.storage, server.owner.id, { title: 'Rollbyte' })).id;
}

describe('role changes on open sockets', () => {
  it('refuses the first edit after a demotion to commenter, and never stores it', async ({
    annotate,
  }) => {
    const documentId = await newDocument();
    const editor = await connectEditor(documentId);
    const rowsBefore = storedRows(documentId);
    const serverBefore = serverState(documentId);
    const seen = editor.statuses.length;

    await setRole(documentId, editor.user.id, 'commenter');
    const resolvedAt = performance.now();
    type(editor.client, 'typed after the demotion');

    await waitFor(() => editor.statuses.length > seen, ARRIVAL_TIMEOUT_MS, 'an answer to the edit');
    const answer = editor.statuses[seen];
    expect(answer?.status).toBe(0);
    const answeredAt = answer?.at ?? Infinity;
    const refusalMs = answeredAt - resolvedAt;
    await annotate(`demotion to refusal: ${refusalMs.toFixed(1)} ms`);

    // No acknowledgement follows within the window after the refusal; the change stays unsynced
    // on the client.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, answeredAt + REFUSAL_WINDOW_MS - performance.now())),
    );
    expect(editor.statuses.slice(seen).map((s) => s.status)).toEqual([0]);
    expect(editor.client.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(storedRows(documentId)).toEqual(rowsBefore);
    expect(Buffer.from(serverState(documentId)).equals(Buffer.from(serverBefore))).toBe(true);
    expect(editor.stateless).toContainEqual({ type: 'access-changed', role: 'commenter' });
  });

  it('lets a member promoted back to editor write again, acknowledged and stored', async () => {
    const documentId = await newDocument();
    const editor = await connectEditor(documentId);
    await setRole(documentId, editor.user.id, 'commenter');
    const beforePromotion = editor.statuses.length;
    await setRole(documentId, editor.user.id, 'editor');
    await waitFor(
      () => editor.stateless.length >= 2,
      ARRIVAL_TIMEOUT_MS,
      'both access-changed messages',
    );
    expect(editor.stateless).toEqual([
      { type: 'access-changed', role: 'commenter' },
      { type: 'access-changed', role: 'editor' },
    ]);
    // The promotion asks the client for what it lacks; the client's answer is acknowledged like
    // an edit. The provider counts acknowledgements without knowing which update each answers,
    // so that one, arriving after the edit below, would make allAcked() resolve before the edit
    // is stored. Wait for it first.
    await waitFor(
      () => editor.statuses.length > beforePromotion,
      ARRIVAL_TIMEOUT_MS,
      'the acknowledgement of the re-sync after the promotion',
    );

    const seen = editor.statuses.length;
    type(editor.client, 'typed after the promotion');
    await editor.client.allAcked(ARRIVAL_TIMEOUT_MS);
    const answers = editor.statuses.slice(seen).map((s) => s.status);
    expect(answers.length).toBeGreaterThan(0);
    expect(answers).not.toContain(0);
    expect(storedText(documentId)).toContain('typed after the promotion');
  });

  it('brings a re-promoted editor back in step, edits refused while demoted included', async () => {
    const documentId = await newDocument();
    const editor = await connectEditor(documentId);
    await setRole(documentId, editor.user.id, 'commenter');
    type(editor.client, 'refused while commenter ');
    await waitFor(() => editor.statuses.at(-1)?.status === 0, ARRIVAL_TIMEOUT_MS, 'the refusal');
    await setRole(documentId, editor.user.id, 'editor');

    // Every later update of this client depends on the refused one. Without it the server
    // would acknowledge the next edit yet could not show it to anyone.
    type(editor.client, 'typed after the promotion ');
    await editor.client.allAcked(ARRIVAL_TIMEOUT_MS);
    const text = editor.client.ydoc.getXmlFragment(YJS_FRAGMENT).toJSON();
    expect(text).toContain('typed after the promotion');
    expect(storedText(documentId)).toBe(text);
    const peer = connectClient(
      server.url,
      documentId,
      () => server.tokens.issue(server.owner.id, documentId).token,
    );
    clients.push(peer);
    await peer.synced;
    expect(peer.ydoc.getXmlFragment(YJS_FRAGMENT).toJSON()).toBe(text);
  });

  it("closes a removed member's socket at once and refuses their reconnect", async ({
    annotate,
  }) => {
    const documentId = await newDocument();
    const editor = await connectEditor(documentId, { tokenFromSocketOnly: true });
    const response = await server.request(
      `/api/documents/${documentId}/members/${editor.user.id}`,
      { method: 'DELETE' },
    );
    expect(response.status).toBe(204);
    const resolvedAt = performance.now();
    await waitFor(() => editor.closeCodes.length > 0, 1_000, 'the socket to close');
    await annotate(`removal to close: ${(performance.now() - resolvedAt).toFixed(1)} ms`);
    expect(editor.closeCodes[0]).toBe(AuthorizationFailed.code);
    expect(editor.stateless).toContainEqual({ type: 'access-changed', role: null });

    // The provider reconnects by itself with a validly signed token; the socket refuses it.
    await waitFor(() => editor.authenticationFailures.length > 0, 5_000, 'the reconnect');
    expect(editor.authenticationFailures[0]).toBe(AuthorizationFailed.reason);
    expect(editor.client.provider.isAuthenticated).toBe(false);

    // Nor does the API hand out a new token.
    const cookie = await signIn(server.url, editor.user.email);
    const token = await server.request(`/api/documents/${documentId}/collab-token`, {
      method: 'POST',
      cookie,
    });
    expect(token.status).toBe(403);
  });
});
