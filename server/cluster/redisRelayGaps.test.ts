import type { ChildProcess } from 'node:child_process';
import * as decoding from 'lib0/decoding';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { threadSchema } from '../../shared/api/comments.ts';
import type { ServerMessage } from '../../shared/api/serverMessages.ts';
import { decodeCollabMessage } from '../collab/collabMessage.ts';
import { sleep } from '../hardening/soakTools.ts';
import { clusterParticipants, writeParagraph } from '../test/clusterParticipants.ts';
import { freePort, type StartedChildServer } from '../test/childServer.ts';
import { waitFor } from '../test/commentFixtures.ts';
import { startCuttableProxy, type CuttableProxy } from '../test/cuttableProxy.ts';
import { callApi, type HttpPerson } from '../test/httpPerson.ts';
import type { RecordedClient } from '../test/recordedClient.ts';
import { redisServerInstalled, startRedisServer } from '../test/redisServer.ts';
import { POSTGRES_SKIP_REASON, postgresTestUrl } from '../test/testPostgres.ts';
import { startTwoNodeCluster, type TwoNodeCluster } from '../test/twoNodeCluster.ts';

/**
 * Two gaps in what Redis carries between nodes. Cluster events published while a node cannot
 * reach Redis are lost, so the node re-reads roles and tells its clients to refetch once it is
 * back (ClusterResync). And presence a node received from Redis must not be published again
 * (RemoteAwarenessClocks).
 *
 * The nodes use a Redis of this file's own, each through a proxy the test cuts to take Redis
 * away from one node only. Its own, because cluster events share one channel, and on the shared
 * test Redis the "events lost" message would make every other test file's nodes re-check too.
 */
const postgresUrl = postgresTestUrl();
const REDIS_MISSING =
  'Redis relay gap tests skipped: redis-server is not installed (.ci/run installs it)';
if (postgresUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);
if (!redisServerInstalled) it.skip(REDIS_MISSING, () => undefined);

/** Generous: a node reconnects to Redis within ioredis' longest back-off (2 s) of its return. */
const CATCH_UP_TIMEOUT_MS = 20_000;
/** How long the test watches for something that must not arrive (an event lost, a republish). */
const QUIET_WINDOW_MS = 750;
/** The channel cluster events travel on (RedisCluster). */
const EVENTS_CHANNEL = 'remiss:events';

function told(client: RecordedClient, matches: (message: ServerMessage) => boolean): boolean {
  return client.messages.some(({ message }) => matches(message));
}

/**
 * Awareness entries published on a document's channel, read as the nodes read them: the
 * extension's envelope (identifier length, identifier), then a Hocuspocus message.
 */
interface PublishedState {
  from: string;
  clientId: number;
  clock: number;
  state: unknown;
}

function publishedStates(data: Buffer): PublishedState[] {
  const identifierLength = data[0] ?? 0;
  const from = data.toString('utf-8', 1, identifierLength + 1);
  const message = decodeCollabMessage(data.subarray(identifierLength + 1));
  if (message.kind !== 'awareness') return [];
  const decoder = decoding.createDecoder(message.update);
  const states: PublishedState[] = [];
  const count = decoding.readVarUint(decoder);
  for (let index = 0; index < count; index += 1) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    states.push({ from, clientId, clock, state });
  }
  return states;
}

function probeOf(state: unknown): unknown {
  return typeof state === 'object' && state !== null && 'probe' in state ? state.probe : undefined;
}

describe.skipIf(postgresUrl === null || !redisServerInstalled)('Redis relay gaps', () => {
  let redis: ChildProcess;
  let proxyA: CuttableProxy;
  let proxyB: CuttableProxy;
  let cluster: TwoNodeCluster;
  const participants = clusterParticipants(() => cluster, 'gap');
  const { person } = participants;
  // Past its handshake, too: the tests count what a socket was told from then on.
  const connectOn = (node: StartedChildServer, documentId: string, who: HttpPerson | null) =>
    participants.connectOn(node, documentId, who, { handshake: true });

  beforeAll(async () => {
    const port = await freePort();
    redis = await startRedisServer(port);
    const redisUrl = `redis://127.0.0.1:${port}`;
    proxyA = await startCuttableProxy({ host: '127.0.0.1', port });
    proxyB = await startCuttableProxy({ host: '127.0.0.1', port });
    cluster = await startTwoNodeCluster({
      postgresAdminUrl: postgresUrl ?? '',
      redisUrl,
      nodeRedisUrls: [proxyA.urlFor(redisUrl), proxyB.urlFor(redisUrl)],
    });
  }, 120_000);

  afterEach(async () => {
    participants.destroyAll();
    // A failed test must not leave a node cut off for the next one.
    await Promise.all([proxyA.mend(), proxyB.mend()]);
  });

  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([proxyA?.close(), proxyB?.close()]);
    redis?.kill('SIGKILL');
  });

  async function documentWithText(title: string): Promise<string> {
    const documentId = await cluster.createDocument(title);
    const writer = await connectOn(cluster.a, documentId, null);
    writeParagraph(writer.ydoc, 'p1', 'Myndigheten ska publicera sin rapport.');
    await writer.allAcked();
    return documentId;
  }

  /** Nodes subscribed to the cluster channel, as the Redis server counts them. */
  async function eventSubscribers(): Promise<number> {
    const answer = await cluster.redis.client.pubsub('NUMSUB', EVENTS_CHANNEL);
    return Number(answer[1]);
  }

  /** Cuts `proxy` and waits until Redis has dropped that node's subscription. */
  async function cutOff(proxy: CuttableProxy): Promise<void> {
    await proxy.cut();
    let subscribers = await eventSubscribers();
    const deadline = performance.now() + 10_000;
    while (subscribers !== 1 && performance.now() < deadline) {
      subscribers = await eventSubscribers();
      if (subscribers !== 1) await sleep(20);
    }
    expect(subscribers).toBe(1);
  }

  it('publishes a caret move once, and presence still reaches the other node both ways', async () => {
    const documentId = await documentWithText('Närvaro');
    const onA = await connectOn(cluster.a, documentId, null);
    const onB = await connectOn(cluster.b, documentId, null);
    const published: PublishedState[] = [];
    const listener = new Redis(cluster.redis.url, { maxRetriesPerRequest: 1 });
    try {
      listener.on('messageBuffer', (_channel: Buffer, data: Buffer) => {
        published.push(...publishedStates(data));
      });
      await listener.subscribe(`remiss:documents:${documentId}`);

      const sees = (client: RecordedClient, clientId: number, value: string) =>
        probeOf(client.provider.awareness?.getStates().get(clientId)) === value;
      onA.provider.setAwarenessField('probe', 'caret on A');
      await waitFor(() => sees(onB, onA.ydoc.clientID, 'caret on A'), 5_000, "A's caret on B");
      onB.provider.setAwarenessField('probe', 'caret on B');
      await waitFor(() => sees(onA, onB.ydoc.clientID, 'caret on B'), 5_000, "B's caret on A");
      // A republish would follow the receiving node's apply by one Redis round trip.
      await sleep(QUIET_WINDOW_MS);

      const fromA = published.filter(
        (entry) => entry.clientId === onA.ydoc.clientID && probeOf(entry.state) === 'caret on A',
      );
      const fromB = published.filter(
        (entry) => entry.clientId === onB.ydoc.clientID && probeOf(entry.state) === 'caret on B',
      );
      expect(fromA, JSON.stringify(published)).toHaveLength(1);
      expect(fromB, JSON.stringify(published)).toHaveLength(1);
      // Each was published by the node its client is connected to, not by the other.
      expect(fromA[0]?.from).not.toBe(fromB[0]?.from);
    } finally {
      listener.disconnect();
    }
  });

  it("catches B's sockets up on a demotion and a comment made on A while B had no Redis", async () => {
    const documentId = await documentWithText('Avbrott hos B');
    const member = await person(documentId, 'editor');
    const commenter = await person(documentId, 'commenter');
    const editor = await connectOn(cluster.b, documentId, member);
    const reader = await connectOn(cluster.b, documentId, commenter);
    expect(editor.provider.authorizedScope).toBe('read-write');

    await cutOff(proxyB);
    await callApi(
      cluster.a.url,
      cluster.adminCookie,
      'PUT',
      `/documents/${documentId}/members/${member.id}`,
      { role: 'commenter' },
      200,
    );
    const created = await callApi(
      cluster.a.url,
      commenter.cookie,
      'POST',
      `/documents/${documentId}/threads`,
      {
        target: { selector: { type: 'TextQuoteSelector', exact: 'publicera sin rapport' } },
        body: 'Skrivet medan nod B saknade Redis.',
      },
      201,
    );
    const thread = threadSchema.parse(await created.json());
    // The events went to Redis while B was not subscribed: B's sockets heard nothing.
    await sleep(QUIET_WINDOW_MS);
    expect(told(editor, (m) => m.type === 'access-changed')).toBe(false);
    expect(told(reader, (m) => m.type === 'threads-changed')).toBe(false);

    const seenByReader = reader.messages.length;
    await proxyB.mend();
    await waitFor(
      () => told(editor, (m) => m.type === 'access-changed' && m.role === 'commenter'),
      CATCH_UP_TIMEOUT_MS,
      "the demotion to reach B's socket after Redis came back",
    );
    await waitFor(
      () =>
        reader.messages
          .slice(seenByReader)
          .some(({ message }) => message.type === 'threads-changed'),
      CATCH_UP_TIMEOUT_MS,
      "B's client to be told to fetch the threads again",
    );
    const resync = await cluster.b.waitForLog(
      (entry) => entry['message'] === 'caught up after lost cluster events',
    );
    expect(resync).toMatchObject({ rolesChanged: 1, closed: 0 });
    expect(resync['connections']).toBeGreaterThanOrEqual(2);

    // The refetch the client makes finds the comment, and the demoted socket is read-only: an
    // edit is refused, not stored.
    const threads = await callApi(
      cluster.b.url,
      commenter.cookie,
      'GET',
      `/documents/${documentId}/threads`,
      undefined,
      200,
    );
    expect(JSON.stringify(await threads.json())).toContain(thread.id);
    const storedBefore = await cluster.storedText(documentId);
    const seen = editor.statuses.length;
    writeParagraph(editor.ydoc, 'x1', 'Skrivet efter nedgraderingen.');
    await waitFor(() => editor.statuses.length > seen, 5_000, 'an answer to the edit');
    expect(editor.statuses.slice(seen).map((s) => s.status)).toEqual([0]);
    expect(await cluster.storedText(documentId)).toBe(storedBefore);
  });

  it('tells B to catch up when A could not publish a removal while A had no Redis', async () => {
    const documentId = await documentWithText('Avbrott hos A');
    const member = await person(documentId, 'editor');
    const editor = await connectOn(cluster.b, documentId, member);

    await cutOff(proxyA);
    await callApi(
      cluster.a.url,
      cluster.adminCookie,
      'DELETE',
      `/documents/${documentId}/members/${member.id}`,
      undefined,
      204,
    );
    // A gives up on the event once ioredis has retried it; B, still subscribed, never hears it.
    await cluster.a.waitForLog(
      (entry) =>
        entry['message'] === 'could not tell the other nodes' &&
        entry['event'] === 'access-changed',
      CATCH_UP_TIMEOUT_MS,
    );
    expect(editor.closeCodes).toEqual([]);

    await proxyA.mend();
    await waitFor(() => editor.closeCodes.length > 0, CATCH_UP_TIMEOUT_MS, "B's socket to close");
    expect(told(editor, (m) => m.type === 'access-changed' && m.role === null)).toBe(true);
    const resync = await cluster.b.waitForLog(
      (entry) =>
        entry['message'] === 'caught up after lost cluster events' &&
        String(entry['cause']).includes('could not publish'),
    );
    expect(resync).toMatchObject({ closed: 1 });
  });
});
