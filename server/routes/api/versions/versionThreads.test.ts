import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listThreadsResponseSchema } from '../../../../shared/api/comments.ts';
import {
  createVersionResponseSchema,
  VERSION_STATE_CONTENT_TYPE,
  versionWithContentSchema,
} from '../../../../shared/api/versions.ts';
import { flattenText } from '../../../comments/anchors/flattenText.ts';
import { toTiptapJson } from '../../../editor/toTiptapJson.ts';
import { yDocToProseMirror } from '../../../editor/yDocToProseMirror.ts';
import { connectClient, type TestClient } from '../../../test/collabClient.ts';
import {
  buildPerson,
  call,
  expectError,
  expectOk,
  listThreads,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { SqliteStorage } from '../../../storage/sqlite/SqliteStorage.ts';
import { buildDocument } from '../../../test/factories.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';
import { deleteText, paragraphsDoc } from '../../../test/yEdits.ts';

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

afterAll(async () => {
  await server.destroy();
});

/**
 * Versions and threads are ordered by their ISO times, to the millisecond; waiting a little
 * between steps makes "before" and "after" in these tests unambiguous.
 */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

async function draft(...texts: string[]) {
  const owner = await buildPerson(server, null, null);
  const document = await buildDocument(server.storage, owner.user.id, {
    content: paragraphsDoc(...texts),
  });
  const editor = await buildPerson(server, document.id, 'editor');
  const commenter = await buildPerson(server, document.id, 'commenter');
  const client = connectClient(
    server.url,
    document.id,
    () => server.tokens.issue(editor.user.id, document.id).token,
  );
  clients.push(client);
  await client.synced;
  return { documentId: document.id, editor, commenter, client };
}

async function nameVersion(as: Person, documentId: string, name: string): Promise<string> {
  await tick();
  const { id } = await expectOk(
    await call(server, as, 'POST', `/documents/${documentId}/versions`, { name }),
    201,
    createVersionResponseSchema,
  );
  await tick();
  return id;
}

async function versionThreads(as: Person, documentId: string, versionId: string) {
  const response = await call(
    server,
    as,
    'GET',
    `/documents/${documentId}/versions/${versionId}/threads`,
  );
  return (await expectOk(response, 200, listThreadsResponseSchema)).threads;
}

describe('a version shows its comments as they stood', () => {
  it('hides later threads and replies, and shows the status, disposition and anchor of then', async () => {
    const { documentId, editor, commenter, client } = await draft(
      'Myndigheten ska publicera öppna data.',
      'Licensen ska vara CC BY 4.0.',
    );
    const early = await startThread(server, commenter, documentId, {
      target: quoteTarget('publicera öppna data'),
      body: 'Vilka data?',
    });
    const v1 = await nameVersion(editor, documentId, 'Utkast 1');

    // After version 1: a reply, a resolution and a disposition on the early thread, a new
    // thread, and the early thread's passage deleted from the text.
    await reply(server, editor, early.id, { body: 'Alla som inte är sekretessbelagda.' });
    expect(
      (await call(server, editor, 'PATCH', `/threads/${early.id}`, { status: 'resolved' })).status,
    ).toBe(200);
    expect(
      (
        await call(server, editor, 'PUT', `/threads/${early.id}/disposition`, {
          value: 'accepted',
          reason: 'Förtydligat.',
        })
      ).status,
    ).toBe(200);
    const late = await startThread(server, commenter, documentId, {
      target: quoteTarget('CC BY 4.0'),
      body: 'Varför inte CC0?',
    });
    const from = flattenText(client.ydoc).text.indexOf('publicera öppna data');
    deleteText(client.ydoc, from, from + 'publicera öppna data'.length);
    await client.allAcked();
    const v2 = await nameVersion(editor, documentId, 'Utkast 2');

    const live = await listThreads(server, commenter, documentId);
    expect(live.find((thread) => thread.id === early.id)).toMatchObject({
      status: 'resolved',
      disposition: { value: 'accepted' },
      anchor: { status: 'removed' },
      madeOnVersion: null,
    });
    expect(live.find((thread) => thread.id === late.id)?.madeOnVersion).toEqual({
      id: v1,
      name: 'Utkast 1',
    });

    const inV1 = await versionThreads(commenter, documentId, v1);
    expect(inV1.map((thread) => thread.id)).toEqual([early.id]);
    expect(inV1[0]).toMatchObject({
      status: 'open',
      resolved: null,
      disposition: null,
      anchor: { status: 'anchored', exact: 'publicera öppna data' },
      madeOnVersion: null,
    });
    expect(inV1[0]?.comments.map((comment) => comment.body)).toEqual(['Vilka data?']);

    const inV2 = await versionThreads(commenter, documentId, v2);
    expect(inV2.map((thread) => thread.id).sort()).toEqual([early.id, late.id].sort());
    expect(inV2.find((thread) => thread.id === early.id)).toMatchObject({
      status: 'resolved',
      disposition: { value: 'accepted', reason: 'Förtydligat.' },
      anchor: { status: 'removed' },
    });
    expect(inV2.find((thread) => thread.id === late.id)).toMatchObject({
      anchor: { status: 'anchored', exact: 'CC BY 4.0' },
      madeOnVersion: { id: v1, name: 'Utkast 1' },
    });
  });

  it('shows a status changed back and forth as it was at each version', async () => {
    const { documentId, editor, commenter } = await draft('En mening att kommentera.');
    const thread = await startThread(server, commenter, documentId, {
      target: quoteTarget('mening'),
      body: 'Oklart.',
    });
    const setStatus = async (status: 'open' | 'resolved') => {
      const response = await call(server, editor, 'PATCH', `/threads/${thread.id}`, { status });
      expect(response.status).toBe(200);
    };
    await setStatus('resolved');
    const resolved = await nameVersion(editor, documentId, 'Löst');
    await setStatus('open');
    const reopened = await nameVersion(editor, documentId, 'Öppnad igen');
    await setStatus('resolved');

    expect((await versionThreads(commenter, documentId, resolved))[0]).toMatchObject({
      status: 'resolved',
      resolved: { by: { id: editor.user.id } },
    });
    expect((await versionThreads(commenter, documentId, reopened))[0]).toMatchObject({
      status: 'open',
      resolved: null,
    });
  });
});

describe("a version's Yjs state", () => {
  it('loads into a Y.Doc that holds exactly the text of the version', async () => {
    const { documentId, editor, client } = await draft('Text som sparas.', 'Och ett stycke till.');
    const id = await nameVersion(editor, documentId, 'Utkast');
    client.ydoc.getXmlFragment('default').delete(0, 1);
    await client.allAcked();

    const viewer = await buildPerson(server, documentId, 'viewer');
    const response = await call(
      server,
      viewer,
      'GET',
      `/documents/${documentId}/versions/${id}/state`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(VERSION_STATE_CONTENT_TYPE);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
    const version = await expectOk(
      await call(server, viewer, 'GET', `/documents/${documentId}/versions/${id}`),
      200,
      versionWithContentSchema,
    );
    expect(toTiptapJson(yDocToProseMirror(doc))).toEqual(version.content);
    expect(flattenText(doc).text).toContain('Text som sparas.');
  });

  it('answers 503 with a clear reason when the stored version is damaged', async () => {
    const { documentId, editor } = await draft('Text som skadas.');
    const id = await nameVersion(editor, documentId, 'Utkast');
    if (!(server.storage instanceof SqliteStorage)) throw new Error('these tests run on SQLite');
    server.storage.db.prepare("UPDATE versions SET state = x'00' WHERE id = ?").run(id);
    for (const path of ['', '/state', '/html', '/threads']) {
      await expectError(
        await call(server, editor, 'GET', `/documents/${documentId}/versions/${id}${path}`),
        503,
        'unavailable',
      );
    }
    // Restoring from it must fail whole and leave the text alone.
    await expectError(
      await call(server, editor, 'POST', `/documents/${documentId}/versions/${id}/restore`),
      503,
      'unavailable',
    );
  });
});
