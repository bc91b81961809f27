import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listNotificationsResponseSchema } from '../../../../shared/api/notifications.ts';
import { MAX_MENTIONS_PER_COMMENT } from '../../../../shared/limits.ts';
import {
  blockTarget,
  buildPerson,
  buildTextDocument,
  call,
  expectError,
  expectOk,
  reply,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.destroy();
});

async function inbox(as: Person) {
  return expectOk(
    await call(server, as, 'GET', '/notifications'),
    200,
    listNotificationsResponseSchema,
  );
}

async function cast() {
  const owner = await buildPerson(server, null, null);
  const documentId = await buildTextDocument(server.storage, owner.user.id, 'Första stycket.');
  return {
    documentId,
    owner,
    alice: await buildPerson(server, documentId, 'commenter', {
      name: 'Alice Ahl',
      organisation: 'Skolverket',
    }),
    bob: await buildPerson(server, documentId, 'commenter', { name: 'Bob Berg' }),
    viewer: await buildPerson(server, documentId, 'viewer'),
    outsider: await buildPerson(server, null, null),
  };
}

describe('mentions', () => {
  it('refuses to mention someone who is not a member, or an unknown id, and stores nothing', async () => {
    const { documentId, alice, outsider } = await cast();
    for (const mentions of [[outsider.user.id], ['no-such-user']]) {
      const { details } = await expectError(
        await call(server, alice, 'POST', `/documents/${documentId}/threads`, {
          target: blockTarget('p1'),
          body: 'Hej @Någon',
          mentions,
        }),
        400,
        'invalid_input',
      );
      expect(details).toEqual([expect.objectContaining({ path: 'mentions' })]);
    }
    const tooMany = Array.from({ length: MAX_MENTIONS_PER_COMMENT + 1 }, (_, index) => `u${index}`);
    await expectError(
      await call(server, alice, 'POST', `/documents/${documentId}/threads`, {
        target: blockTarget('p1'),
        body: 'Alla!',
        mentions: tooMany,
      }),
      400,
      'invalid_input',
    );
    expect(await server.storage.threads.listForDocument(documentId)).toEqual([]);
    expect((await inbox(outsider)).notifications).toEqual([]);
  });

  it('tells the mentioned members, viewers too, but never the writer', async () => {
    const { documentId, alice, bob, viewer } = await cast();
    const thread = await startThread(server, alice, documentId, {
      target: blockTarget('p1'),
      body: '@Bob Berg och @Alice Ahl: vad tycker ni?',
      mentions: [bob.user.id, alice.user.id, viewer.user.id, bob.user.id],
    });
    expect(thread.comments[0]?.mentions.map((person) => person.name)).toEqual([
      'Bob Berg',
      'Alice Ahl',
      viewer.user.name,
    ]);
    const bobs = await inbox(bob);
    expect(bobs.unread).toBe(1);
    expect(bobs.notifications).toEqual([
      {
        id: bobs.notifications[0]?.id,
        kind: 'mention',
        documentId,
        documentTitle: 'Remissutkast',
        threadId: thread.id,
        commentId: thread.comments[0]?.id,
        actor: { id: alice.user.id, name: 'Alice Ahl', organisation: 'Skolverket' },
        excerpt: '@Bob Berg och @Alice Ahl: vad tycker ni?',
        createdAt: thread.createdAt,
        readAt: null,
      },
    ]);
    expect((await inbox(viewer)).unread).toBe(1);
    expect((await inbox(alice)).notifications).toEqual([]);
  });

  it('tells only the newly mentioned when a comment is edited', async () => {
    const { documentId, alice, bob, viewer } = await cast();
    const thread = await startThread(server, alice, documentId, {
      target: blockTarget('p1'),
      body: '@Bob',
      mentions: [bob.user.id],
    });
    const response = await call(
      server,
      alice,
      'PATCH',
      `/comments/${thread.comments[0]?.id ?? ''}`,
      {
        body: '@Bob och @Viewer',
        mentions: [bob.user.id, viewer.user.id],
      },
    );
    expect(response.status).toBe(200);
    expect((await inbox(bob)).notifications).toHaveLength(1);
    expect((await inbox(viewer)).notifications.map((entry) => entry.excerpt)).toEqual([
      '@Bob och @Viewer',
    ]);
  });
});

describe('replies to your thread', () => {
  it("tells the thread's author about replies from others, not about their own", async () => {
    const { documentId, alice, bob } = await cast();
    const thread = await startThread(server, alice, documentId, {
      target: blockTarget('p1'),
      body: 'Min fråga',
    });
    await reply(server, alice, thread.id, { body: 'Ett tillägg från mig själv' });
    expect((await inbox(alice)).unread).toBe(0);

    const answer = await reply(server, bob, thread.id, { body: 'Ett svar' });
    const alices = await inbox(alice);
    expect(alices.unread).toBe(1);
    expect(alices.notifications[0]).toMatchObject({
      kind: 'reply',
      commentId: answer.id,
      actor: { id: bob.user.id },
      excerpt: 'Ett svar',
    });

    // Mentioning the thread's author in a reply is one notification, a mention.
    await reply(server, bob, thread.id, { body: '@Alice', mentions: [alice.user.id] });
    expect((await inbox(alice)).notifications.map((entry) => entry.kind)).toEqual([
      'mention',
      'reply',
    ]);
  });
});

describe('the inbox', () => {
  it('marks entries read by id, or all at once, and counts what is unread', async () => {
    const { documentId, alice, bob } = await cast();
    const thread = await startThread(server, alice, documentId, {
      target: blockTarget('p1'),
      body: 'Fråga',
    });
    for (const body of ['ett', 'två', 'tre']) await reply(server, bob, thread.id, { body });
    const before = await inbox(alice);
    expect(before.unread).toBe(3);
    // Newest first.
    expect(before.notifications.map((entry) => entry.excerpt)).toEqual(['tre', 'två', 'ett']);

    // Someone else cannot mark Alice's entries read.
    const marked = await call(server, bob, 'POST', '/notifications/read', {
      ids: [before.notifications[0]?.id],
    });
    expect(marked.status).toBe(204);
    expect((await inbox(alice)).unread).toBe(3);

    await call(server, alice, 'POST', '/notifications/read', {
      ids: [before.notifications[0]?.id],
    });
    const after = await inbox(alice);
    expect(after.unread).toBe(2);
    expect(after.notifications[0]?.readAt).not.toBeNull();
    expect(after.notifications[1]?.readAt).toBeNull();

    await call(server, alice, 'POST', '/notifications/read', {});
    expect((await inbox(alice)).unread).toBe(0);
  });

  it('withholds the words of a deleted comment and hides entries of documents you left', async () => {
    const { documentId, owner, alice, bob } = await cast();
    const thread = await startThread(server, alice, documentId, {
      target: blockTarget('p1'),
      body: 'Fråga',
    });
    const answer = await reply(server, bob, thread.id, { body: 'Ångrat svar' });
    await call(server, bob, 'DELETE', `/comments/${answer.id}`);
    expect((await inbox(alice)).notifications[0]?.excerpt).toBe('');

    const removed = await call(
      server,
      owner,
      'DELETE',
      `/documents/${documentId}/members/${alice.user.id}`,
    );
    expect(removed.status).toBe(204);
    expect(await inbox(alice)).toEqual({ notifications: [], unread: 0 });
  });

  it('answers 401 without a session', async () => {
    await expectError(await call(server, null, 'GET', '/notifications'), 401, 'unauthenticated');
    await expectError(
      await call(server, null, 'POST', '/notifications/read', {}),
      401,
      'unauthenticated',
    );
  });
});
