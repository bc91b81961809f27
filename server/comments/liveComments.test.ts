import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import type { StoredDocumentContent } from '../storage/types.ts';
import {
  blockTarget,
  buildPerson,
  buildTextDocument,
  call,
  connectListener,
  expectError,
  listThreads,
  quoteTarget,
  reply,
  startThread,
  waitFor,
  type ListeningClient,
  type Person,
} from '../test/commentFixtures.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { deleteText, insertText } from '../test/yEdits.ts';
import { flattenText } from './anchors/flattenText.ts';

const P1 = 'The committee shall publish its report before the end of the year.';
const P2 = 'Municipalities may apply for a grant.';
/** The promise: changes reach every open client within a second. */
const LIVE_WITHIN_MS = 1_000;

let server: TestServer;
const clients: ListeningClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server.destroy();
});

async function cast() {
  const owner = await buildPerson(server, null, null);
  const documentId = await buildTextDocument(server.storage, owner.user.id, P1, P2);
  return {
    documentId,
    owner,
    editor: await buildPerson(server, documentId, 'editor'),
    commenter: await buildPerson(server, documentId, 'commenter'),
    viewer: await buildPerson(server, documentId, 'viewer'),
  };
}

async function listen(person: Person, documentId: string): Promise<ListeningClient> {
  const client = await connectListener(server, person, documentId);
  clients.push(client);
  return client;
}

/** Waits for a server message of `type` after index `from`, and returns how long it took. */
async function nextMessage(
  client: ListeningClient,
  from: number,
  matches: (message: ListeningClient['messages'][number]['message']) => boolean,
  sentAt: number,
): Promise<number> {
  await waitFor(
    () => client.messages.slice(from).some(({ message }) => matches(message)),
    LIVE_WITHIN_MS,
    'a server message',
  );
  const received = client.messages.slice(from).find(({ message }) => matches(message));
  return (received?.at ?? Infinity) - sentAt;
}

/** The stored text rows, to compare byte for byte. */
const stored = (documentId: string): Promise<StoredDocumentContent> =>
  server.storage.updates.load(documentId);

/** The flat offset of a phrase in a client's copy of the text. */
function offsetOf(client: ListeningClient, phrase: string): number {
  const at = flattenText(client.ydoc).text.indexOf(phrase);
  if (at < 0) throw new Error(`"${phrase}" is not in the client's text`);
  return at;
}

describe('live updates over the collaboration socket', () => {
  it('tells every open client about a new thread and a reply within a second', async ({
    annotate,
  }) => {
    const { documentId, commenter, viewer, editor } = await cast();
    const watching = await listen(viewer, documentId);
    const editing = await listen(editor, documentId);

    let seen = watching.messages.length;
    let sentAt = performance.now();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'Live?',
    });
    const isThread = (message: ListeningClient['messages'][number]['message']) =>
      message.type === 'threads-changed' && message.threadIds.includes(thread.id);
    const createdMs = await nextMessage(watching, seen, isThread, sentAt);
    await nextMessage(editing, 0, isThread, sentAt);
    await annotate(`thread to viewer: ${createdMs.toFixed(1)} ms`);
    expect(createdMs).toBeLessThan(LIVE_WITHIN_MS);

    for (const change of [
      () => reply(server, editor, thread.id, { body: 'Yes.' }),
      () => call(server, editor, 'PATCH', `/threads/${thread.id}`, { status: 'resolved' }),
      () =>
        call(server, editor, 'PUT', `/threads/${thread.id}/disposition`, {
          value: 'noted',
          reason: '',
        }),
    ]) {
      seen = watching.messages.length;
      sentAt = performance.now();
      await change();
      expect(await nextMessage(watching, seen, isThread, sentAt)).toBeLessThan(LIVE_WITHIN_MS);
    }
  });

  it('tells clients that the comment period changed', async () => {
    const { documentId, owner, commenter } = await cast();
    const watching = await listen(commenter, documentId);
    const sentAt = performance.now();
    const response = await call(server, owner, 'PUT', `/documents/${documentId}/comment-period`, {
      closesAt: '2031-01-01T00:00:00Z',
    });
    expect(response.status).toBe(200);
    const ms = await nextMessage(watching, 0, (m) => m.type === 'document-changed', sentAt);
    expect(ms).toBeLessThan(LIVE_WITHIN_MS);
  });

  it("tells the mentioned person's open sockets, on any document, that their inbox changed", async () => {
    const { documentId, owner, commenter, viewer } = await cast();
    // The viewer has another document open, not this one.
    const elsewhere = await buildTextDocument(server.storage, owner.user.id, 'Annat.');
    await server.storage.memberships.set(elsewhere, viewer.user.id, 'viewer');
    const viewersSocket = await listen(viewer, elsewhere);
    const writersSocket = await listen(commenter, documentId);

    const sentAt = performance.now();
    await startThread(server, commenter, documentId, {
      target: blockTarget('p2'),
      body: '@Viewer, look',
      mentions: [viewer.user.id],
    });
    const ms = await nextMessage(
      viewersSocket,
      0,
      (message) => message.type === 'notifications-changed',
      sentAt,
    );
    expect(ms).toBeLessThan(LIVE_WITHIN_MS);
    expect(writersSocket.messages.map(({ message }) => message.type)).not.toContain(
      'notifications-changed',
    );
  });
});

describe('commenters never write the text', () => {
  it('leaves the stored Yjs document byte for byte as it was, loaded or not', async () => {
    const { documentId, commenter, owner } = await cast();
    const before = await stored(documentId);

    // Not loaded: the server opens it for the anchor, keeps it a while, and closes it again.
    const thread = await startThread(server, commenter, documentId, {
      target: quoteTarget('shall publish'),
      body: 'One',
    });
    await reply(server, commenter, thread.id, { body: 'Two' });
    await listThreads(server, commenter, documentId);
    await server.comments.letGo(documentId);
    expect(await stored(documentId)).toEqual(before);
    expect(server.engine.hocuspocus.documents.has(documentId)).toBe(false);

    // Loaded, with the commenter's own read-only socket open.
    const socket = await listen(commenter, documentId);
    const inMemory = Y.encodeStateAsUpdate(socket.ydoc);
    await startThread(server, commenter, documentId, {
      target: blockTarget('p2'),
      body: 'Three',
      stance: 'support',
    });
    await call(server, owner, 'POST', `/comments/${thread.comments[0]?.id ?? ''}/hide`, {
      reason: 'Test',
    });
    await listThreads(server, commenter, documentId);
    expect(await stored(documentId)).toEqual(before);
    expect(Y.encodeStateAsUpdate(socket.ydoc)).toEqual(inMemory);
  });
});

describe('anchors on the live text', () => {
  it("follow an editor's concurrent edits, and keep the quote when the passage is deleted", async () => {
    const { documentId, editor, commenter } = await cast();
    const editing = await listen(editor, documentId);
    const onPassage = await startThread(server, commenter, documentId, {
      target: quoteTarget('shall publish its report'),
      body: 'On the passage',
    });
    const onParagraph = await startThread(server, commenter, documentId, {
      target: blockTarget('p2'),
      body: 'On the second paragraph',
    });

    // The editor types before the passage and inside it.
    insertText(editing.ydoc, offsetOf(editing, 'publish'), 'not ');
    insertText(editing.ydoc, 0, 'Indeed, ');
    await editing.allAcked();
    let [first, second] = await listThreads(server, commenter, documentId);
    expect(first?.id).toBe(onPassage.id);
    expect(first?.anchor).toMatchObject({
      status: 'anchored',
      exact: 'shall not publish its report',
      prefix: 'Indeed, The committee ',
      selector: { type: 'TextQuoteSelector', exact: 'shall not publish its report' },
    });
    // The stored positions do not change; clients map them onto their own copy.
    expect(first?.anchor.start).toBe(onPassage.anchor.start);
    expect(second?.id).toBe(onParagraph.id);

    // A thread started now, while the editor keeps typing, anchors on the text as it is.
    const onNewText = await startThread(server, commenter, documentId, {
      target: quoteTarget('Indeed'),
      body: 'On the new words',
    });
    expect(onNewText.anchor.status).toBe('anchored');

    // The editor deletes the whole passage: the thread keeps its quote and its place.
    const from = offsetOf(editing, 'shall not publish its report');
    deleteText(editing.ydoc, from, from + 'shall not publish its report'.length);
    await editing.allAcked();
    const threads = await listThreads(server, commenter, documentId);
    expect(threads.map((thread) => thread.id)).toEqual([
      onNewText.id,
      onPassage.id,
      onParagraph.id,
    ]);
    [, first, second] = threads;
    expect(first?.anchor).toMatchObject({
      status: 'removed',
      exact: 'shall publish its report',
      selector: { type: 'TextQuoteSelector', exact: 'shall publish its report' },
    });
    expect(second?.anchor).toMatchObject({ status: 'anchored', exact: P2 });
  });
});

describe('a document that does not load', () => {
  it('answers 503, never anchors on an empty document, and leaves the stored rows alone', async () => {
    const { documentId, commenter } = await cast();
    await startThread(server, commenter, documentId, { target: blockTarget('p1'), body: 'Before' });
    // Damaged behind the server's back once no one has it loaded.
    await server.comments.letGo(documentId);
    const db = new Database(path.join(server.dataDir, DATABASE_FILE));
    try {
      db.prepare("UPDATE document_state SET checksum = 'damaged' WHERE document_id = ?").run(
        documentId,
      );
    } finally {
      db.close();
    }
    const before = await stored(documentId);

    const listing = await expectError(
      await call(server, commenter, 'GET', `/documents/${documentId}/threads`),
      503,
      'unavailable',
    );
    expect(listing.details).toEqual({ reason: 'document-load-failed' });
    await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: blockTarget('p1'),
        body: 'During',
      }),
      503,
      'unavailable',
    );
    expect(await server.storage.threads.listForDocument(documentId)).toHaveLength(1);
    expect(await stored(documentId)).toEqual(before);
  });
});
