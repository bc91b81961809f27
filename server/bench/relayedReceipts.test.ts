import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { BLOCK_ID_ATTRIBUTE, YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { withTimeout } from '../hardening/soakTools.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { waitFor } from '../test/commentFixtures.ts';
import { httpCollabToken } from '../test/httpPerson.ts';
import { clusterTestServices } from '../test/testCluster.ts';
import { startTwoNodeCluster, type TwoNodeCluster } from '../test/twoNodeCluster.ts';
import {
  authFrame,
  peekFrame,
  syncStep1Frame,
  updateKey,
  updateOf,
  updateSpans,
} from './protocol.ts';

const TYPISTS = 3;
const KEYSTROKES = 40;

const services = clusterTestServices();
const skip = services === null;

/**
 * A bench watcher's view of one document on one node: a raw socket that reads every update frame
 * the node broadcasts as the load worker does, and the keystroke keys it found in them.
 */
async function watchOn(nodeUrl: string, cookie: string, documentId: string) {
  const token = await httpCollabToken(nodeUrl, cookie, documentId);
  const socket = new WebSocket(`${nodeUrl.replace(/^http/, 'ws')}/collab`);
  const keys = new Set<string>();
  let frames = 0;
  let framesWithSeveral = 0;
  let synced = false;
  socket.on('message', (data: Buffer) => {
    const peeked = peekFrame(data);
    if (peeked.kind === 'synced') synced = true;
    if (peeked.kind !== 'update') return;
    const carried = updateOf(data);
    if (!carried) return;
    let clocks = 0;
    for (const span of updateSpans(carried.update)) {
      for (let clock = span.from; clock < span.to; clock += 1) {
        keys.add(updateKey(span.client, clock));
        clocks += 1;
      }
    }
    frames += 1;
    if (clocks > 1) framesWithSeveral += 1;
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(authFrame(documentId, token));
  socket.send(syncStep1Frame(documentId, Uint8Array.of(0)));
  await waitFor(() => synced, 20_000, 'the watcher on node B did not sync');
  return {
    keys,
    frames: () => ({ frames, framesWithSeveral }),
    close: () => socket.close(),
  };
}

describe.skipIf(skip)('the bench counting keystrokes typed on one node and seen on another', () => {
  let cluster: TwoNodeCluster;
  const typists: TestClient[] = [];

  beforeAll(async () => {
    cluster = await startTwoNodeCluster({
      postgresAdminUrl: services?.postgresUrl ?? '',
      redisUrl: services?.redisUrl ?? '',
    });
  }, 120_000);

  afterAll(async () => {
    for (const typist of typists) typist.destroy();
    await cluster?.stop();
  });

  it('finds every keystroke in the frames node B broadcasts, however they were merged', async () => {
    const documentId = await cluster.createDocument('Kommunernas öppna data');
    const watcher = await watchOn(cluster.b.url, cluster.adminCookie, documentId);
    try {
      for (let index = 0; index < TYPISTS; index += 1) {
        const typist = connectClient(cluster.a.url, documentId, () =>
          httpCollabToken(cluster.a.url, cluster.adminCookie, documentId),
        );
        typists.push(typist);
        await withTimeout(typist.synced, 20_000, 'a typist on node A did not sync');
      }
      const texts = typists.map((typist, index) => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.setAttribute(BLOCK_ID_ATTRIBUTE, `typist-${index}`);
        const text = new Y.XmlText();
        paragraph.insert(0, [text]);
        const fragment = typist.ydoc.getXmlFragment(YJS_FRAGMENT);
        fragment.insert(fragment.length, [paragraph]);
        return text;
      });

      // Each keystroke its own update, the typists taking turns, as the bench's typists send them;
      // the key is the one a load worker records when sending.
      const typed: string[] = [];
      for (let stroke = 0; stroke < KEYSTROKES; stroke += 1) {
        typists.forEach((typist, index) => {
          const text = texts[index];
          if (!text) return;
          const { clientID, store } = typist.ydoc;
          typed.push(updateKey(clientID, Y.getState(store, clientID)));
          text.insert(text.length, 'Myndigheten'.charAt(stroke % 11));
        });
      }
      await Promise.all(typists.map((typist) => typist.allAcked()));

      // Waited for, then asserted, so that a failure names what is missing.
      await waitFor(() => typed.every((key) => watcher.keys.has(key)), 20_000, 'keystrokes').catch(
        () => undefined,
      );
      const missing = typed.filter((key) => !watcher.keys.has(key));
      expect(missing, `frames node B sent: ${JSON.stringify(watcher.frames())}`).toEqual([]);
    } finally {
      watcher.close();
    }
  });
});
