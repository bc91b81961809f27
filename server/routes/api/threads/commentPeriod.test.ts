import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentSummarySchema } from '../../../../shared/api/documents.ts';
import { COMMENTS_PER_MINUTE } from '../../../../shared/limits.ts';
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

async function cast(): Promise<{
  documentId: string;
  owner: Person;
  editor: Person;
  commenter: Person;
}> {
  const owner = await buildPerson(server, null, null);
  const documentId = await buildTextDocument(server.storage, owner.user.id, 'Ett stycke.');
  return {
    documentId,
    owner,
    editor: await buildPerson(server, documentId, 'editor'),
    commenter: await buildPerson(server, documentId, 'commenter'),
  };
}

async function setPeriod(as: Person, documentId: string, closesAt: string | null) {
  return call(server, as, 'PUT', `/documents/${documentId}/comment-period`, { closesAt });
}

describe('setting the comment period', () => {
  it('lets the owner set and clear the deadline; every member sees it', async () => {
    const { documentId, owner, commenter } = await cast();
    const set = await expectOk(
      await setPeriod(owner, documentId, '2031-03-01T17:00:00+01:00'),
      200,
      documentSummarySchema,
    );
    expect(set.commentPeriod).toEqual({ closesAt: '2031-03-01T16:00:00.000Z' });
    const opened = await expectOk(
      await call(server, commenter, 'GET', `/documents/${documentId}`),
      200,
      documentSummarySchema,
    );
    expect(opened.commentPeriod).toEqual({ closesAt: '2031-03-01T16:00:00.000Z' });
    const [entry] = await server.storage.audit.listForDocument(documentId, 1);
    expect(entry).toMatchObject({
      action: 'comment-period-set',
      details: { from: null, to: '2031-03-01T16:00:00.000Z' },
    });

    const cleared = await expectOk(
      await setPeriod(owner, documentId, null),
      200,
      documentSummarySchema,
    );
    expect(cleared.commentPeriod).toBeNull();
  });

  it('refuses editors and commenters, and a time that is not ISO 8601', async () => {
    const { documentId, owner, editor, commenter } = await cast();
    for (const refused of [editor, commenter]) {
      await expectError(
        await setPeriod(refused, documentId, '2031-03-01T17:00:00Z'),
        403,
        'forbidden',
      );
    }
    await expectError(await setPeriod(owner, documentId, 'next Friday'), 400, 'invalid_input');
    expect((await server.storage.documents.get(documentId))?.commentPeriodClosesAt).toBeNull();
  });
});

describe('after the deadline', () => {
  it("refuses a commenter's new thread, reply and edit with 409, and lets editors answer", async () => {
    const { documentId, owner, editor, commenter } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'Before the deadline.',
    });
    await setPeriod(owner, documentId, new Date(Date.now() - 1000).toISOString());

    const refusals = [
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: blockTarget('p1'),
        body: 'Too late.',
      }),
      await call(server, commenter, 'POST', `/threads/${thread.id}/comments`, { body: 'Late.' }),
      await call(server, commenter, 'PATCH', `/comments/${thread.comments[0]?.id ?? ''}`, {
        body: 'Rewritten after the deadline.',
      }),
    ];
    for (const response of refusals) {
      const { message, details } = await expectError(response, 409, 'conflict');
      expect(message).toMatch(/comment period closed/);
      expect(details).toMatchObject({ reason: 'comment-period-closed' });
    }

    const answer = await reply(server, editor, thread.id, { body: 'Thank you, noted.' });
    expect(answer.body).toBe('Thank you, noted.');
    await startThread(server, owner, documentId, {
      target: blockTarget('p1'),
      body: 'A note from the authors.',
    });
    const comments = await server.storage.comments.listForThread(thread.id);
    expect(comments.map((comment) => comment.body)).toEqual([
      'Before the deadline.',
      'Thank you, noted.',
    ]);
  });

  it('accepts comments while the deadline is still ahead', async () => {
    const { documentId, owner, commenter } = await cast();
    await setPeriod(owner, documentId, new Date(Date.now() + 60_000).toISOString());
    await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'In time.',
    });
  });
});

describe('the posting limit', () => {
  it(`answers 429 with Retry-After after ${COMMENTS_PER_MINUTE} comments a minute, counted per user`, async () => {
    const { documentId, commenter, editor } = await cast();
    const other = await buildTextDocument(server.storage, editor.user.id, 'Ett annat dokument.');
    await server.storage.memberships.set(other, commenter.user.id, 'commenter');
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'One',
    });
    // The limit is over all documents: the rest go to another one.
    const otherThread = await startThread(server, commenter, other, {
      target: blockTarget('p1'),
      body: 'Two',
    });
    for (let index = 2; index < COMMENTS_PER_MINUTE; index += 1) {
      await reply(server, commenter, index % 2 ? otherThread.id : thread.id, { body: `${index}` });
    }
    const refused = await call(server, commenter, 'POST', `/threads/${thread.id}/comments`, {
      body: 'One too many',
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    await expectError(refused, 429, 'rate_limited');
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: blockTarget('p1'),
        body: 'Also too many',
      }),
      429,
      'rate_limited',
    );
    // Someone else is not held back by it.
    await reply(server, editor, thread.id, { body: 'Still fine for me.' });
    expect(await server.storage.comments.listForThread(thread.id)).toHaveLength(
      1 + Math.floor((COMMENTS_PER_MINUTE - 2) / 2) + 1,
    );
  });
});
