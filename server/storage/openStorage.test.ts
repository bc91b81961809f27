import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, spawnChildServer } from '../test/childServer.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import { openStorage } from './openStorage.ts';
import { SqliteStorage } from './sqlite/SqliteStorage.ts';

const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function newDataDir(): string {
  const dir = makeTempDir('remiss-open-storage-');
  tempDirs.push(dir);
  return dir;
}

/** Starts the real server with `env` and waits for it to exit; it must not come up. */
async function refusedStart(env: Record<string, string>) {
  const child = spawnChildServer({ dataDir: newDataDir(), port: await freePort(), env });
  const exit = await Promise.race([
    child.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
  ]);
  await child.stop();
  return { exit, stderr: child.stderr.join('\n') };
}

describe('choosing the store', () => {
  it('opens SQLite in DATA_DIR when no PostgreSQL URL is configured', async () => {
    const dataDir = newDataDir();
    const storage = await openStorage({ dataDir });
    try {
      expect(storage).toBeInstanceOf(SqliteStorage);
      await expect(storage.checkWritable()).resolves.toBeUndefined();
    } finally {
      await storage.close();
    }
  });

  it('stops start-up with a clear message when PostgreSQL cannot be reached, hiding the password', async () => {
    const { exit, stderr } = await refusedStart({
      DATABASE_URL: 'postgres://remiss:hemligt@127.0.0.1:1/remiss',
    });
    expect(exit?.code).toBe(1);
    expect(stderr).toMatch(
      /Cannot open the PostgreSQL database at postgres:\/\/remiss:\*\*\*@127\.0\.0\.1:1\/remiss/,
    );
    expect(stderr).toContain('Check DATABASE_URL');
    expect(stderr).not.toContain('hemligt');
  });
});
