import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { projectRoot } from '../projectRoot.ts';
import { DATABASE_FILE } from '../storage/sqlite/openDatabase.ts';
import { connectLocalUser, type TestClient } from '../test/collabClient.ts';
import {
  buildTextDocument,
  listThreads,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../test/commentFixtures.ts';
import { LOCAL_USER_ID } from '../test/factories.ts';
import { makeTempDir, startTestServer, type TestServer } from '../test/startTestServer.ts';
import { insertText } from '../test/yEdits.ts';

/** How the backup command ended, and what it printed. */
interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `server/cli/backup.ts` in its own process, as `npm run backup -- <args>` runs the built
 * file, with DATA_DIR set and nothing else of the runner's Remiss environment.
 */
function runBackup(dataDir: string, args: string[]): Promise<CommandResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  // Paths below are absolute; INIT_CWD from an outer `npm test` must not matter.
  delete env['INIT_CWD'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', ...args], {
    cwd: projectRoot(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Appends `token` as a new paragraph, as typing Enter and a word would. */
function appendParagraph(ydoc: Y.Doc, token: string): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(token)]);
  const fragment = ydoc.getXmlFragment(YJS_FRAGMENT);
  fragment.insert(fragment.length, [paragraph]);
}

const TOKEN = /tok-\d{4}/g;

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

function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  tempDirs.push(dir);
  return dir;
}

describe('npm run backup', () => {
  it('backs up a running server while it is edited, and the restored copy has the text and threads', async () => {
    const dataDir = tempDir('remiss-live-');
    const server = await startTestServer({ dataDir });
    servers.push(server);
    const owner: Person = { user: server.owner, cookie: server.ownerCookie };
    const documentId = await buildTextDocument(
      server.storage,
      LOCAL_USER_ID,
      'Myndigheten ska publicera sin rapport.',
      'Remissvar lämnas senast i maj.',
    );
    const editor = connectLocalUser(server, documentId);
    clients.push(editor);
    await editor.synced;
    insertText(editor.ydoc, 'Myndigheten ska publicera sin rapport'.length, ' varje år');
    await editor.allAcked();
    const thread = await startThread(server, owner, documentId, {
      target: quoteTarget('varje år'),
      body: 'Räcker det inte vartannat år?',
      stance: 'question',
    });
    await reply(server, owner, thread.id, { body: 'Nej, lagen kräver varje år.' });
    const threadsBefore = await listThreads(server, owner, documentId);

    // Keep typing while the backup runs, and note which tokens were acknowledged before it began.
    const written: string[] = [];
    let acked = 0;
    editor.provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (number === 0) acked = written.length;
    });
    const type = () => {
      const token = `tok-${String(written.length).padStart(4, '0')}`;
      written.push(token);
      appendParagraph(editor.ydoc, token);
    };
    for (let i = 0; i < 10; i++) type();
    await editor.allAcked();
    const typing = setInterval(type, 5);
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const ackedBeforeBackup = written.slice(0, acked);
      expect(ackedBeforeBackup.length).toBeGreaterThanOrEqual(10);
      const backupFile = path.join(tempDir('remiss-backup-'), 'remiss-backup.sqlite');
      const result = await runBackup(dataDir, [backupFile]);
      clearInterval(typing);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Backup written to ${backupFile}`);
      expect(result.stdout).toContain('Verified: integrity check ok');
      expect(result.stdout).toMatch(/^ {2}threads: 1$/m);
      expect(result.stdout).toMatch(/^ {2}comments: 2$/m);
      // One self-contained file, readable by its owner only.
      expect(fs.existsSync(`${backupFile}-wal`)).toBe(false);
      expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(path.dirname(backupFile))).toEqual(['remiss-backup.sqlite']);

      await editor.allAcked();
      editor.destroy();
      clients = [];
      await server.destroy();
      servers = [];

      // Restore as docs/operations.md says: a fresh DATA_DIR holding only the backup file.
      const restoredDir = tempDir('remiss-restored-');
      fs.copyFileSync(backupFile, path.join(restoredDir, DATABASE_FILE));
      const restored = await startTestServer({ dataDir: restoredDir });
      servers.push(restored);
      const reader = connectLocalUser(restored, documentId);
      clients.push(reader);
      await reader.synced;
      const text = reader.ydoc.getXmlFragment(YJS_FRAGMENT).toJSON();
      expect(text).toContain('Myndigheten ska publicera sin rapport varje år.');
      expect(text).toContain('Remissvar lämnas senast i maj.');
      const restoredTokens = text.match(TOKEN) ?? [];
      // Everything acknowledged before the backup began is in it, and it is one consistent
      // snapshot: the tokens it holds are exactly the first n typed, in order.
      expect(restoredTokens.slice(0, ackedBeforeBackup.length)).toEqual(ackedBeforeBackup);
      expect(restoredTokens).toEqual(written.slice(0, restoredTokens.length));

      const restoredOwner: Person = { user: restored.owner, cookie: restored.ownerCookie };
      const threadsAfter = await listThreads(restored, restoredOwner, documentId);
      expect(threadsAfter).toEqual(threadsBefore);
      expect(threadsAfter[0]?.comments.map((comment) => comment.body)).toEqual([
        'Räcker det inte vartannat år?',
        'Nej, lagen kräver varje år.',
      ]);
      expect(threadsAfter[0]?.anchor.exact).toBe('varje år');
    } finally {
      clearInterval(typing);
    }
  });

  it('refuses to overwrite an existing file, and leaves it untouched', async () => {
    const dataDir = tempDir('remiss-live-');
    const server = await startTestServer({ dataDir });
    servers.push(server);
    const existing = path.join(tempDir('remiss-backup-'), 'yesterday.sqlite');
    fs.writeFileSync(existing, 'yesterday’s backup');

    const result = await runBackup(dataDir, [existing]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Backup failed: ${existing} already exists`);
    expect(fs.readFileSync(existing, 'utf8')).toBe('yesterday’s backup');
    expect(fs.readdirSync(path.dirname(existing))).toEqual(['yesterday.sqlite']);
  });

  it('says so when DATA_DIR holds no database, and when the file is missing', async () => {
    const empty = tempDir('remiss-empty-');
    const target = path.join(tempDir('remiss-backup-'), 'backup.sqlite');
    const missing = await runBackup(empty, [target]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `There is no database at ${path.join(empty, DATABASE_FILE)}. Set DATA_DIR`,
    );
    expect(fs.existsSync(target)).toBe(false);

    const usage = await runBackup(empty, []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run backup -- <file>');
  });

  it('refuses a file that is not a Remiss database, and writes nothing', async () => {
    const dataDir = tempDir('remiss-foreign-');
    const foreign = new Database(path.join(dataDir, DATABASE_FILE));
    foreign.exec('CREATE TABLE notes (body TEXT)');
    foreign.close();
    const target = path.join(tempDir('remiss-backup-'), 'backup.sqlite');

    const result = await runBackup(dataDir, [target]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not a Remiss database');
    expect(fs.readdirSync(path.dirname(target))).toEqual([]);
  });
});
