import fs from 'node:fs';
import { WebSocketStatus } from '@hocuspocus/provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { threadSchema } from '../../shared/api/comments.ts';
import { readinessResponseSchema } from '../../shared/api/health.ts';
import type { ServerMessage } from '../../shared/api/serverMessages.ts';
import { AuthorizationFailed } from '../../shared/closeCodes.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { collabToken, readTokens, sleep, withTimeout } from '../hardening/soakTools.ts';
import { startWriter, type Writer } from '../hardening/soakWriter.ts';
import { clusterParticipants, writeParagraph } from '../test/clusterParticipants.ts';
import {
  freePort,
  parseLogLine,
  spawnChildServer,
  type StartedChildServer,
} from '../test/childServer.ts';
import { connectClient, type TestClient } from '../test/collabClient.ts';
import { waitFor } from '../test/commentFixtures.ts';
import { heavyTestFile } from '../test/heavyTestLock.ts';
import { callApi, type HttpPerson } from '../test/httpPerson.ts';
import type { RecordedClient } from '../test/recordedClient.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import { clusterTestServices } from '../test/testCluster.ts';
import { startTwoNodeCluster, type TwoNodeCluster } from '../test/twoNodeCluster.ts';

// Loads both cores for tens of seconds: never beside another such file (heavyTestLock.ts).
heavyTestFile();

/**
 * What the issue promises across nodes: a comment posted through one node reaches the clients
 * of the other, and a role change made on one node takes effect on the other's sockets, each
 * within this long. A functional requirement, asserted as a deadline on the wait.
 */
const CROSS_NODE_DEADLINE_MS = 1_000;

/** How long a refused edit is watched for an acknowledgement that must not come. */
const REFUSAL_WINDOW_MS = 1_000;

const FAILOVER_WRITERS = 20;
/**
 * How the failover writers type: a token every 100–250 ms in bursts of 5–15, with a pause of
 * 200–600 ms after each, about what a person typing steadily sends (each keystroke is an
 * update); 20 of them send about 100 updates a second in all.
 */
const TYPING = {
  intervalMs: [100, 250],
  burstTokens: [5, 15],
  burstPauseMs: [200, 600],
} as const;
/**
 * Writers share a few accounts: MAX_CONNECTIONS_PER_USER counts per node, and after the
 * failover every writer is on node B.
 */
const WRITER_ACCOUNTS = 4;

const services = clusterTestServices();
const skip = services === null;

function textOf(client: TestClient): string {
  return client.ydoc.getXmlFragment(YJS_FRAGMENT).toJSON();
}

/** Waits for a condition until `deadlineAt` (a `performance.now()` time), then fails. */
function waitUntil(condition: () => boolean, deadlineAt: number, what: string): Promise<void> {
  return waitFor(condition, Math.max(0, deadlineAt - performance.now()), what);
}

/** A node's warnings and errors, counted by message, with the first few in full. */
function troubleOf(node: StartedChildServer): string {
  const entries = node.stdout
    .map(parseLogLine)
    .filter((entry) => entry !== null && (entry['level'] === 'warn' || entry['level'] === 'error'));
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const message = String(entry?.['message']);
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  return (
    `${JSON.stringify(Object.fromEntries(counts))}\n` +
    entries
      .slice(0, 3)
      .map((entry) => JSON.stringify(entry).slice(0, 600))
      .join('\n') +
    `\nstderr: ${node.stderr.slice(-10).join('\n')}`
  );
}

function hasMessage(client: RecordedClient, matches: (message: ServerMessage) => boolean) {
  return client.messages.some(({ message }) => matches(message));
}

describe('a node with REDIS_URL', () => {
  it('refuses to start without a PostgreSQL DATABASE_URL, and says why', async () => {
    const dataDir = makeTempDir('remiss-cluster-refused-');
    try {
      const node = spawnChildServer({
        dataDir,
        port: await freePort(),
        env: { REDIS_URL: 'redis://:hemligt@127.0.0.1:1' },
      });
      const exit = await withTimeout(node.exited, 30_000, 'the node did not exit');
      expect(exit.code, node.output()).toBe(1);
      expect(node.stderr.join('\n')).toContain(
        'REDIS_URL: several nodes need a shared database; set DATABASE_URL to a postgres:// URL',
      );
      expect(node.output()).not.toContain('hemligt');
      // It refused before touching DATA_DIR: no SQLite database was created there.
      expect(fs.readdirSync(dataDir)).toEqual([]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skip)('two nodes on PostgreSQL and Redis', () => {
  let cluster: TwoNodeCluster;
  const participants = clusterParticipants(() => cluster, 'person');
  const { clients, person, connectOn } = participants;

  beforeAll(async () => {
    cluster = await startTwoNodeCluster({
      postgresAdminUrl: services?.postgresUrl ?? '',
      redisUrl: services?.redisUrl ?? '',
    });
  }, 120_000);

  afterEach(() => participants.destroyAll());

  afterAll(async () => {
    await cluster?.stop();
  });

  /** A document holding two paragraphs, typed by the admin on node B and stored. */
  async function documentWithText(title: string): Promise<string> {
    const documentId = await cluster.createDocument(title);
    const writer = await connectOn(cluster.b, documentId, null);
    writeParagraph(writer.ydoc, 'p1', 'Myndigheten ska publicera sin rapport.');
    writeParagraph(writer.ydoc, 'p2', 'Remissvar lämnas senast i maj.');
    await writer.allAcked();
    return documentId;
  }

  it("reports the database and Redis separately in each node's readiness", async () => {
    for (const node of [cluster.a, cluster.b]) {
      const ready = await fetch(`${node.url}/api/health/ready`);
      expect(ready.status).toBe(200);
      expect(readinessResponseSchema.parse(await ready.json())).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'ok', node: 'ok' },
      });
      const health = await fetch(`${node.url}/api/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    }
  });

  it('lets providers on node A and node B co-edit one document and converge', async () => {
    const documentId = await cluster.createDocument('Samredigering');
    const onA = await connectOn(cluster.a, documentId, null);
    const onB = await connectOn(cluster.b, documentId, null);

    writeParagraph(onA.ydoc, 'a1', 'Skrivet på nod A.');
    writeParagraph(onB.ydoc, 'b1', 'Skrivet på nod B.');
    await Promise.all([onA.allAcked(), onB.allAcked()]);
    await waitFor(
      () => textOf(onA) === textOf(onB) && textOf(onA).includes('nod B'),
      5_000,
      'the two providers to converge',
    );
    for (const client of [onA, onB]) {
      expect(textOf(client)).toContain('Skrivet på nod A.');
      expect(textOf(client)).toContain('Skrivet på nod B.');
    }
    // Both edits were acknowledged, so both are committed, whichever node took them.
    expect(await cluster.storedText(documentId)).toBe(textOf(onA));

    // Awareness too: presence set by a client of A is seen by a client of B.
    onA.provider.setAwarenessField('probe', 'närvaro från nod A');
    await waitFor(
      () => onB.provider.awareness?.getStates().get(onA.ydoc.clientID)?.['probe'] !== undefined,
      5_000,
      "A's presence on B",
    );
    expect(onB.provider.awareness?.getStates().get(onA.ydoc.clientID)?.['probe']).toBe(
      'närvaro från nod A',
    );
  });

  it('brings a comment posted through node A to a client of node B within 1 s', async () => {
    const documentId = await documentWithText('Kommentarer');
    const commenter = await person(documentId, 'commenter');
    const listener = await connectOn(cluster.b, documentId, commenter);

    const postedAt = performance.now();
    const response = await callApi(
      cluster.a.url,
      commenter.cookie,
      'POST',
      `/documents/${documentId}/threads`,
      {
        target: { selector: { type: 'TextQuoteSelector', exact: 'publicera sin rapport' } },
        body: 'Hur ofta?',
      },
      201,
    );
    const answeredAt = performance.now();
    const thread = threadSchema.parse(await response.json());
    const reached = (threadId: string, since = 0) =>
      listener.messages
        .slice(since)
        .some(
          ({ message }) =>
            message.type === 'threads-changed' && message.threadIds.includes(threadId),
        );
    await waitUntil(
      () => reached(thread.id),
      answeredAt + CROSS_NODE_DEADLINE_MS,
      `threads-changed for ${thread.id} on node B`,
    );
    const threadMs = performance.now() - answeredAt;

    const before = listener.messages.length;
    const repliedAt = performance.now();
    await callApi(
      cluster.a.url,
      commenter.cookie,
      'POST',
      `/threads/${thread.id}/comments`,
      { body: 'Varje år, enligt lagen.' },
      201,
    );
    const replyAnsweredAt = performance.now();
    await waitUntil(
      () => reached(thread.id, before),
      replyAnsweredAt + CROSS_NODE_DEADLINE_MS,
      'threads-changed for the reply on node B',
    );
    console.log(
      `POST thread on A: ${(answeredAt - postedAt).toFixed(0)} ms; answer to message on B: ` +
        `${threadMs.toFixed(0)} ms; reply POST ${(replyAnsweredAt - repliedAt).toFixed(0)} ms`,
    );
  });

  it("makes a demotion on node A read-only on node B's socket within 1 s", async () => {
    const documentId = await documentWithText('Rollbyte');
    const member = await person(documentId, 'editor');
    const editor = await connectOn(cluster.b, documentId, member);
    await waitFor(() => editor.statuses.length > 0, 5_000, 'the handshake ack');
    expect(editor.provider.authorizedScope).toBe('read-write');
    const storedBefore = await cluster.storedText(documentId);

    await callApi(
      cluster.a.url,
      cluster.adminCookie,
      'PUT',
      `/documents/${documentId}/members/${member.id}`,
      { role: 'commenter' },
      200,
    );
    const changedAt = performance.now();
    await waitUntil(
      () => hasMessage(editor, (m) => m.type === 'access-changed' && m.role === 'commenter'),
      changedAt + CROSS_NODE_DEADLINE_MS,
      'access-changed on node B',
    );
    const toldMs = performance.now() - changedAt;

    // An edit sent once B's socket has been told is refused: not applied, not acknowledged,
    // not stored, and not shown to anyone.
    const seen = editor.statuses.length;
    writeParagraph(editor.ydoc, 'x1', 'Skrivet efter nedgraderingen.');
    await waitFor(() => editor.statuses.length > seen, REFUSAL_WINDOW_MS, 'an answer to the edit');
    await sleep(REFUSAL_WINDOW_MS);
    expect(editor.statuses.slice(seen).map((s) => s.status)).toEqual([0]);
    expect(editor.provider.unsyncedChanges).toBeGreaterThan(0);
    expect(await cluster.storedText(documentId)).toBe(storedBefore);
    const owner = await connectOn(cluster.a, documentId, null);
    expect(textOf(owner)).not.toContain('efter nedgraderingen');
    console.log(`demotion on A to access-changed on B: ${toldMs.toFixed(0)} ms`);
  });

  it("closes a removed member's socket on node B within 1 s", async () => {
    const documentId = await documentWithText('Borttagning');
    const member = await person(documentId, 'editor');
    const editor = await connectOn(cluster.b, documentId, member, { keepToken: true });
    await waitFor(() => editor.statuses.length > 0, 5_000, 'the handshake ack');

    await callApi(
      cluster.a.url,
      cluster.adminCookie,
      'DELETE',
      `/documents/${documentId}/members/${member.id}`,
      undefined,
      204,
    );
    const removedAt = performance.now();
    await waitUntil(
      () => editor.closeCodes.length > 0,
      removedAt + CROSS_NODE_DEADLINE_MS,
      "the removed member's socket on node B to close",
    );
    const closedMs = (editor.closeCodes[0]?.at ?? Infinity) - removedAt;
    expect(editor.closeCodes[0]?.code).toBe(AuthorizationFailed.code);
    expect(hasMessage(editor, (m) => m.type === 'access-changed' && m.role === null)).toBe(true);

    // The provider reconnects by itself (to B again) with its kept token; B refuses it, and
    // node A no longer hands out a new one.
    await waitFor(() => editor.authenticationFailures.length > 0, 5_000, 'the reconnect');
    expect(editor.authenticationFailures[0]).toBe(AuthorizationFailed.reason);
    const token = await callApi(
      cluster.a.url,
      member.cookie,
      'POST',
      `/documents/${documentId}/collab-token`,
    );
    expect(token.status).toBe(403);
    console.log(`removal on A to close on B: ${closedMs.toFixed(0)} ms`);
  });

  // Kills node A, so it runs last; the tests above need both nodes.
  it(
    'loses 0 acknowledged edits when node A is killed while 20 writers type',
    { timeout: 180_000 },
    async () => {
      const seed = Number(
        process.env['REMISS_FAILOVER_SEED'] ?? Math.floor(Math.random() * 2 ** 32),
      );
      const context = `seed ${seed} (replay with REMISS_FAILOVER_SEED=${seed})`;
      const documentId = await cluster.createDocument('Failover');
      const writersOf: HttpPerson[] = [];
      for (let i = 0; i < WRITER_ACCOUNTS; i += 1)
        writersOf.push(await person(documentId, 'editor'));

      const balancer = cluster.balancer;
      const writers: Writer[] = [];
      const closedAt = new Map<number, number>();
      let acknowledged: () => void = () => undefined;
      const firstAck = new Promise<void>((resolve) => {
        acknowledged = resolve;
      });
      let writing = true;
      for (let index = 0; index < FAILOVER_WRITERS; index += 1) {
        const account = writersOf[index % WRITER_ACCOUNTS] ?? writersOf[0];
        const cookie = account?.cookie ?? '';
        // Through the balancer, tokens included: a token request may land on either node.
        const client = connectClient(balancer.url, documentId, () =>
          collabToken(balancer.url, cookie, documentId),
        );
        clients.push(client);
        client.socket.on('close', () => {
          if (!closedAt.has(index)) closedAt.set(index, performance.now());
        });
        const source = seededRandom(seed ^ Math.imul(index + 1, 0x9e3779b1));
        writers.push(
          startWriter(client, {
            tag: 'fo',
            index,
            random: () => source.next(),
            rhythm: TYPING,
            isWriting: () => writing,
            onAck: () => acknowledged(),
          }),
        );
      }
      /** Rethrows with what each writer and node was doing, for a wait that timed out. */
      const diagnose = (error: unknown): never => {
        const states = writers.map(({ client }) =>
          [
            client.socket.status,
            client.provider.isAuthenticated ? 'auth' : 'no-auth',
            client.provider.synced ? 'synced' : 'unsynced',
            client.provider.unsyncedChanges,
          ].join('/'),
        );
        throw new Error(
          `${String(error)}\nwriters (socket/auth/sync/unsynced changes): ${states.join(', ')}` +
            `\nnode A: ${troubleOf(cluster.a)}\nnode B: ${troubleOf(cluster.b)}`,
        );
      };
      const startedAt = performance.now();
      try {
        await withTimeout(
          Promise.all(writers.map((writer) => writer.client.synced)),
          30_000,
          `the writers did not sync; ${context}`,
        ).catch(diagnose);
        const syncedMs = performance.now() - startedAt;
        const openOnA = balancer.open().get(cluster.a.port) ?? 0;
        const openOnB = balancer.open().get(cluster.b.port) ?? 0;

        await withTimeout(firstAck, 20_000, `no edit was acknowledged; ${context}`).catch(diagnose);
        // Kill while every writer is well under way: five acknowledged edits each, on average.
        await waitFor(
          () =>
            writers.reduce((sum, writer) => sum + writer.acked.length, 0) >= 5 * FAILOVER_WRITERS,
          30_000,
          `${5 * FAILOVER_WRITERS} acknowledged edits before the kill; ${context}`,
        ).catch(diagnose);
        closedAt.clear();
        const killedAt = performance.now();
        const ackedAtKill = new Set(writers.flatMap((writer) => writer.acked));
        const writtenAtKill = new Set(writers.flatMap((writer) => writer.written));
        cluster.a.kill('SIGKILL');
        expect((await cluster.a.exited).signal).toBe('SIGKILL');

        // Every writer is (again) connected, authenticated and synced: to node B, the only
        // node the balancer can reach now. The kill reaches the writers' sockets through the
        // balancer, in this process, in no fixed order with the child's exit: until one of
        // them has seen its socket close, every writer may still look connected to node A.
        await waitFor(
          () =>
            closedAt.size > 0 &&
            writers.every(
              (writer) =>
                writer.client.socket.status === WebSocketStatus.Connected &&
                writer.client.provider.isAuthenticated &&
                writer.client.provider.synced,
            ),
          60_000,
          `a writer to lose node A, and every writer to be connected again; ${context}`,
        ).catch(diagnose);
        const reconnectedMs = performance.now() - killedAt;
        // Keep typing until every writer that lost node A has typed on node B (a writer types
        // only while connected and authenticated), rather than for a fixed time, which a loaded
        // machine could spend reconnecting. A writer whose close arrives late joins `closedAt`
        // late and is waited for too. Their acknowledgements are awaited below, once they stop.
        const typedOnBByEveryMoved = () =>
          closedAt.size > 0 &&
          [...closedAt.keys()].every((index) =>
            (writers[index]?.written ?? []).some((token) => !writtenAtKill.has(token)),
          );
        await waitFor(
          typedOnBByEveryMoved,
          30_000,
          `every writer that lost node A to type on node B; ${context}`,
        ).catch(diagnose);
        writing = false;
        for (const writer of writers) writer.stop();
        // Best effort: let edits in flight be acknowledged, so that more of them are checked.
        const stoppedAt = performance.now();
        await Promise.allSettled(writers.map((writer) => writer.client.allAcked(10_000)));
        const settledMs = performance.now() - stoppedAt;

        const acked = writers.flatMap((writer) => writer.acked);
        const written = writers.flatMap((writer) => writer.written);
        const moved = [...closedAt.keys()];
        const ackedAfterKillByMoved = moved
          .flatMap((index) => writers[index]?.acked ?? [])
          .filter((token) => !ackedAtKill.has(token));
        for (const client of clients.splice(0)) client.destroy();
        // Node B is killed too: only what PostgreSQL committed can be read now.
        await cluster.b.stop();

        const fresh = await cluster.startNode({ redis: false });
        const present = await readTokens(fresh, documentId);
        const lost = acked.filter((token) => !present.has(token));
        const ackedSet = new Set(acked);
        const figures = {
          writers: FAILOVER_WRITERS,
          openAtStart: { a: openOnA, b: openOnB },
          movedWriters: moved.length,
          written: written.length,
          acked: acked.length,
          ackedBeforeKill: ackedAtKill.size,
          ackedAfterKill: acked.length - ackedAtKill.size,
          ackedAfterKillByMoved: ackedAfterKillByMoved.length,
          unackedSurvived: written.filter((t) => !ackedSet.has(t) && present.has(t)).length,
          syncedMs: Math.round(syncedMs),
          reconnectedMs: Math.round(reconnectedMs),
          settledMs: Math.round(settledMs),
          freshNodeStartupMs: Math.round(fresh.startupMs),
          lost: lost.length,
        };
        console.log(`failover, ${context}: ${JSON.stringify(figures)}`);
        if (lost.length > 0) {
          const rows = await cluster.inspectRows(documentId);
          console.log(
            `failover, ${context}: state covers seq ${rows.coversSeq}; log seqs ` +
              `${rows.logSeqs[0] ?? '-'}..${rows.logSeqs.at(-1) ?? '-'} (${rows.logSeqs.length} rows); ` +
              `lost tokens in the state row: ${lost.filter((t) => rows.stateText.includes(t)).length}, ` +
              `in state + every log row: ${lost.filter((t) => rows.allLogText.includes(t)).length}`,
          );
        }

        expect(lost, `acknowledged edits lost after SIGKILL of node A; ${context}`).toEqual([]);
        expect(ackedAtKill.size, `nothing acked before the kill; ${context}`).toBeGreaterThan(0);
        expect(moved.length, `no writer had to move; ${context}`).toBeGreaterThan(0);
        expect(
          ackedAfterKillByMoved.length,
          `the moved writers had nothing acknowledged on node B; ${context}`,
        ).toBeGreaterThan(0);
      } finally {
        writing = false;
        for (const writer of writers) writer.stop();
      }
    },
  );
});
