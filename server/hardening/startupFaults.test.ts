import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MIN_FREE_DISK_BYTES } from '../../shared/limits.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { SqliteStorage } from '../storage/sqlite/SqliteStorage.ts';
import { freePort, spawnChildServer, startChildServer } from '../test/childServer.ts';
import { buildDocument, buildUser } from '../test/factories.ts';
import { makeTempDir } from '../test/startTestServer.ts';
import { mountTinyFilesystem, type TinyFilesystem } from '../test/tinyFilesystem.ts';
import { appendToken, storedTokens, tokenName } from './tokenDocument.ts';

const DOCUMENT_ID = 'stored-doc';
const tempDirs: string[] = [];
const mounts: TinyFilesystem[] = [];

afterAll(() => {
  for (const mount of mounts) mount.unmount();
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A DATA_DIR holding a real database with one document of 300 tokens, 200 of them in the update
 * log (a few hundred KB, so damage lands on real pages). Closed cleanly; returns the tokens.
 */
async function seedDataDir(dataDir: string): Promise<Set<string>> {
  const storage = SqliteStorage.open(dataDir);
  const owner = await buildUser(storage, { isAdmin: true });
  const writer = new Y.Doc();
  for (let n = 0; n < 100; n += 1) appendToken(writer, tokenName('state', 0, n));
  await buildDocument(storage, owner.id, { id: DOCUMENT_ID });
  await storage.updates.compact(DOCUMENT_ID, Y.encodeStateAsUpdate(writer), 0);
  for (let n = 0; n < 200; n += 1) {
    const before = Y.encodeStateVector(writer);
    appendToken(writer, `${tokenName('log', 1, n)} ${'text '.repeat(100)}`);
    await storage.updates.append(DOCUMENT_ID, Y.encodeStateAsUpdate(writer, before));
  }
  await storage.close();
  const tokens = storedTokens(dataDir, DOCUMENT_ID);
  expect(tokens.size).toBe(300);
  return tokens;
}

function newDataDir(): string {
  const dir = makeTempDir('remiss-startup-');
  tempDirs.push(dir);
  return dir;
}

/** Starts the real server binary on `dataDir` and waits for it to exit. */
async function refusedStart(dataDir: string) {
  const child = spawnChildServer({ dataDir, port: await freePort() });
  const exit = await Promise.race([
    child.exited,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
  ]);
  await child.stop();
  if (exit === null) throw new Error(`the server did not exit\n${child.output()}`);
  return { exit, stderr: child.stderr.join('\n'), output: child.output() };
}

/** Damages the root page of the update log's table, where a disk error would do real harm. */
function damageUpdateLogPage(file: string): void {
  const db = new Database(file, { readonly: true });
  const { rootpage } = db
    .prepare<[], { rootpage: number }>(
      "SELECT rootpage FROM sqlite_master WHERE name = 'document_updates'",
    )
    .get() ?? { rootpage: 0 };
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.close();
  expect(rootpage).toBeGreaterThan(1);
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, randomBytes(pageSize), 0, pageSize, (rootpage - 1) * pageSize);
  fs.closeSync(fd);
}

const damages: { name: string; damage: (file: string) => void; cause: RegExp }[] = [
  {
    name: 'garbage bytes',
    damage: (file) => fs.writeFileSync(file, randomBytes(64 * 1024)),
    cause: /not a database/,
  },
  {
    name: 'a file cut short',
    damage: (file) => fs.truncateSync(file, Math.floor(fs.statSync(file).size * 0.6)),
    cause: /malformed|damaged|corrupt|page/i,
  },
  {
    name: 'a damaged page',
    damage: damageUpdateLogPage,
    cause: /malformed|damaged|corrupt|page/i,
  },
];

describe('start-up on a damaged database', () => {
  it.each(damages)(
    'refuses to start on $name, names the file and the remedy, and leaves it untouched',
    { timeout: 60_000 },
    async ({ damage, cause }) => {
      const dataDir = newDataDir();
      await seedDataDir(dataDir);
      const file = path.join(dataDir, DATABASE_FILE);
      damage(file);
      const before = fs.readFileSync(file);

      const { exit, stderr, output } = await refusedStart(dataDir);
      expect(exit.code, output).not.toBe(0);
      expect(exit.code, output).not.toBeNull();
      expect(stderr).toContain(file);
      expect(stderr).toMatch(cause);
      expect(stderr).toMatch(/damaged.*restore the latest backup/s);
      expect(fs.readFileSync(file).equals(before), 'the damaged file was written to').toBe(true);
    },
  );
});

const tiny = mountTinyFilesystem(Math.ceil((MIN_FREE_DISK_BYTES * 1.5) / 1024 / 1024));
if (tiny) mounts.push(tiny);

describe('start-up on a full disk', () => {
  it.skipIf(tiny === null)(
    'refuses to start, says to free space, writes nothing, and starts with every edit once there is room',
    { timeout: 60_000 },
    async () => {
      if (!tiny) return;
      const dataDir = path.join(tiny.dir, 'data');
      const tokens = await seedDataDir(dataDir);
      const file = path.join(dataDir, DATABASE_FILE);
      const before = fs.readFileSync(file);
      tiny.fill();
      expect(tiny.available()).toBe(0);

      const { exit, stderr, output } = await refusedStart(dataDir);
      expect(exit.code, output).not.toBe(0);
      expect(stderr).toContain(file);
      expect(stderr).toMatch(/full.*Free space on that disk/s);
      expect(fs.readFileSync(file).equals(before), 'the database was written to').toBe(true);

      tiny.free();
      const port = await freePort();
      const server = await startChildServer({ dataDir, port });
      try {
        const health = await fetch(`${server.url}/api/health`);
        expect(health.status).toBe(200);
        await health.body?.cancel();
        expect(storedTokens(dataDir, DOCUMENT_ID)).toEqual(tokens);
      } finally {
        await server.stop();
      }
    },
  );
});

if (tiny === null) {
  console.warn('start-up on a full disk: skipped, a tmpfs cannot be mounted here (needs root)');
}
