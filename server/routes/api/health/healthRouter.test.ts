import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { healthResponseSchema, type HealthResponse } from '../../../../shared/api/health.ts';
import { DATABASE_FILE } from '../../../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../../../storage/sqlite/SqliteStorage.ts';
import { makeTempDir, startTestServer, type TestServer } from '../../../test/startTestServer.ts';

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
