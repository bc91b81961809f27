import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compactThreadListSchema } from '../../../../shared/api/compactThreads.ts';
import {
  commentSchema,
  listThreadsResponseSchema,
  type Thread,
} from '../../../../shared/api/comments.ts';
import { expandCompactThreads } from '../../../../shared/expandCompactThreads.ts';
import { PostgresStorage } from '../../../storage/postgres/PostgresStorage.ts';
import { connectLocalUser, type TestClient } from '../../../test/collabClient.ts';
import {
  blockTarget,
  buildPerson,
  buildTextDocument,
  call,
  expectError,
  expectOk,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { makeTempDir, startTestServer, type TestServer } from '../../../test/startTestServer.ts';
import {
  createTestDatabase,
  postgresTestUrl,
  type TestDatabase,
} from '../../../test/testPostgres.ts';
import { deleteText } from '../../../test/yEdits.ts';

const P1 = 'Kommunen ska redovisa sina kostnader för äldreomsorgen varje år.';
const P2 = 'Regionerna får söka bidrag för kollektivtrafik på landsbygden.';
const P3 = 'Lagen träder i kraft den 1 juli 2027.';
const DOOMED = 'kollektivtrafik på landsbygden';

interface Store {
  name: string;
  start(): Promise<{ server: TestServer; close: () => Promise<void> }>;
}

const sqlite: Store = {
  name: 'SQLite',
  start: async () => {
    const server = await startTestServer();
    return { server, close: () => server.destroy() };
  },
};

function postgres(adminUrl: string): Store {
  return {
    name: 'PostgreSQL',
    start: async () => {
      const database: TestDatabase = await createTestDatabase(adminUrl);
      const server = await startTestServer({
        dataDir: makeTempDir(),
        storage: await PostgresStorage.open(database.url),
      });
      return {
        server,
        close: async () => {
          await server.destroy();
          await database.drop();
        },
      };
    },
  };
}

const adminUrl = postgresTestUrl();
const stores = [sqlite, ...(adminUrl === null ? [] : [postgres(adminUrl)])];

describe.each(stores)('the compact thread list on $name', (store) => {
  let server: TestServer;
  let close: () => Promise<void> = async () => undefined;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ({ server, close } = await store.start());
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  afterAll(async () => {
    await close();
  });

  async function full(as: Person, documentId: string, query = ''): Promise<Thread[]> {
    const response = await call(server, as, 'GET', `/documents/${documentId}/threads${query}`);
    return (await expectOk(response, 200, listThreadsResponseSchema)).threads;
  }

  async function compact(as: Person, documentId: string) {
    const response = await call(
      server,
      as,
      'GET',
      `/documents/${documentId}/threads?shape=compact`,
    );
    return expectOk(response, 200, compactThreadListSchema);
  }

  /**
   * A draft with everything a thread can carry: stances, replies with mentions, a resolved
   * thread with a disposition, a hidden and a deleted comment, a proposal, threads made before
   * and after a named version, and a passage whose text an editor then deleted.
   */
  async function busyDraft() {
    const owner: Person = await buildPerson(server, null, null);
    const documentId = await buildTextDocument(server.storage, owner.user.id, P1, P2, P3);
    const editor = await buildPerson(server, documentId, 'editor', { name: 'Eva Redaktör' });
    const anna = await buildPerson(server, documentId, 'commenter', {
      name: 'Anna Åström',
      organisation: 'Region Västerbotten',
    });
    const bo = await buildPerson(server, documentId, 'commenter', {
      name: 'Bo Ek',
      organisation: 'Sveriges Kommuner och Regioner',
    });

    const onBlock = await startThread(server, anna, documentId, {
      target: blockTarget('p1'),
      body: 'Hela stycket behöver ses över.',
      stance: 'object',
    });
    await reply(server, bo, onBlock.id, {
      body: 'Håller med @Anna Åström',
      mentions: [anna.user.id],
    });
    const hiddenReply = await reply(server, bo, onBlock.id, { body: 'Personnummer 19121212-1212' });
    await reply(server, anna, onBlock.id, { body: 'Tack.' });
    await expectOk(
      await call(server, owner, 'POST', `/comments/${hiddenReply.id}/hide`, {
        reason: 'Personuppgifter.',
      }),
      200,
      commentSchema,
    );

    await expectOk(
      await call(server, editor, 'POST', `/documents/${documentId}/versions`, {
        name: 'Remissversion',
      }),
      201,
      z.object({ id: z.string() }),
    );

    const doomed = await startThread(server, bo, documentId, {
      target: quoteTarget(DOOMED),
      body: 'Gäller det även tätorter?',
      stance: 'question',
    });
    const deletedLast = await reply(server, anna, doomed.id, { body: 'Jag tar bort detta.' });
    await reply(server, anna, doomed.id, { body: 'Och detta står kvar.' });
    await reply(server, bo, doomed.id, { body: 'Svar.' });
    // A deleted comment between others stays as a marker; a deleted last one is left out.
    expect((await call(server, anna, 'DELETE', `/comments/${deletedLast.id}`)).ok).toBe(true);
    const lastOfDoomed = await reply(server, bo, doomed.id, { body: 'Ångrar mig.' });
    expect((await call(server, bo, 'DELETE', `/comments/${lastOfDoomed.id}`)).ok).toBe(true);

    const resolved = await startThread(server, bo, documentId, {
      target: quoteTarget('1 juli 2027'),
      body: 'Datumet är för tidigt.',
      stance: 'editorial',
    });
    await expectOk(
      await call(server, editor, 'PUT', `/threads/${resolved.id}/disposition`, {
        value: 'partly-accepted',
        reason: 'Vi ser över datumet.',
      }),
      200,
      listThreadsResponseSchema.shape.threads.element,
    );
    await expectOk(
      await call(server, editor, 'PATCH', `/threads/${resolved.id}`, { status: 'resolved' }),
      200,
      listThreadsResponseSchema.shape.threads.element,
    );
    await startThread(server, anna, documentId, {
      target: quoteTarget('redovisa'),
      body: 'Tydligare ord.',
      proposal: { text: 'rapportera' },
    });

    // An editor deletes the passage of `doomed`: its anchor is orphaned, shown as removed.
    const socket = connectLocalUser(server, documentId);
    clients.push(socket);
    await socket.synced;
    const from = P1.length + 1 + P2.indexOf(DOOMED);
    deleteText(socket.ydoc, from, from + DOOMED.length);
    await socket.allAcked();
    return { documentId, owner, editor, anna, bo };
  }

  it('expands to exactly the full list, for every reader', async () => {
    const { documentId, owner, editor, anna, bo } = await busyDraft();
    for (const reader of [owner, editor, anna, bo]) {
      const expected = await full(reader, documentId);
      const list = await compact(reader, documentId);
      expect(expandCompactThreads(list)).toStrictEqual(expected);
    }

    // The draft really has what the comparison is meant to cover.
    const asOwner = await full(owner, documentId);
    expect(asOwner.map((thread) => thread.anchor.status)).toContain('removed');
    expect(asOwner.some((thread) => thread.disposition !== null && thread.resolved !== null)).toBe(
      true,
    );
    expect(asOwner.some((thread) => thread.proposal !== undefined)).toBe(true);
    expect(asOwner.some((thread) => thread.madeOnVersion !== null)).toBe(true);
    expect(asOwner.some((thread) => thread.madeOnVersion === null)).toBe(true);
    const comments = asOwner.flatMap((thread) => thread.comments);
    expect(comments.some((comment) => comment.hidden !== null)).toBe(true);
    expect(comments.some((comment) => comment.deletedAt !== null)).toBe(true);
    expect(comments.some((comment) => comment.mentions.length > 0)).toBe(true);
    // Each person once.
    const list = await compact(owner, documentId);
    expect(new Set(list.people.map((person) => person.id)).size).toBe(list.people.length);
  });

  it('gives every reader their own list when many ask at once', async () => {
    // Requests that arrive together share one read of the rows, and readers who see alike share
    // one presentation and its JSON (SharedReads, sharedJson.ts): the owner moderates, Bo wrote
    // the hidden reply, Anna and the editor see neither its body nor its reason.
    const { documentId, owner, editor, anna, bo } = await busyDraft();
    const readers = [owner, anna, bo, editor, anna, owner, bo, editor];
    const expected = new Map<Person, Thread[]>();
    for (const reader of readers) expected.set(reader, await full(reader, documentId));
    await server.comments.letGo(documentId);
    const lists = await Promise.all(readers.map((reader) => compact(reader, documentId)));
    lists.forEach((list, index) => {
      const reader = readers[index];
      if (!reader) throw new Error('no reader');
      expect(expandCompactThreads(list)).toStrictEqual(expected.get(reader));
    });
  });

  it('withholds from a compact list what the full one withholds', async () => {
    // Anna neither moderates nor wrote the hidden reply; she deleted her own comment.
    const { documentId, anna } = await busyDraft();
    const list = await compact(anna, documentId);
    const text = JSON.stringify(list);
    expect(text).not.toContain('19121212');
    expect(text).not.toContain('Personuppgifter');
    expect(text).not.toContain('Jag tar bort detta');
  });

  it('answers the full shape without `shape` and with `shape=full`, and refuses an unknown shape', async () => {
    const { documentId, anna } = await busyDraft();
    expect(await full(anna, documentId, '?shape=full')).toStrictEqual(await full(anna, documentId));
    await expectError(
      await call(server, anna, 'GET', `/documents/${documentId}/threads?shape=tiny`),
      400,
      'invalid_input',
    );
  });

  it('gives an empty compact list for a draft without threads, and 403 to a non-member', async () => {
    const owner = await buildPerson(server, null, null);
    const documentId = await buildTextDocument(server.storage, owner.user.id, P1);
    const list = await compact(owner, documentId);
    expect(list).toStrictEqual({
      shape: 'compact',
      documentId,
      people: [],
      versions: [],
      threads: [],
    });
    const stranger = await buildPerson(server, null, null);
    await expectError(
      await call(server, stranger, 'GET', `/documents/${documentId}/threads?shape=compact`),
      403,
      'forbidden',
    );
  });
});
