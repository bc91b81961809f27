/**
 * Through the real stack: an editor's provider merges the paragraph a thread is on into the one
 * before (y-prosemirror re-creates its text), the thread list still shows the thread on its
 * text, and the re-found anchor is stored, so that a later edit inside the passage is followed.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPerson,
  buildTextDocument,
  connectListener,
  listThreads,
  quoteTarget,
  startThread,
  type ListeningClient,
} from '../test/commentFixtures.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { insertText, joinBackward } from '../test/yEdits.ts';
import { flattenText } from './anchors/flattenText.ts';

const P1 = 'The committee shall publish its report before the end of the year.';
const P2 = 'Municipalities may apply for a grant.';
const P3 = 'The grant is paid yearly.';

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

describe('a thread whose paragraph is merged into the one before', () => {
  it('stays on its text, and its stored anchor follows later edits', async () => {
    const owner = await buildPerson(server, null, null);
    const documentId = await buildTextDocument(server.storage, owner.user.id, P1, P2, P3);
    const editor = await buildPerson(server, documentId, 'editor');
    const commenter = await buildPerson(server, documentId, 'commenter');
    const thread = await startThread(server, commenter, documentId, {
      target: quoteTarget('apply for a grant'),
      body: 'Which municipalities?',
    });
    const before = await server.storage.threads.get(thread.id);

    const editing = await connectListener(server, editor, documentId);
    clients.push(editing);
    joinBackward(editing.ydoc, 'p2');
    await editing.allAcked();
    expect(flattenText(editing.ydoc).text).toBe(`${P1}${P2}\n${P3}`);

    const [merged] = await listThreads(server, commenter, documentId);
    expect(merged?.anchor).toMatchObject({
      kind: 'passage',
      status: 'anchored',
      exact: 'apply for a grant',
      blockId: 'p1',
    });
    const after = await server.storage.threads.get(thread.id);
    // Stored on the new characters, with the quote and context the commenter commented on.
    expect(after?.anchor.start).not.toEqual(before?.anchor.start);
    expect(after?.anchor).toMatchObject({
      quote: before?.anchor.quote,
      prefix: before?.anchor.prefix,
      suffix: before?.anchor.suffix,
    });

    // The quote no longer occurs: only the stored new positions can follow this edit.
    const at = flattenText(editing.ydoc).text.indexOf(' for a grant');
    insertText(editing.ydoc, at, ' early');
    await editing.allAcked();
    const [edited] = await listThreads(server, commenter, documentId);
    expect(edited?.anchor).toMatchObject({
      status: 'anchored',
      exact: 'apply early for a grant',
      blockId: 'p1',
    });
  });
});
