import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { healthResponseSchema, readinessResponseSchema } from '../../shared/api/health.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { freePort } from '../test/childServer.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import { buildDocument, LOCAL_USER_ID } from '../test/factories.ts';
import { redisServerInstalled, startRedisServer } from '../test/redisServer.ts';
import { startTestServer, type TestServer } from '../test/startTestServer.ts';
import {
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  postgresTestUrl,
  type TestDatabase,
} from '../test/testPostgres.ts';
import { insertText, paragraphsDoc } from '../test/yEdits.ts';

/**
 * Redis going away under a running node: edits are still stored and acknowledged (PostgreSQL
 * holds them), the node stays up, health and readiness name Redis, and once Redis is back the
 * node relays again. The test runs a Redis of its own, since it kills it.
 */
const postgresUrl = postgresTestUrl();
const redisServer = redisServerInstalled;
const REDIS_MISSING =
  'Redis outage test skipped: redis-server is not installed (.ci/run installs it)';
if (postgresUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);
if (!redisServer) it.skip(REDIS_MISSING, () => undefined);

describe.skipIf(postgresUrl === null || !redisServer)('a node whose Redis goes away', () => {
  let database: TestDatabase;
  let node: TestServer;
  let redis: ChildProcess;
  let port: number;
  let client: TestClient | null = null;
  let other: TestClient | null = null;

  beforeAll(async () => {
    database = await createTestDatabase(postgresUrl ?? '');
    port = await freePort();
    redis = await startRedisServer(port);
    node = await startTestServer({
      config: { postgresUrl: database.url, redisUrl: `redis://127.0.0.1:${port}` },
    });
  });
  afterAll(async () => {
    client?.destroy();
    other?.destroy();
    redis.kill('SIGKILL');
    await node.destroy();
    await database.drop();
  });

  const health = async () => {
    const response = await fetch(`${node.url}/api/health`);
    return { status: response.status, body: healthResponseSchema.parse(await response.json()) };
  };
  const readiness = async () => {
    const response = await fetch(`${node.url}/api/health/ready`);
    return { status: response.status, body: readinessResponseSchema.parse(await response.json()) };
  };

  it('keeps storing edits, says Redis is failing, and relays again once Redis is back', async () => {
    const { id: documentId } = await buildDocument(node.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Start'),
    });
    client = connectLocalUser(node, documentId);
    await client.synced;
    expect((await readiness()).body.checks).toEqual({ database: 'ok', redis: 'ok', node: 'ok' });

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    insertText(client.ydoc, 0, 'Utan Redis: ');
    await client.allAcked();
    const stored = await node.storage.updates.load(documentId);
    expect(stored.updates.length).toBeGreaterThan(0);

    // A document first opened during the outage: its channel cannot be subscribed, and the
    // extension's first publishes (sync step, awareness query) must fail without an unhandled
    // rejection, which vitest would report against this file.
    const { id: otherId } = await buildDocument(node.storage, LOCAL_USER_ID, {
      content: paragraphsDoc('Andra'),
    });
    other = connectLocalUser(node, otherId);
    await other.synced;
    expect(flattenText(other.ydoc).text).toBe('Andra');

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body.reasons).toContainEqual(expect.stringMatching(/^redis not reachable/));
    const notReady = await readiness();
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toEqual({ database: 'ok', redis: 'failing', node: 'ok' });

    redis = await startRedisServer(port);
    await vi.waitFor(async () => expect((await health()).status).toBe(200), {
      timeout: 15_000,
      interval: 200,
    });
    insertText(client.ydoc, 0, 'Med Redis: ');
    await client.allAcked();
    expect(flattenText(client.ydoc).text).toBe('Med Redis: Utan Redis: Start');
    expect((await readiness()).body.checks.redis).toBe('ok');
    // The document opened during the outage is subscribed now that Redis is back, so the
    // other nodes' changes to it reach this node again.
    const probe = new Redis(`redis://127.0.0.1:${port}`);
    try {
      await vi.waitFor(
        async () => {
          const channels = await probe.pubsub('CHANNELS', `*${otherId}`);
          expect(channels).toHaveLength(1);
        },
        { timeout: 15_000, interval: 200 },
      );
    } finally {
      probe.disconnect();
    }
  });
});
