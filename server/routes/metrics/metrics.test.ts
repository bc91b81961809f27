import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponseSchema } from '../../../shared/api/errors.ts';
import { COMPACTION_MAX_DEBOUNCE_MS } from '../../../shared/limits.ts';
import { SqliteStorage } from '../../storage/sqlite/SqliteStorage.ts';
import { connectLocalUser, type TestClient } from '../../test/collabClient.ts';
import { buildDocument, LOCAL_USER_ID } from '../../test/factories.ts';
import { flakyStorage } from '../../test/flakyStorage.ts';
import { parseMetrics, scrapeMetrics } from '../../test/scrapeMetrics.ts';
import { makeTempDir, startTestServer, type TestServer } from '../../test/startTestServer.ts';
import { insertText, paragraphsDoc } from '../../test/yEdits.ts';

const TOKEN = 'k3Vq9sX2pLm8Rt4Wz7Yb1Nc6Hd0Fg5Ja';

/** Every metric docs/operations.md lists. */
const DOCUMENTED_METRICS = [
  ['remiss_collab_sockets', 'gauge'],
  ['remiss_collab_connections', 'gauge'],
  ['remiss_documents_loaded', 'gauge'],
  ['remiss_document_updates_received_total', 'counter'],
  ['remiss_store_duration_seconds', 'histogram'],
  ['remiss_store_failures_total', 'counter'],
  ['remiss_http_responses_total', 'counter'],
  ['process_cpu_seconds_total', 'counter'],
  ['process_resident_memory_bytes', 'gauge'],
  ['process_start_time_seconds', 'gauge'],
  ['process_open_fds', 'gauge'],
  ['nodejs_heap_size_used_bytes', 'gauge'],
  ['nodejs_eventloop_lag_p99_seconds', 'gauge'],
  // SQLite's WAL checkpointer; the test servers store in SQLite.
  ['remiss_wal_checkpoints_total', 'counter'],
  ['remiss_wal_checkpoint_failures_total', 'counter'],
  ['remiss_wal_checkpoint_failing_seconds', 'gauge'],
  ['remiss_wal_checkpointer_restarts_total', 'counter'],
  ['remiss_wal_checkpointer_up', 'gauge'],
  ['remiss_wal_bytes', 'gauge'],
  ['remiss_wal_checkpoint_frames_left', 'gauge'],
] as const;

const APPENDS = 'remiss_store_duration_seconds_count{operation="append"}';
const APPEND_FAILURES = 'remiss_store_failures_total{operation="append"}';
const UPDATES = 'remiss_document_updates_received_total';
const SERVER_ERRORS = 'remiss_http_responses_total{class="5xx"}';

/** A non-loopback address of this machine, to make a request that really is not from loopback. */
const externalAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((info) => info !== undefined && !info.internal && info.family === 'IPv4')?.address;

let servers: TestServer[] = [];
let clients: TestClient[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const client of clients) client.destroy();
  clients = [];
  for (const server of servers) await server.destroy();
  servers = [];
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  servers.push(server);
  return server;
}

/** A provider on a fresh document holding "Hej", synced. */
async function editor(server: TestServer): Promise<TestClient> {
  const document = await buildDocument(server.storage, LOCAL_USER_ID, {
    content: paragraphsDoc('Hej'),
  });
  const client = connectLocalUser(server, document.id);
  clients.push(client);
  await client.synced;
  return client;
}

const value = (metrics: Map<string, number>, series: string) => metrics.get(series) ?? NaN;

describe('GET /metrics', () => {
  it('answers in the Prometheus text format with every documented metric', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    const contentType = response.headers.get('content-type') ?? '';
    expect(contentType).toMatch(/^text\/plain;/);
    expect(contentType).toContain('version=0.0.4');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    for (const [name, type] of DOCUMENTED_METRICS) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`);
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'));
    }
    const metrics = parseMetrics(text);
    // Series that alerts rely on exist at 0 from the first scrape, before anything happened.
    expect(value(metrics, APPEND_FAILURES)).toBe(0);
    expect(value(metrics, 'remiss_store_failures_total{operation="compact"}')).toBe(0);
    expect(value(metrics, UPDATES)).toBe(0);
    expect(value(metrics, 'remiss_wal_checkpoint_failures_total')).toBe(0);
    expect(value(metrics, 'remiss_wal_checkpoint_failing_seconds')).toBe(0);
    expect(value(metrics, 'remiss_documents_loaded')).toBe(0);
    expect(value(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts an edit made through a real provider: update, append latency, socket, document', async () => {
    const server = await start();
    const before = await scrapeMetrics(server.url);
    const client = await editor(server);
    // Three transactions, so three updates on the wire.
    for (const word of [' nu', ' och', ' då']) insertText(client.ydoc, 3, word);
    await client.allAcked();
    const after = await scrapeMetrics(server.url);

    expect(value(after, UPDATES) - value(before, UPDATES)).toBeGreaterThanOrEqual(3);
    expect(value(after, APPENDS) - value(before, APPENDS)).toBeGreaterThanOrEqual(3);
    expect(value(after, 'remiss_store_duration_seconds_sum{operation="append"}')).toBeGreaterThan(
      0,
    );
    // Every append fell into some bucket, so the +Inf bucket equals the count.
    expect(value(after, 'remiss_store_duration_seconds_bucket{operation="append",le="+Inf"}')).toBe(
      value(after, APPENDS),
    );
    expect(value(after, 'remiss_collab_sockets')).toBe(1);
    expect(value(after, 'remiss_collab_connections')).toBe(1);
    expect(value(after, 'remiss_documents_loaded')).toBe(1);
    expect(value(after, APPEND_FAILURES)).toBe(0);
    // The sign-in of startTestServer and the first scrape were 2xx responses.
    expect(value(after, 'remiss_http_responses_total{class="2xx"}')).toBeGreaterThanOrEqual(2);

    client.destroy();
    // The document is unloaded once its last connection is gone and it has been stored.
    await vi.waitFor(
      async () => {
        const closed = await scrapeMetrics(server.url);
        expect(value(closed, 'remiss_collab_sockets')).toBe(0);
        expect(value(closed, 'remiss_documents_loaded')).toBe(0);
      },
      { timeout: COMPACTION_MAX_DEBOUNCE_MS, interval: 50 },
    );
  });

  it('counts a failed store and the 5xx answers it causes', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const flaky = flakyStorage(SqliteStorage.open(dataDir));
    const server = await start({ dataDir, storage: flaky.storage });
    const client = await editor(server);
    const before = await scrapeMetrics(server.url);

    flaky.setFailing(true);
    insertText(client.ydoc, 3, ' osparat');
    await vi.waitFor(async () => {
      const failing = await scrapeMetrics(server.url);
      expect(value(failing, APPEND_FAILURES)).toBeGreaterThan(value(before, APPEND_FAILURES));
    });
    // The unsaved document makes health answer 503, which is a server error.
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    await health.body?.cancel();
    const after = await scrapeMetrics(server.url);
    expect(value(after, SERVER_ERRORS)).toBeGreaterThan(value(before, SERVER_ERRORS));

    flaky.setFailing(false);
    await client.allAcked(15_000);
  });

  it('with METRICS_TOKEN set, answers only a request with the bearer token', async () => {
    const server = await start({ config: { metricsToken: TOKEN } });

    const without = await fetch(`${server.url}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    const body = errorResponseSchema.parse(await without.json());
    expect(body.error.code).toBe('unauthenticated');

    const wrong = await fetch(`${server.url}/metrics`, {
      headers: { Authorization: `Bearer ${TOKEN.slice(0, -1)}x` },
    });
    expect(wrong.status).toBe(401);
    await wrong.body?.cancel();

    const metrics = await scrapeMetrics(server.url, { Authorization: `Bearer ${TOKEN}` });
    expect(metrics.has(UPDATES)).toBe(true);
  });

  it('without METRICS_TOKEN, refuses a request a proxy forwarded from elsewhere', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/metrics`, {
      headers: { 'X-Forwarded-For': '203.0.113.7' },
    });
    expect(response.status).toBe(403);
    expect(errorResponseSchema.parse(await response.json()).error.code).toBe('forbidden');
  });

  it.skipIf(externalAddress === undefined)(
    'refuses a real request from a non-loopback address, and serves it with the token',
    async () => {
      const host = externalAddress ?? '';
      const open = await start({ config: { host } });
      const refused = await fetch(`${open.url}/metrics`);
      expect(refused.status).toBe(403);
      await refused.body?.cancel();

      const guarded = await start({ config: { host, metricsToken: TOKEN } });
      const metrics = await scrapeMetrics(guarded.url, { Authorization: `Bearer ${TOKEN}` });
      expect(metrics.has(UPDATES)).toBe(true);
    },
  );
});
