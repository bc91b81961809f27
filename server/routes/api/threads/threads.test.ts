import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentSchema, threadSchema } from '../../../../shared/api/comments.ts';
import { MAX_COMMENT_LENGTH } from '../../../../shared/limits.ts';
import {
  blockTarget,
  buildPerson,
  buildTextDocument,
  call,
  expectError,
  expectOk,
  listThreads,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';

const P1 = 'The committee shall publish its report before the end of the year.';
const P2 = 'Municipalities may apply for a grant.';
const P3 = 'The grant is paid yearly. The grant is capped.';

let server: TestServer;

/** A document with three paragraphs and one person of each role. */
interface Cast {
  documentId: string;
  owner: Person;
  editor: Person;
  commenter: Person;
  otherCommenter: Person;
  viewer: Person;
  outsider: Person;
}

async function cast(): Promise<Cast> {
  const owner = await buildPerson(server, null, null, { name: 'Olga Ägare' });
  const documentId = await buildTextDocument(server.storage, owner.user.id, P1, P2, P3);
  return {
    documentId,
    owner,
    editor: await buildPerson(server, documentId, 'editor', { name: 'Edvin Redaktör' }),
    commenter: await buildPerson(server, documentId, 'commenter', {
      name: 'Kim Kommentar',
      organisation: 'Länsstyrelsen i Dalarna',
    }),
    otherCommenter: await buildPerson(server, documentId, 'commenter', { name: 'Alva Annan' }),
    viewer: await buildPerson(server, documentId, 'viewer'),
    outsider: await buildPerson(server, null, null),
  };
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.destroy();
});

describe('starting a thread', () => {
  it('anchors a thread to a passage and shows who said it, for which organisation', async () => {
    const { documentId, commenter, viewer } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: quoteTarget('shall publish its report'),
      body: 'Which report is meant here?',
      stance: 'question',
    });
    expect(thread).toMatchObject({
      documentId,
      author: {
        id: commenter.user.id,
        name: 'Kim Kommentar',
        organisation: 'Länsstyrelsen i Dalarna',
      },
      stance: 'question',
      status: 'open',
      resolved: null,
      disposition: null,
      anchor: {
        kind: 'passage',
        status: 'anchored',
        selector: {
          type: 'TextQuoteSelector',
          exact: 'shall publish its report',
          prefix: 'The committee ',
          suffix: ' before the end of the year.\nMun',
        },
        exact: 'shall publish its report',
        blockId: 'p1',
      },
    });
    expect(Buffer.from(thread.anchor.start, 'base64').length).toBeGreaterThan(0);
    expect(Buffer.from(thread.anchor.end, 'base64').length).toBeGreaterThan(0);
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0]).toMatchObject({
      body: 'Which report is meant here?',
      author: { name: 'Kim Kommentar', organisation: 'Länsstyrelsen i Dalarna' },
      editedAt: null,
      deletedAt: null,
      hidden: null,
    });

    // Every member reads it back, viewers included.
    const listed = await listThreads(server, viewer, documentId);
    expect(listed).toEqual([thread]);
  });

  it('anchors a thread to a whole paragraph by its block id', async () => {
    const { documentId, commenter } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p2'),
      body: 'We support this paragraph.',
      stance: 'support',
    });
    expect(thread.anchor).toMatchObject({
      kind: 'block',
      status: 'anchored',
      selector: { type: 'FragmentSelector', value: 'p2' },
      exact: P2,
      blockId: 'p2',
    });
  });

  it('stores the body as plain text data, markup and all, never as HTML', async () => {
    const { documentId, commenter } = await cast();
    const body = '<script>window.pwned = 1</script> <a href="javascript:alert(1)">x</a> & <b>';
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body,
    });
    expect(thread.comments[0]?.body).toBe(body);
    expect((await server.storage.comments.get(thread.comments[0]?.id ?? ''))?.body).toBe(body);
  });

  it('answers 409 when the passage is not in the text, and creates nothing', async () => {
    const { documentId, commenter } = await cast();
    const { details } = await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: quoteTarget('text that was never written'),
        body: 'Hm?',
      }),
      409,
      'conflict',
    );
    expect(details).toEqual({ reason: 'anchor-not-found' });
    await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: blockTarget('no-such-block'),
        body: 'Hm?',
      }),
      409,
      'conflict',
    );
    expect(await server.storage.threads.listForDocument(documentId)).toEqual([]);
  });

  it('answers 409 for an ambiguous passage, asking for prefix and suffix; with them it anchors', async () => {
    const { documentId, commenter } = await cast();
    const { message, details } = await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, {
        target: quoteTarget('The grant is'),
        body: 'Which one?',
      }),
      409,
      'conflict',
    );
    expect(details).toEqual({ reason: 'anchor-ambiguous' });
    expect(message).toMatch(/prefix and suffix/);

    const thread = await startThread(server, commenter, documentId, {
      target: quoteTarget('The grant is', 'yearly. ', ' capped.'),
      body: 'The second one.',
    });
    expect(thread.anchor.selector).toMatchObject({ exact: 'The grant is', suffix: ' capped.' });
    expect(thread.anchor.prefix.endsWith('paid yearly. ')).toBe(true);
  });

  it.each([
    ['an empty quote', { target: quoteTarget(''), body: 'x' }],
    [
      'a quote of a line break only',
      { target: quoteTarget('\n', 'year.', 'Municipalities'), body: 'x' },
    ],
    ['an empty body', { target: blockTarget('p1'), body: '   ' }],
    [
      'a body over the limit',
      { target: blockTarget('p1'), body: 'x'.repeat(MAX_COMMENT_LENGTH + 1) },
    ],
    ['an unknown stance', { target: blockTarget('p1'), body: 'x', stance: 'angry' }],
    [
      'an unknown selector type',
      { target: { selector: { type: 'XPathSelector', value: '/p' } }, body: 'x' },
    ],
    ['no target', { body: 'x' }],
  ])('refuses %s with 400 and creates nothing', async (_name, body) => {
    const { documentId, commenter } = await cast();
    await expectError(
      await call(server, commenter, 'POST', `/documents/${documentId}/threads`, body),
      400,
      'invalid_input',
    );
    expect(await server.storage.threads.listForDocument(documentId)).toEqual([]);
  });

  it('answers 404 for an unknown document and 403 for a non-member or a viewer', async () => {
    const { documentId, viewer, outsider } = await cast();
    const body = { target: blockTarget('p1'), body: 'x' };
    await expectError(
      await call(server, viewer, 'POST', '/documents/nope/threads', body),
      404,
      'not_found',
    );
    await expectError(
      await call(server, outsider, 'POST', `/documents/${documentId}/threads`, body),
      403,
      'forbidden',
    );
    await expectError(
      await call(server, viewer, 'POST', `/documents/${documentId}/threads`, body),
      403,
      'forbidden',
    );
    await expectError(
      await call(server, outsider, 'GET', `/documents/${documentId}/threads`),
      403,
      'forbidden',
    );
  });

  it('lists threads in document order, not in the order they were made', async () => {
    const { documentId, commenter } = await cast();
    const third = await startThread(server, commenter, documentId, {
      target: quoteTarget('capped'),
      body: 'third',
    });
    const first = await startThread(server, commenter, documentId, {
      target: quoteTarget('committee'),
      body: 'first',
    });
    const second = await startThread(server, commenter, documentId, {
      target: blockTarget('p2'),
      body: 'second',
    });
    const listed = await listThreads(server, commenter, documentId);
    expect(listed.map((thread) => thread.id)).toEqual([first.id, second.id, third.id]);
  });
});

describe('replies', () => {
  it('adds replies in order and marks the thread updated', async () => {
    const { documentId, commenter, otherCommenter, editor } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'Opening.',
    });
    const answer = await reply(server, otherCommenter, thread.id, { body: 'I agree.' });
    expect(answer).toMatchObject({
      threadId: thread.id,
      body: 'I agree.',
      author: { id: otherCommenter.user.id, name: 'Alva Annan' },
    });
    await reply(server, editor, thread.id, { body: 'Noted, thanks.' });
    const [listed] = await listThreads(server, commenter, documentId);
    expect(listed?.comments.map((comment) => comment.body)).toEqual([
      'Opening.',
      'I agree.',
      'Noted, thanks.',
    ]);
    expect(Date.parse(listed?.updatedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(thread.updatedAt),
    );
  });

  it('answers 404 for an unknown thread and 403 to a viewer', async () => {
    const { documentId, commenter, viewer } = await cast();
    await expectError(
      await call(server, commenter, 'POST', '/threads/nope/comments', { body: 'x' }),
      404,
      'not_found',
    );
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'x',
    });
    await expectError(
      await call(server, viewer, 'POST', `/threads/${thread.id}/comments`, { body: 'y' }),
      403,
      'forbidden',
    );
  });
});

describe('editing and deleting your own comments', () => {
  it('lets the author edit, and no one else, not even the owner', async () => {
    const { documentId, commenter, otherCommenter, owner } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'Frist',
    });
    const commentId = thread.comments[0]?.id ?? '';
    const edited = await expectOk(
      await call(server, commenter, 'PATCH', `/comments/${commentId}`, { body: 'First' }),
      200,
      commentSchema,
    );
    expect(edited.body).toBe('First');
    expect(edited.editedAt).not.toBeNull();
    for (const other of [otherCommenter, owner]) {
      await expectError(
        await call(server, other, 'PATCH', `/comments/${commentId}`, { body: 'Hijacked' }),
        403,
        'forbidden',
      );
      await expectError(
        await call(server, other, 'DELETE', `/comments/${commentId}`),
        403,
        'forbidden',
      );
    }
    expect((await listThreads(server, commenter, documentId))[0]?.comments[0]?.body).toBe('First');
  });

  it('drops a deleted last reply from the thread, but keeps its row for the record', async () => {
    const { documentId, commenter, otherCommenter } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'Opening',
    });
    const answer = await reply(server, otherCommenter, thread.id, { body: 'Regrettable reply' });
    const response = await call(server, otherCommenter, 'DELETE', `/comments/${answer.id}`);
    expect(response.status).toBe(204);
    const [listed] = await listThreads(server, commenter, documentId);
    expect(listed?.comments.map((comment) => comment.id)).toEqual([thread.comments[0]?.id]);
    const stored = await server.storage.comments.get(answer.id);
    expect(stored).toMatchObject({ body: 'Regrettable reply' });
    expect(stored?.deletedAt).not.toBeNull();
  });

  it('leaves a "removed" marker for a deleted first comment and for one with later replies', async () => {
    const { documentId, commenter, otherCommenter, owner } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'Opening',
    });
    const middle = await reply(server, otherCommenter, thread.id, { body: 'Middle' });
    await reply(server, commenter, thread.id, { body: 'Last' });
    expect(
      (await call(server, commenter, 'DELETE', `/comments/${thread.comments[0]?.id ?? ''}`)).status,
    ).toBe(204);
    expect((await call(server, otherCommenter, 'DELETE', `/comments/${middle.id}`)).status).toBe(
      204,
    );

    // Owners do not see deleted words either: only the database keeps them.
    for (const reader of [commenter, owner]) {
      const [listed] = await listThreads(server, reader, documentId);
      expect(
        listed?.comments.map((comment) => ({
          body: comment.body,
          deleted: comment.deletedAt !== null,
        })),
      ).toEqual([
        { body: '', deleted: true },
        { body: '', deleted: true },
        { body: 'Last', deleted: false },
      ]);
      expect(listed?.comments[1]?.author.id).toBe(otherCommenter.user.id);
    }
    // A deleted comment cannot be edited back to life.
    await expectError(
      await call(server, otherCommenter, 'PATCH', `/comments/${middle.id}`, { body: 'Back' }),
      409,
      'conflict',
    );
  });
});

describe('resolving, stance and disposition', () => {
  it('lets the author, editors and owners resolve and reopen, and no other commenter', async () => {
    const { documentId, commenter, otherCommenter, editor, owner, viewer } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'x',
    });
    const path = `/threads/${thread.id}`;
    for (const refused of [otherCommenter, viewer]) {
      await expectError(
        await call(server, refused, 'PATCH', path, { status: 'resolved' }),
        403,
        'forbidden',
      );
    }
    for (const allowed of [commenter, editor, owner]) {
      const resolved = await expectOk(
        await call(server, allowed, 'PATCH', path, { status: 'resolved' }),
        200,
        threadSchema,
      );
      expect(resolved.status).toBe('resolved');
      expect(resolved.resolved?.by.id).toBe(allowed.user.id);
      const reopened = await expectOk(
        await call(server, allowed, 'PATCH', path, { status: 'open' }),
        200,
        threadSchema,
      );
      expect(reopened).toMatchObject({ status: 'open', resolved: null });
    }
    await expectError(await call(server, commenter, 'PATCH', path, {}), 400, 'invalid_input');
    await expectError(
      await call(server, commenter, 'PATCH', '/threads/nope', { status: 'open' }),
      404,
      'not_found',
    );
  });

  it("lets only the thread's author change its stance", async () => {
    const { documentId, commenter, editor, owner } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p1'),
      body: 'x',
    });
    const path = `/threads/${thread.id}`;
    const changed = await expectOk(
      await call(server, commenter, 'PATCH', path, { stance: 'object' }),
      200,
      threadSchema,
    );
    expect(changed.stance).toBe('object');
    for (const other of [editor, owner]) {
      await expectError(
        await call(server, other, 'PATCH', path, { stance: 'support' }),
        403,
        'forbidden',
      );
    }
    const cleared = await expectOk(
      await call(server, commenter, 'PATCH', path, { stance: null }),
      200,
      threadSchema,
    );
    expect(cleared.stance).toBeNull();
  });

  it('lets editors and owners answer with a disposition and a reason, and no commenter', async () => {
    const { documentId, commenter, editor, owner } = await cast();
    const thread = await startThread(server, commenter, documentId, {
      target: blockTarget('p2'),
      body: 'Add a cap.',
    });
    const path = `/threads/${thread.id}/disposition`;
    await expectError(
      await call(server, commenter, 'PUT', path, { value: 'accepted', reason: 'Self-service' }),
      403,
      'forbidden',
    );
    await expectError(
      await call(server, editor, 'PUT', path, { value: 'maybe', reason: '' }),
      400,
      'invalid_input',
    );
    const answered = await expectOk(
      await call(server, editor, 'PUT', path, {
        value: 'partly-accepted',
        reason: 'A cap is added in 4.2.',
      }),
      200,
      threadSchema,
    );
    expect(answered.disposition).toMatchObject({
      value: 'partly-accepted',
      reason: 'A cap is added in 4.2.',
      by: { id: editor.user.id, name: 'Edvin Redaktör' },
    });
    const changed = await expectOk(
      await call(server, owner, 'PUT', path, { value: 'noted', reason: '' }),
      200,
      threadSchema,
    );
    expect(changed.disposition).toMatchObject({ value: 'noted', by: { id: owner.user.id } });
    expect((await listThreads(server, commenter, documentId))[0]?.disposition?.value).toBe('noted');
  });
});
