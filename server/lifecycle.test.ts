import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEMO_TITLE } from './seed/demoDraft.ts';
import { DATABASE_FILE } from './storage/sqlite/openDatabase.ts';
import {
  type ChildServer,
  freePort,
  parseLogLine,
  spawnChildServer,
  startChildServer,
  TEST_ADMIN,
  type StartedChildServer,
} from './test/childServer.ts';
import { connectClient, type TestClient } from './test/collabClient.ts';
import { makeTempDir } from './test/startTestServer.ts';

/** API.md: "On SIGTERM the server … exits with 0 within 10 seconds." */
const SIGTERM_DEADLINE_MS = 10_000;
const EDIT_PATTERN = /edit-\d{3}/g;

const children: ChildServer[] = [];
const clients: TestClient[] = [];
const dataDirs: string[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(children.splice(0).map((child) => child.stop()));
  for (const dir of dataDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = makeTempDir('remiss-lifecycle-');
  dataDirs.push(dir);
  return dir;
}

async function startServer(options: Parameters<typeof startChildServer>[0]) {
  const server = await startChildServer(options);
  children.push(server);
  return server;
}

function spawnServer(options: Parameters<typeof spawnChildServer>[0]) {
  const server = spawnChildServer(options);
  children.push(server);
  return server;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`${message} within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `read` on the server's database, opened read-only beside (or after) the server. */
function readDatabase<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dataDir, DATABASE_FILE), {
    readonly: true,
    fileMustExist: true,
  });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Every non-empty stdout line is a JSON object with a time, a level and a message. */
function expectJsonLogLines(server: ChildServer): void {
  const lines = server.stdout.filter((line) => line.trim() !== '');
  expect(lines.length, server.output()).toBeGreaterThan(0);
  for (const line of lines) {
    const entry = parseLogLine(line);
    expect(entry, `not a JSON log line: ${line}`).not.toBeNull();
    expect(entry, `incomplete log line: ${line}`).toMatchObject({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/) as unknown,
      level: expect.stringMatching(/^(debug|info|warn|error)$/) as unknown,
      message: expect.any(String) as unknown,
    });
  }
}

/** The edit tokens in the document, read by a fresh provider after its first sync. */
async function readEdits(server: StartedChildServer, documentId: string): Promise<string[]> {
  const reader = connectClient(server.url, documentId, () => server.collabToken(documentId));
  clients.push(reader);
  await withTimeout(reader.synced, 15_000, 'the reader did not sync');
  return reader.ydoc.getXmlFragment('default').toJSON().match(EDIT_PATTERN) ?? [];
}

describe('process lifecycle', () => {
  it('exits with 0 within 10 s on SIGTERM, after storing and compacting every edit', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const server = await startServer({ dataDir, port, admin: TEST_ADMIN });
    const documentId = await server.createDocument('Shutdown');

    const writer = connectClient(server.url, documentId, () => server.collabToken(documentId));
    clients.push(writer);
    await withTimeout(writer.synced, 15_000, 'the writer did not sync');
    const fragment = writer.ydoc.getXmlFragment('default');
    const texts = Array.from(
      { length: 40 },
      (_, index) => `edit-${String(index).padStart(3, '0')}`,
    );
    for (const text of texts) {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText(text)]);
      fragment.insert(fragment.length, [paragraph]);
    }
    await writer.allAcked();
    // The edits sit in the update log until the debounced compaction; SIGTERM must fold them in.
    const logged = readDatabase(dataDir, (db) =>
      db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
        )
        .get(documentId),
    );
    expect(logged?.n).toBeGreaterThan(0);

    server.kill('SIGTERM');
    const exit = await withTimeout(
      server.exited,
      SIGTERM_DEADLINE_MS,
      `the server did not exit after SIGTERM\n${server.output()}`,
    );
    expect(exit, server.output()).toEqual({ code: 0, signal: null });
    expectJsonLogLines(server);
    const errors = server.stdout.filter((line) => parseLogLine(line)?.['level'] === 'error');
    expect(errors, 'a clean shutdown logs no errors').toEqual([]);

    const pending = readDatabase(dataDir, (db) =>
      db
        .prepare<[string], { n: number }>(
          'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
        )
        .get(documentId),
    );
    expect(pending?.n, 'the update log was not compacted at shutdown').toBe(0);

    // The writer still holds every edit and would sync them back on reconnect; only a fresh
    // reader proves they were stored.
    clients.splice(clients.indexOf(writer), 1);
    writer.destroy();
    const restarted = await startServer({ dataDir, port, admin: TEST_ADMIN });
    expect(await readEdits(restarted, documentId)).toEqual(texts);
  });

  it('refuses to start with PORT=abc, naming PORT', async () => {
    const server = spawnServer({ dataDir: tempDataDir(), port: 0, env: { PORT: 'abc' } });
    const exit = await withTimeout(server.exited, 30_000, 'the server did not exit');
    expect(exit.code, server.output()).not.toBe(0);
    expect(exit.code, server.output()).not.toBeNull();
    expect(server.output()).toMatch(/\bPORT\b/);
    expectJsonLogLines(server);
  });

  it('refuses REMISS_ADMIN_EMAIL without REMISS_ADMIN_PASSWORD, naming both', async () => {
    const server = spawnServer({
      dataDir: tempDataDir(),
      port: await freePort(),
      env: { REMISS_ADMIN_EMAIL: TEST_ADMIN.email },
    });
    const exit = await withTimeout(server.exited, 30_000, 'the server did not exit');
    expect(exit.code, server.output()).not.toBe(0);
    expect(exit.code, server.output()).not.toBeNull();
    expect(server.output()).toContain('REMISS_ADMIN_EMAIL');
    expect(server.output()).toContain('REMISS_ADMIN_PASSWORD');
    expectJsonLogLines(server);
  });

  // Three starts one after another, each with its own 30 s deadline (startChildServer): the
  // file's 60 s would cut the third short whenever the machine is busy, before any step failed.
  it(
    'creates the admin from REMISS_ADMIN_EMAIL and _PASSWORD once, and promotes that account',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDataDir();
      const port = await freePort();
      const admins = () =>
        readDatabase(dataDir, (db) =>
          db
            .prepare<[string], { email: string; is_admin: number }>(
              'SELECT email, is_admin FROM users WHERE email = ?',
            )
            .all(TEST_ADMIN.email),
        );

      const first = await startServer({ dataDir, port, admin: TEST_ADMIN });
      expect(admins()).toEqual([{ email: TEST_ADMIN.email, is_admin: 1 }]);
      first.kill('SIGTERM');
      await first.exited;

      const second = await startServer({ dataDir, port, admin: TEST_ADMIN });
      expect(admins()).toEqual([{ email: TEST_ADMIN.email, is_admin: 1 }]);
      second.kill('SIGTERM');
      await second.exited;

      // An account with that email that is not admin (say, it joined by invitation) is promoted.
      const db = new Database(path.join(dataDir, DATABASE_FILE));
      db.prepare('UPDATE users SET is_admin = 0 WHERE email = ?').run(TEST_ADMIN.email);
      db.close();
      await startServer({ dataDir, port, admin: TEST_ADMIN });
      expect(admins()).toEqual([{ email: TEST_ADMIN.email, is_admin: 1 }]);
    },
  );

  it('seeds nothing with REMISS_DEMO=0', async () => {
    const server = await startServer({
      dataDir: tempDataDir(),
      port: await freePort(),
      admin: TEST_ADMIN,
      env: { REMISS_DEMO: '0' },
    });
    expect(await server.listDocuments()).toEqual([]);
  });

  it('seeds the demo draft once by default, and not again on restart', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const options = { dataDir, port, admin: TEST_ADMIN, env: { REMISS_DEMO: undefined } };
    const first = await startServer(options);
    const seeded = await first.listDocuments();
    expect(seeded.map((document) => document.title)).toEqual([DEMO_TITLE]);
    first.kill('SIGTERM');
    await first.exited;

    const second = await startServer(options);
    expect((await second.listDocuments()).map((document) => document.id)).toEqual(
      seeded.map((document) => document.id),
    );
  });

  it('binds 127.0.0.1 only when HOST is not set', async () => {
    const port = await freePort();
    const server = await startServer({ dataDir: tempDataDir(), port, env: { HOST: undefined } });
    const running = await server.waitForLog((entry) => entry['message'] === 'Remiss is running');
    expect(running['url']).toBe(`http://127.0.0.1:${port}`);

    // Another loopback address reaches a server bound to every interface, but not this one.
    if (await reachableOnOtherLoopback()) {
      await expect(connect('127.0.0.2', port)).rejects.toThrow(/ECONNREFUSED/);
    }
    await expect(connect('127.0.0.1', port)).resolves.toBeUndefined();
  });

  it('writes its log to stdout as JSON lines', async () => {
    const server = await startServer({
      dataDir: tempDataDir(),
      port: await freePort(),
      env: { REMISS_DEMO: undefined },
    });
    await fetch(`${server.url}/api/no-such-route`).then((response) => response.body?.cancel());
    await fetch(`${server.url}/api/documents`).then((response) => response.body?.cancel());
    server.kill('SIGTERM');
    await server.exited;
    expect(server.stdout.length).toBeGreaterThan(2);
    expectJsonLogLines(server);
  });
});

/** Opens and closes a TCP connection; rejects with the socket error. */
function connect(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}

/** Whether this machine routes 127.0.0.2 to a server listening on every interface. */
async function reachableOnOtherLoopback(): Promise<boolean> {
  const probe = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => probe.listen(0, '0.0.0.0', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  try {
    await connect('127.0.0.2', port);
    return true;
  } catch {
    return false;
  } finally {
    await new Promise((resolve) => probe.close(resolve));
  }
}
