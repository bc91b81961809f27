/**
 * The WAL checkpointer's entry (see `WalCheckpointer`): a worker thread with its own connection
 * to the database file, which copies the write-ahead log back into the database every
 * `intervalMs` with `PRAGMA wal_checkpoint(PASSIVE)`, so that the copy and the syncs of what it
 * copied do not run on the event loop.
 *
 * PASSIVE copies what it can without waiting for readers or writers and never calls the busy
 * handler (sqlite.org/c3ref/wal_checkpoint_v2.html): the server's connection goes on committing
 * while it runs. A checkpoint is crash-safe by SQLite's design: the log keeps every frame until
 * all of them are in the database file and it has been synced, and only then may the next
 * writer start the log over.
 */
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** What the main thread sends. */
export type CheckpointerRequest =
  | { type: 'start'; file: string; intervalMs: number }
  | { type: 'checkpoint'; id: number }
  | { type: 'stop' };

/** One checkpoint's outcome, in pages (frames) of the log. */
export interface CheckpointOutcome {
  /** True when a writer or reader kept some frames from being copied this time. */
  busy: boolean;
  /** Frames in the log. */
  logFrames: number;
  /** Frames of the log that are now in the database file. */
  checkpointedFrames: number;
}

/** What the worker answers. `id` is that of a `checkpoint` request, null for a timed one. */
export type CheckpointerReply =
  | { type: 'started' }
  | { type: 'checkpointed'; id: number | null; outcome: CheckpointOutcome }
  | { type: 'failed'; id: number | null; message: string }
  | { type: 'stopped' };

interface CheckpointRow {
  busy: number;
  log: number;
  checkpointed: number;
}

const port = parentPort;
if (!port) throw new Error('walCheckpointerEntry runs only as a worker thread');

let db: Database.Database | null = null;
let timer: NodeJS.Timeout | null = null;

/**
 * Passes one checkpoint may make. A PASSIVE pass copies the log as it stood when the pass began;
 * the server's commits meanwhile leave frames behind, and the log starts over (and stops
 * growing) only when a commit finds every frame copied. Each further pass copies just what came
 * during the one before, so it is short and most likely ends between two commits.
 */
const CATCH_UP_PASSES = 4;

function checkpoint(id: number | null): CheckpointerReply {
  if (db === null) return { type: 'failed', id, message: 'the checkpointer has no connection' };
  try {
    let row: CheckpointRow | undefined;
    for (let pass = 0; pass < CATCH_UP_PASSES; pass += 1) {
      [row] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointRow[];
      if (!row || row.checkpointed >= row.log) break;
    }
    if (!row) return { type: 'failed', id, message: 'wal_checkpoint returned no row' };
    return {
      type: 'checkpointed',
      id,
      outcome: { busy: row.busy !== 0, logFrames: row.log, checkpointedFrames: row.checkpointed },
    };
  } catch (error) {
    // The next tick tries again; the log keeps every frame until one succeeds.
    return { type: 'failed', id, message: error instanceof Error ? error.message : String(error) };
  }
}

port.on('message', (request: CheckpointerRequest) => {
  switch (request.type) {
    case 'start': {
      // Opening throws if the file is gone: the main thread sees the worker fail and reports it.
      db = new Database(request.file, { fileMustExist: true });
      // A checkpoint syncs the log before copying and the database file after, unless
      // synchronous is OFF; FULL says so outright rather than trusting the default.
      db.pragma('synchronous = FULL');
      timer = setInterval(() => port.postMessage(checkpoint(null)), request.intervalMs);
      port.postMessage({ type: 'started' } satisfies CheckpointerReply);
      return;
    }
    case 'checkpoint':
      port.postMessage(checkpoint(request.id));
      return;
    case 'stop':
      if (timer !== null) clearInterval(timer);
      timer = null;
      db?.close();
      db = null;
      port.postMessage({ type: 'stopped' } satisfies CheckpointerReply);
      return;
  }
});
