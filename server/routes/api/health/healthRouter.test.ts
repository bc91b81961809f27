import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  healthResponseSchema,
  readinessResponseSchema,
  type HealthResponse,
} from '../../../../shared/api/health.ts';
import { DATABASE_FILE } from '../../../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../../../storage/sqlite/SqliteStorage.ts';
import { scrapeMetrics } from '../../../test/scrapeMetrics.ts';
import {
  makeTempDir,
  startTestServer,
  testLogger,
  type TestServer,
} from '../../../test/startTestServer.ts';

let server: TestServer | null = null;
const otherConnections: Database.Database[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const db of otherConnections.splice(0)) db.close();
  await server?.destroy();
  server = null;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function health(target: TestServer): Promise<{ response: Response; body: HealthResponse }> {
  const response = await fetch(`${target.url}/api/health`);
  return { response, body: healthResponseSchema.parse(await response.json()) };
}

describe('GET /api/health', () => {
  it('answers 200 {"status":"ok"} and is never cached', async () => {
    server = await startTestServer();
    const { response, body } = await health(server);
    expect(response.status).toBe(200);
    expect(body).toEqual({ status: 'ok' });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('answers 503 with a reason while the database is locked, and 200 once it is free', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const storage = SqliteStorage.open(dataDir);
    // The test need not wait even the server's short busy timeout for each locked write.
    storage.db.pragma('busy_timeout = 50');
    server = await startTestServer({ storage, dataDir });
    expect((await health(server)).response.status).toBe(200);

    // Another process (a backup tool, a stuck migration) holds the write lock.
    const other = new Database(path.join(dataDir, DATABASE_FILE));
    otherConnections.push(other);
    other.exec('BEGIN IMMEDIATE');
    const locked = await health(server);
    expect(locked.response.status).toBe(503);
    expect(locked.body.status).toBe('unavailable');
    expect(locked.body.reasons).toEqual([expect.stringMatching(/not writable.*locked/) as string]);

    other.exec('ROLLBACK');
    const freed = await health(server);
    expect(freed.response.status).toBe(200);
    expect(freed.body).toEqual({ status: 'ok' });
  });

  it('answers 503 once the database is gone', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const storage = SqliteStorage.open(dataDir);
    server = await startTestServer({ storage, dataDir });
    storage.db.close();
    const { response, body } = await health(server);
    expect(response.status).toBe(503);
    expect(body.reasons?.[0]).toMatch(/^database not writable/);
  });
});

describe('GET /api/health/ready', () => {
  it('reports each dependency on its own: database ok, Redis not used on a single node', async () => {
    server = await startTestServer();
    const response = await fetch(`${server.url}/api/health/ready`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(readinessResponseSchema.parse(await response.json())).toEqual({
      status: 'ok',
      checks: { database: 'ok', redis: 'not-used', node: 'ok', checkpointer: 'ok' },
    });
  });

  it('reports a failing WAL checkpointer as degraded, still 200, and ok again once it recovers', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const storage = SqliteStorage.open(dataDir);
    // The worker opens the file by name: while it is away, each new worker fails at once.
    const file = path.join(dataDir, DATABASE_FILE);
    fs.renameSync(file, `${file}.away`);
    let away = true;
    try {
      // The server's own call finds this checkpointer and keeps it.
      const checkpointer = storage.checkpointInBackground({
        logger: testLogger(),
        startBytes: 0,
        intervalMs: 5,
        restartMs: 20,
        degradedAfterMs: 50,
      });
      server = await startTestServer({ storage, dataDir });
      const target = server;
      const ready = async () => {
        const response = await fetch(`${target.url}/api/health/ready`);
        return {
          status: response.status,
          body: readinessResponseSchema.parse(await response.json()),
        };
      };

      let degraded = await ready();
      while (degraded.body.checks.checkpointer !== 'degraded') degraded = await ready();
      expect(degraded.status).toBe(200);
      expect(degraded.body).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'not-used', node: 'ok', checkpointer: 'degraded' },
        warnings: [expect.stringMatching(/^WAL checkpoints failing since .*: /) as string],
      });
      // Liveness is about the database taking writes, which it still does: unchanged.
      const live = await fetch(`${target.url}/api/health`);
      expect(live.status).toBe(200);
      expect(await live.text()).toBe('{"status":"ok"}');
      // The server wires the same checkpointer into its metrics.
      const metrics = await scrapeMetrics(target.url);
      expect(metrics.get('remiss_wal_checkpoint_failures_total')).toBeGreaterThanOrEqual(1);
      expect(metrics.get('remiss_wal_checkpointer_up')).toBe(0);
      expect(metrics.get('remiss_wal_checkpoint_failing_seconds')).toBeGreaterThan(0);

      fs.renameSync(`${file}.away`, file);
      away = false;
      let recovered = await ready();
      while (recovered.body.checks.checkpointer !== 'ok') recovered = await ready();
      expect(recovered.status).toBe(200);
      expect(recovered.body).toEqual({
        status: 'ok',
        checks: { database: 'ok', redis: 'not-used', node: 'ok', checkpointer: 'ok' },
      });
      expect(checkpointer?.status.checkpoints).toBeGreaterThan(0);
    } finally {
      if (away) fs.renameSync(`${file}.away`, file);
    }
  });

  it('answers 503 naming the database while it is locked, with Redis still not used', async () => {
    const dataDir = makeTempDir();
    tempDirs.push(dataDir);
    const storage = SqliteStorage.open(dataDir);
    storage.db.pragma('busy_timeout = 50');
    server = await startTestServer({ storage, dataDir });
    const other = new Database(path.join(dataDir, DATABASE_FILE));
    otherConnections.push(other);
    other.exec('BEGIN IMMEDIATE');

    const response = await fetch(`${server.url}/api/health/ready`);
    const body = readinessResponseSchema.parse(await response.json());
    expect(response.status).toBe(503);
    expect(body.checks).toEqual({
      database: 'failing',
      redis: 'not-used',
      node: 'ok',
      checkpointer: 'ok',
    });
    expect(body.reasons).toEqual([expect.stringMatching(/^database not writable/) as string]);
    other.exec('ROLLBACK');
  });

  it('answers 503 "draining" once shutdown has begun, until it stops taking connections', async () => {
    server = await startTestServer({ drainGraceMs: 1_000 });
    // The load balancer polling readiness, as it does during the grace.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (url: string) =>
      new Promise<{ status: number; body: unknown }>((resolve, reject) => {
        http
          .get(url, { agent }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          })
          .on('error', reject);
      });
    try {
      expect((await get(`${server.url}/api/health/ready`)).status).toBe(200);
      const closing = server.close();
      const draining = await get(`${server.url}/api/health/ready`);
      expect(draining.status).toBe(503);
      expect(readinessResponseSchema.parse(draining.body).checks.node).toBe('draining');
      await closing;
    } finally {
      agent.destroy();
    }
  });
});
