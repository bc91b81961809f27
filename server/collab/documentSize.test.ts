import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { serverMessageSchema, type ServerMessage } from '../../shared/api/serverMessages.ts';
import { DocumentTooLarge } from '../../shared/closeCodes.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/limits.ts';
import { appendToken, storedTokens, tokensOf } from '../hardening/tokenDocument.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { assertDocumentSize, DocumentTooLargeError, documentBytes } from './documentSize.ts';

/** Room left below the limit in the seeded document: a few typed paragraphs, not a paste. */
const HEADROOM = 4_000;

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.destroy();
});

/**
 * A document state of MAX_DOCUMENT_BYTES − HEADROOM bytes: one long paragraph, then a short one
 * ("kort") that a client can delete.
 */
function nearlyFullState(): Uint8Array {
  const build = (length: number) => {
    const ydoc = new Y.Doc();
    ydoc.clientID = 1;
    const fragment = ydoc.getXmlFragment(YJS_FRAGMENT);
    const long = new Y.XmlElement('paragraph');
    long.insert(0, [new Y.XmlText('a'.repeat(length))]);
    const short = new Y.XmlElement('paragraph');
    short.insert(0, [new Y.XmlText('kort')]);
    fragment.insert(0, [long, short]);
    return Y.encodeStateAsUpdate(ydoc);
  };
  const target = MAX_DOCUMENT_BYTES - HEADROOM;
  const probe = build(target);
  const state = build(target - (probe.byteLength - target));
  expect(state.byteLength).toBe(target);
  return state;
}

/** A client that records the server messages and close codes it receives. */
function watchedClient(documentId: string) {
  const client = connectLocalUser(server, documentId);
  clients.push(client);
  const messages: ServerMessage[] = [];
  const closes: number[] = [];
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    const parsed = serverMessageSchema.safeParse(JSON.parse(payload));
    if (parsed.success) messages.push(parsed.data);
  });
  client.provider.on('close', ({ event }: { event: { code: number } }) => closes.push(event.code));
  return { client, messages, closes };
}

describe('the document size limit', () => {
  it('refuses a growing edit past MAX_DOCUMENT_BYTES, tells the client, and stores nothing of it', async () => {
    const documentId = 'nearly-full';
    await server.storage.documents.create({
      id: documentId,
      title: 'Nästan fullt',
      ownerId: LOCAL_USER_ID,
      initialState: nearlyFullState(),
    });

    // Small edits within the headroom are acked as usual.
    const typist = watchedClient(documentId);
    await typist.client.synced;
    appendToken(typist.client.ydoc, 'small-w00-000000');
    await typist.client.allAcked();

    // A paste that would cross the limit is refused with a named close code and a message.
    const paster = watchedClient(documentId);
    await paster.client.synced;
    appendToken(paster.client.ydoc, `big-w01-000000 ${'b'.repeat(HEADROOM * 2)}`);
    await expect.poll(() => paster.closes, { timeout: 10_000 }).toContain(DocumentTooLarge.code);
    expect(paster.messages).toContainEqual({
      type: 'document-too-large',
      maxBytes: MAX_DOCUMENT_BYTES,
    });
    expect(paster.client.provider.unsyncedChanges).toBeGreaterThan(0);
    paster.client.destroy();

    const live = server.engine.hocuspocus.documents.get(documentId);
    if (!live) throw new Error('the document is not loaded');
    expect(tokensOf(live).has('big-w01-000000')).toBe(false);
    expect(tokensOf(typist.client.ydoc).has('big-w01-000000')).toBe(false);
    expect(storedTokens(server.dataDir, documentId).has('big-w01-000000')).toBe(false);
    expect(documentBytes(live)).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);

    // Deleting text is never refused, and frees room for the edit that did not fit before.
    const long = typist.client.ydoc.getXmlFragment(YJS_FRAGMENT).get(0);
    const text = long instanceof Y.XmlElement ? long.get(0) : null;
    if (!(text instanceof Y.XmlText)) throw new Error('no long paragraph');
    text.delete(0, HEADROOM * 4);
    await typist.client.allAcked();
    appendToken(typist.client.ydoc, `big-w00-000001 ${'b'.repeat(HEADROOM * 2)}`);
    await typist.client.allAcked();
    expect(storedTokens(server.dataDir, documentId).has('big-w00-000001')).toBe(true);
    expect(typist.closes).not.toContain(DocumentTooLarge.code);
  });

  it('assertDocumentSize, for whole-text paths such as import and restore, names the sizes', () => {
    const state = nearlyFullState();
    expect(() => assertDocumentSize(state)).not.toThrow();
    const grown = new Y.Doc();
    Y.applyUpdate(grown, state);
    appendToken(grown, `x-w00-000000 ${'c'.repeat(HEADROOM)}`);
    expect(() => assertDocumentSize(grown)).toThrow(DocumentTooLargeError);
    expect(() => assertDocumentSize(grown)).toThrow(/over the limit of 16777216 bytes/);
  });
});
