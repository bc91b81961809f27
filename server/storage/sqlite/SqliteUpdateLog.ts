import type Database from 'better-sqlite3';
import { checksum } from '../checksum.ts';
import type { StoredDocumentContent, UpdateLog } from '../types.ts';
import { walFileSync, type WalSync } from './walSync.ts';

interface StateRow {
  state: Buffer;
  checksum: string;
  covers_seq: number;
}

interface UpdateRow {
  seq: number;
  data: Buffer;
  checksum: string;
}

/** An append waiting for the next group commit. */
interface QueuedAppend {
  documentId: string;
  data: Buffer;
  checksum: string;
  createdAt: string;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/** An append whose row has committed, waiting for the WAL flush that makes it durable. */
interface CommittedAppend {
  entry: QueuedAppend;
  seq: number;
}

/** How the log makes its appends durable; tests pass a WAL sync they control. */
export interface UpdateLogOptions {
  /**
   * Flushes the WAL after appends committed without a sync of their own. Only used in WAL mode;
   * closed by {@link SqliteUpdateLog.close}.
   * @default walFileSync(db.name): fdatasync of the `-wal` file on libuv's thread pool
   */
  walSync?: WalSync;
}

/**
 * The update log in SQLite. `append` resolves only once its row has committed and reached the
 * disk, so an edit is still acknowledged only when it is durable.
 *
 * Appends are committed in groups: every append made in one turn of the event loop waits for
 * the next (`setImmediate`) and they are written in one transaction. An fsync takes milliseconds
 * (3 to 4 ms on the bench machine, docs/benchmarks.md), and inside a commit better-sqlite3
 * blocks the event loop for it. So in WAL mode the group commits with `synchronous = NORMAL`
 * (the frames are written, not flushed), and the appends resolve only after the WAL file has
 * been flushed off the event loop (`walSync`), which is what FULL would have done inside the
 * commit. One flush runs at a time; groups committed meanwhile share the next one. Every other
 * write on the connection, compaction included, keeps the connection's own FULL.
 *
 * Reads (`load`, `pendingCount`) and `compact` first commit what is queued, so they never see
 * the log without an append that was already made.
 */
export class SqliteUpdateLog implements UpdateLog {
  private readonly statements;
  private queued: QueuedAppend[] = [];
  private readonly appendGroup;
  /** Null when the database is not in WAL mode: each group then syncs in its own commit. */
  private readonly walSync: WalSync | null;
  /** The connection's own `synchronous` level, restored after each group. */
  private readonly synchronous: number;
  /** Committed appends that the WAL flush under way does not cover. */
  private unsynced: CommittedAppend[] = [];
  /** The WAL flush under way, if any. */
  private syncing: Promise<void> | null = null;

  constructor(
    private readonly db: Database.Database,
    options: UpdateLogOptions = {},
  ) {
    const wal = !db.memory && db.pragma('journal_mode', { simple: true }) === 'wal';
    this.walSync = wal ? (options.walSync ?? walFileSync(db.name)) : null;
    this.synchronous = Number(db.pragma('synchronous', { simple: true }));
    this.statements = {
      append: db.prepare<[string, Buffer, string, string]>(
        `INSERT INTO document_updates (document_id, data, checksum, created_at) VALUES (?, ?, ?, ?)`,
      ),
      state: db.prepare<[string], StateRow>(
        'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = ?',
      ),
      updatesAfter: db.prepare<[string, number], UpdateRow>(
        `SELECT seq, data, checksum FROM document_updates
         WHERE document_id = ? AND seq > ? ORDER BY seq`,
      ),
      upsertState: db.prepare<[string, Buffer, string, number, string]>(
        `INSERT INTO document_state (document_id, state, checksum, covers_seq, updated_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET
           state = excluded.state, checksum = excluded.checksum,
           covers_seq = excluded.covers_seq, updated_at = excluded.updated_at
         WHERE excluded.covers_seq >= document_state.covers_seq`,
      ),
      deleteUpTo: db.prepare<[string, number]>(
        'DELETE FROM document_updates WHERE document_id = ? AND seq <= ?',
      ),
      touch: db.prepare<[string, string]>('UPDATE documents SET updated_at = ? WHERE id = ?'),
      pendingCount: db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM document_updates WHERE document_id = ?',
      ),
    };
    this.appendGroup = db.transaction((group: QueuedAppend[]) =>
      group.map((entry) => this.insert(entry)),
    );
  }

  append(documentId: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queued.push({
        documentId,
        data: Buffer.from(update.buffer, update.byteOffset, update.byteLength),
        checksum: checksum(update),
        createdAt: new Date().toISOString(),
        resolve,
        reject,
      });
      if (this.queued.length === 1) setImmediate(() => this.commitQueued());
    });
  }

  /**
   * Writes every queued append in one transaction and settles their promises. If the group
   * fails, each is tried in a transaction of its own, so one bad append fails alone.
   */
  commitQueued(): void {
    const group = this.queued;
    if (group.length === 0) return;
    this.queued = [];
    const committed: CommittedAppend[] = [];
    this.withoutCommitSync(() => {
      try {
        const seqs = this.appendGroup(group);
        group.forEach((entry, index) => committed.push({ entry, seq: seqs[index] ?? 0 }));
      } catch {
        for (const entry of group) {
          try {
            committed.push({ entry, seq: this.insert(entry) });
          } catch (error) {
            entry.reject(error);
          }
        }
      }
    });
    if (this.walSync === null) {
      for (const { entry, seq } of committed) entry.resolve(seq);
      return;
    }
    this.unsynced.push(...committed);
    this.startSync(this.walSync);
  }

  /**
   * Runs `write` with the connection at `synchronous = NORMAL` in WAL mode, so its commit
   * writes the WAL without flushing it; the caller must flush before calling anything durable.
   */
  private withoutCommitSync(write: () => void): void {
    // Inside an open transaction the level could not apply to this write, only to its end.
    if (this.walSync === null || this.db.inTransaction) {
      write();
      return;
    }
    this.db.exec('PRAGMA synchronous = NORMAL');
    try {
      write();
    } finally {
      this.db.exec(`PRAGMA synchronous = ${this.synchronous}`);
    }
  }

  /**
   * Flushes the WAL for every committed append not yet covered, unless a flush is under way:
   * appends committed during a flush may have missed it, so they wait for the next one, which
   * starts when it ends. A failed flush rejects the appends it was for; their rows are
   * committed but may not survive a power cut, so they must not be acknowledged.
   */
  private startSync(walSync: WalSync): void {
    if (this.syncing !== null || this.unsynced.length === 0) return;
    const batch = this.unsynced;
    this.unsynced = [];
    let finished: () => void = () => undefined;
    // Set before the flush starts: a flush may call back at once, and starts the next one.
    this.syncing = new Promise<void>((resolve) => {
      finished = resolve;
    });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      this.syncing = null;
      for (const { entry, seq } of batch) {
        if (error) entry.reject(error);
        else entry.resolve(seq);
      }
      this.startSync(walSync);
      finished();
    };
    try {
      walSync.flush(settle);
    } catch (error) {
      settle(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Commits what is queued and waits until every append made so far is durable (or failed). */
  async flush(): Promise<void> {
    this.commitQueued();
    while (this.syncing !== null) await this.syncing;
  }

  /** Flushes what was appended and releases the WAL flush; call before closing the database. */
  async close(): Promise<void> {
    await this.flush();
    this.walSync?.close();
  }

  private insert(entry: QueuedAppend): number {
    const result = this.statements.append.run(
      entry.documentId,
      entry.data,
      entry.checksum,
      entry.createdAt,
    );
    return Number(result.lastInsertRowid);
  }

  async load(documentId: string): Promise<StoredDocumentContent> {
    this.commitQueued();
    // One read transaction, so a compaction running in between cannot make us miss entries.
    return this.db.transaction(() => this.readContent(documentId))();
  }

  /** The state row and the log after it; call inside a transaction. */
  private readContent(documentId: string): StoredDocumentContent {
    const state = this.statements.state.get(documentId);
    const updates = this.statements.updatesAfter.all(documentId, state?.covers_seq ?? 0);
    return {
      state: state
        ? {
            data: new Uint8Array(state.state),
            checksum: state.checksum,
            coversSeq: state.covers_seq,
          }
        : null,
      updates: updates.map((row) => ({
        seq: row.seq,
        data: new Uint8Array(row.data),
        checksum: row.checksum,
      })),
    };
  }

  async compact(documentId: string, state: Uint8Array, coversSeq: number): Promise<void> {
    this.commitQueued();
    this.db.transaction(() => this.replaceState(documentId, state, coversSeq))();
  }

  async fold(
    documentId: string,
    merge: (stored: StoredDocumentContent) => Uint8Array,
  ): Promise<boolean> {
    // One process owns a SQLite file, so no other fold can be running: `skipIfBusy` never skips.
    this.commitQueued();
    // IMMEDIATE: the write lock is taken before the reads, so what is read is what is replaced.
    this.db
      .transaction(() => {
        const stored = this.readContent(documentId);
        const coversSeq = Math.max(stored.state?.coversSeq ?? 0, stored.updates.at(-1)?.seq ?? 0);
        this.replaceState(documentId, merge(stored), coversSeq);
      })
      .immediate();
    return true;
  }

  /**
   * Stores `state` as the state row (unless a newer one covers more), deletes the log up to
   * `coversSeq`, and marks the document changed; call inside a transaction.
   */
  private replaceState(documentId: string, state: Uint8Array, coversSeq: number): void {
    const now = new Date().toISOString();
    this.statements.upsertState.run(
      documentId,
      Buffer.from(state),
      checksum(state),
      coversSeq,
      now,
    );
    this.statements.deleteUpTo.run(documentId, coversSeq);
    this.statements.touch.run(now, documentId);
  }

  async pendingCount(documentId: string): Promise<number> {
    this.commitQueued();
    return this.statements.pendingCount.get(documentId)?.n ?? 0;
  }
}
