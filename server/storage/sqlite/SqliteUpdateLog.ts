import type Database from 'better-sqlite3';
import { checksum } from '../checksum.ts';
import type { StoredDocumentContent, UpdateLog } from '../types.ts';

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

/**
 * The update log in SQLite. `append` resolves only once its row has committed (and, with
 * synchronous=FULL, reached the disk), so an edit is still acknowledged only when it is durable.
 *
 * Appends are committed in groups: every append made in one turn of the event loop waits for
 * the next (`setImmediate`) and they are written in one transaction, one fsync for all. An fsync
 * takes milliseconds (3 ms on the bench machine, docs/benchmarks.md), and better-sqlite3 blocks
 * the event loop for it, so one transaction per keystroke capped a busy server at a few hundred
 * acknowledged edits a second. Reads (`load`, `pendingCount`) and `compact` first commit what is
 * queued, so they never see the log without an append that was already made.
 */
export class SqliteUpdateLog implements UpdateLog {
  private readonly statements;
  private queued: QueuedAppend[] = [];
  private readonly appendGroup;

  constructor(private readonly db: Database.Database) {
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
    let seqs: number[];
    try {
      seqs = this.appendGroup(group);
    } catch {
      for (const entry of group) {
        try {
          entry.resolve(this.insert(entry));
        } catch (error) {
          entry.reject(error);
        }
      }
      return;
    }
    group.forEach((entry, index) => entry.resolve(seqs[index] ?? 0));
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
