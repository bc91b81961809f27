import { spawn } from 'node:child_process';
import { projectRoot } from '../projectRoot.ts';

/** Another process holding the write lock of a SQLite file, as a stuck tool or job would. */
export interface LockHolder {
  pid: number;
  /** Rolls the lock holder's transaction back and waits for the process to end. */
  release(): Promise<void>;
}

// Plain CommonJS for `node -e`: resolved from the project root, so it finds better-sqlite3.
const HOLD_LOCK = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1], { fileMustExist: true });
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.once('data', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
`;

/**
 * Starts a separate Node process that opens `file` with better-sqlite3 and holds
 * `BEGIN EXCLUSIVE` until released. Resolves once the lock is taken. In WAL mode this blocks
 * every writer while readers go on, which is what a real lock does to the server.
 */
export async function holdDatabaseLock(file: string): Promise<LockHolder> {
  const child = spawn(process.execPath, ['-e', HOLD_LOCK, file], {
    cwd: projectRoot(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    void exited.then(() => reject(new Error(`the lock holder ended early: ${stderr}`)));
  });
  return {
    pid: child.pid ?? -1,
    release: async () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin.write('release\n');
      await exited;
    },
  };
}
