import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { listNotificationsResponseSchema } from '../../shared/api/notifications.ts';
import {
  blockTarget,
  buildPerson,
  buildTextDocument,
  call,
  expectOk,
  listThreads,
  quoteTarget,
  reply,
  startThread,
} from '../test/commentFixtures.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';

const servers: TestServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await server.destroy();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('comments are records', () => {
  it('survive a server restart: threads, replies, anchors, moderation, dispositions, inboxes', async () => {
    const dataDir = makeTempDir();
    dirs.push(dataDir);
    const first = await startTestServer({ dataDir });
    servers.push(first);
    const owner = await buildPerson(first, null, null);
    const documentId = await buildTextDocument(
      first.storage,
      owner.user.id,
      'The committee shall publish its report.',
      'Municipalities may apply.',
    );
    const commenter = await buildPerson(first, documentId, 'commenter');
    const editor = await buildPerson(first, documentId, 'editor');
    const thread = await startThread(first, commenter, documentId, {
      target: quoteTarget('publish its report'),
      body: 'Which report?',
      stance: 'question',
    });
    await startThread(first, commenter, documentId, { target: blockTarget('p2'), body: 'Good.' });
    const answer = await reply(first, editor, thread.id, {
      body: 'The annual one.',
      mentions: [commenter.user.id],
    });
    await call(first, owner, 'POST', `/comments/${answer.id}/hide`, { reason: 'Test' });
    await call(first, editor, 'PUT', `/threads/${thread.id}/disposition`, {
      value: 'accepted',
      reason: 'Clarified.',
    });
    await call(first, commenter, 'PATCH', `/threads/${thread.id}`, { status: 'resolved' });
    const beforeAsOwner = await listThreads(first, owner, documentId);
    const beforeAsCommenter = await listThreads(first, commenter, documentId);
    const inboxBefore = await expectOk(
      await call(first, commenter, 'GET', '/notifications'),
      200,
      listNotificationsResponseSchema,
    );
    expect(inboxBefore.unread).toBe(1);
    await first.close();
    servers.splice(0);

    const second = await startTestServer({ dataDir });
    servers.push(second);
    // Sessions live in the database too, so the same cookies still work.
    expect(await listThreads(second, owner, documentId)).toEqual(beforeAsOwner);
    expect(await listThreads(second, commenter, documentId)).toEqual(beforeAsCommenter);
    expect(
      await expectOk(
        await call(second, commenter, 'GET', '/notifications'),
        200,
        listNotificationsResponseSchema,
      ),
    ).toEqual(inboxBefore);
  });
});
