import { Document } from '@hocuspocus/server';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { presenceName } from '../../shared/editor/presenceName.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { buildDocument, buildUser } from '../test/factories.ts';
import { rawAuthFrame, rawFrame } from '../test/rawFrames.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import { MessageType } from './collabMessage.ts';
import { batchPresence } from './PresenceBatchExtension.ts';

describe('batchPresence', () => {
  it("replaces Hocuspocus' own presence relay, and says so", () => {
    const document = new Document('presence-batch-unit');
    expect(batchPresence(document, 50)).toBe(true);
    // Hocuspocus' listener is gone now: a second call finds nothing to take over.
    expect(batchPresence(document, 50)).toBe(false);
    document.destroy();
  });
});

describe('batched presence on the collaboration socket', () => {
  let server: TestServer;
  let documentId: string;
  const clients: TestClient[] = [];
  const people: { id: string; name: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    documentId = (await buildDocument(server.storage, server.owner.id)).id;
    for (const name of ['Anna Svensson', 'Bo Ek']) {
      const user = await buildUser(server.storage, {
        name,
        organisation: 'DIGG',
        role: 'commenter',
        documentId,
      });
      people.push({ id: user.id, name: presenceName(user) });
    }
  });

  afterAll(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server.close();
  });

  const connect = (userId: string) => {
    const client = connectClient(
      server.url,
      documentId,
      () => server.tokens.issue(userId, documentId).token,
    );
    clients.push(client);
    return client;
  };

  /** What `watcher` shows of the others: name → cursor. */
  const shown = (watcher: TestClient) =>
    new Map(
      [...(watcher.provider.awareness?.getStates().values() ?? [])].map((state) => {
        const { user, cursor } = state as { user?: { name?: string }; cursor?: unknown };
        return [user?.name, cursor];
      }),
    );

  it('relays every caret to every peer, the latest state last, in fewer frames', async () => {
    const [anna, bo] = people;
    if (!anna || !bo) throw new Error('no people');
    const watcher = connect(server.owner.id);
    const first = connect(anna.id);
    const second = connect(bo.id);
    await Promise.all([watcher.synced, first.synced, second.synced]);

    let framesSeen = 0;
    watcher.provider.awareness?.on('update', (_change: unknown, origin: unknown) => {
      if (origin !== 'local') framesSeen += 1;
    });
    first.provider.setAwarenessField('user', { name: anna.name, color: '#123456' });
    second.provider.setAwarenessField('user', { name: bo.name, color: '#654321' });
    await expect
      .poll(() => [...shown(watcher).keys()].sort(), { timeout: 5_000 })
      .toEqual(expect.arrayContaining([anna.name, bo.name]));

    // Both move their caret 10 times in a row, within guardFrames' burst allowance (20), so no
    // update is dropped for its rate; unbatched, each move would be a frame of its own.
    framesSeen = 0;
    for (let position = 1; position <= 10; position += 1) {
      first.provider.setAwarenessField('cursor', { position });
      second.provider.setAwarenessField('cursor', { position: position * 100 });
    }
    await expect
      .poll(() => [shown(watcher).get(anna.name), shown(watcher).get(bo.name)], {
        timeout: 5_000,
      })
      .toEqual([{ position: 10 }, { position: 1_000 }]);
    // 20 moves reached the watcher, in fewer frames than moves: they were batched.
    expect(framesSeen).toBeGreaterThan(0);
    expect(framesSeen).toBeLessThan(20);
    // And the peers see each other, not only the watcher.
    await expect
      .poll(() => shown(first).get(bo.name), { timeout: 5_000 })
      .toEqual({ position: 1_000 });
  });

  it("removes a person's presence from the others when their socket drops", async () => {
    const [anna] = people;
    if (!anna) throw new Error('no people');
    const watcher = connect(server.owner.id);
    await watcher.synced;
    // A raw socket, cut without a goodbye: only the server's record of which client ids arrived
    // on that socket can remove its presence (a provider that is destroyed says so itself).
    const presence = new Awareness(new Y.Doc());
    presence.setLocalState({
      user: { name: anna.name, color: '#123456' },
      cursor: { position: 7 },
    });
    const update = encodeAwarenessUpdate(presence, [presence.clientID]);
    const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/collab`);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(rawAuthFrame(documentId, server.tokens.issue(anna.id, documentId).token));
    socket.send(
      rawFrame(documentId, MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update)),
    );
    await expect
      .poll(() => shown(watcher).get(anna.name), { timeout: 5_000 })
      .toEqual({ position: 7 });
    socket.terminate();
    await expect
      .poll(() => watcher.provider.awareness?.getStates().has(presence.clientID), {
        timeout: 5_000,
      })
      .toBe(false);
    presence.destroy();
  });
});
