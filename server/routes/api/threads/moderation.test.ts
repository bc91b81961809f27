import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commentSchema } from '../../../../shared/api/comments.ts';
import { MAX_HIDE_REASON_LENGTH } from '../../../../shared/limits.ts';
import {
  blockTarget,
  buildPerson,
  buildTextDocument,
  call,
  expectError,
  expectOk,
  listThreads,
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

interface Scene {
  documentId: string;
  owner: Person;
  editor: Person;
  author: Person;
  reader: Person;
  threadId: string;
  commentId: string;
}

/** A document with a thread whose reply (by `author`) is the one to moderate. */
async function scene(): Promise<Scene> {
  const owner = await buildPerson(server, null, null, { name: 'Olga Ägare' });
  const documentId = await buildTextDocument(server.storage, owner.user.id, 'Första stycket.');
  const editor = await buildPerson(server, documentId, 'editor');
  const author = await buildPerson(server, documentId, 'commenter');
  const reader = await buildPerson(server, documentId, 'commenter');
  const thread = await startThread(server, reader, documentId, {
    target: blockTarget('p1'),
    body: 'Opening',
  });
  const comment = await reply(server, author, thread.id, {
    body: 'Personnummer 19121212-1212',
    mentions: [reader.user.id],
  });
  return { documentId, owner, editor, author, reader, threadId: thread.id, commentId: comment.id };
}

const REASON = 'Innehåller personuppgifter.';

describe('hiding a comment', () => {
  it('lets the owner hide a comment with a reason, keeps it, and logs it', async () => {
    const { documentId, owner, author, reader, commentId } = await scene();
    const hidden = await expectOk(
      await call(server, owner, 'POST', `/comments/${commentId}/hide`, { reason: REASON }),
      200,
      commentSchema,
    );
    expect(hidden).toMatchObject({
      body: 'Personnummer 19121212-1212',
      hidden: { reason: REASON, by: { id: owner.user.id, name: 'Olga Ägare' } },
    });

    // The owner still sees the words and the reason.
    const asOwner = (await listThreads(server, owner, documentId))[0]?.comments[1];
    expect(asOwner).toMatchObject({
      body: 'Personnummer 19121212-1212',
      hidden: { reason: REASON },
    });
    expect(asOwner?.mentions.map((person) => person.id)).toEqual([reader.user.id]);

    // Other members see that it was hidden, not what it said or why.
    const asReader = (await listThreads(server, reader, documentId))[0]?.comments[1];
    expect(asReader).toMatchObject({ body: '', mentions: [], hidden: { reason: '' } });
    expect(asReader?.hidden?.by.id).toBe(owner.user.id);

    // The author is told why, but the body is withheld from them too.
    const asAuthor = (await listThreads(server, author, documentId))[0]?.comments[1];
    expect(asAuthor).toMatchObject({ body: '', hidden: { reason: REASON } });

    // The comment is kept as written.
    expect((await server.storage.comments.get(commentId))?.body).toBe('Personnummer 19121212-1212');
    const [entry] = await server.storage.audit.listForDocument(documentId, 10);
    expect(entry).toMatchObject({
      action: 'comment-hidden',
      actorId: owner.user.id,
      subjectId: author.user.id,
      details: { commentId, reason: REASON },
    });
  });

  it('lets site admins hide, and refuses editors, commenters and the author', async () => {
    const { owner, editor, author, reader, commentId } = await scene();
    for (const refused of [editor, author, reader]) {
      await expectError(
        await call(server, refused, 'POST', `/comments/${commentId}/hide`, { reason: REASON }),
        403,
        'forbidden',
      );
    }
    expect((await server.storage.comments.get(commentId))?.hidden).toBeNull();
    const admin = await buildPerson(server, null, null, { isAdmin: true });
    const response = await call(server, admin, 'POST', `/comments/${commentId}/hide`, {
      reason: REASON,
    });
    expect(response.status).toBe(200);
    // Hiding twice is a conflict, not a second audit entry.
    await expectError(
      await call(server, owner, 'POST', `/comments/${commentId}/hide`, { reason: 'again' }),
      409,
      'conflict',
    );
  });

  it('requires a reason', async () => {
    const { owner, commentId } = await scene();
    for (const body of [
      {},
      { reason: '   ' },
      { reason: 'x'.repeat(MAX_HIDE_REASON_LENGTH + 1) },
    ]) {
      await expectError(
        await call(server, owner, 'POST', `/comments/${commentId}/hide`, body),
        400,
        'invalid_input',
      );
    }
    await expectError(
      await call(server, owner, 'POST', '/comments/nope/hide', { reason: REASON }),
      404,
      'not_found',
    );
  });

  it('keeps a hidden comment from being edited by its author', async () => {
    const { owner, author, commentId } = await scene();
    await call(server, owner, 'POST', `/comments/${commentId}/hide`, { reason: REASON });
    await expectError(
      await call(server, author, 'PATCH', `/comments/${commentId}`, { body: 'Sneaky' }),
      409,
      'conflict',
    );
  });
});

describe('showing a hidden comment again', () => {
  it('lets the owner unhide; everyone sees it again, and it is logged', async () => {
    const { documentId, owner, editor, reader, commentId } = await scene();
    await call(server, owner, 'POST', `/comments/${commentId}/hide`, { reason: REASON });
    await expectError(
      await call(server, editor, 'DELETE', `/comments/${commentId}/hide`),
      403,
      'forbidden',
    );
    const shown = await expectOk(
      await call(server, owner, 'DELETE', `/comments/${commentId}/hide`),
      200,
      commentSchema,
    );
    expect(shown.hidden).toBeNull();
    const asReader = (await listThreads(server, reader, documentId))[0]?.comments[1];
    expect(asReader).toMatchObject({ body: 'Personnummer 19121212-1212', hidden: null });
    const [entry] = await server.storage.audit.listForDocument(documentId, 10);
    expect(entry).toMatchObject({ action: 'comment-unhidden', actorId: owner.user.id });
    await expectError(
      await call(server, owner, 'DELETE', `/comments/${commentId}/hide`),
      409,
      'conflict',
    );
  });
});
