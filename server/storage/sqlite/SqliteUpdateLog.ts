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

/**
 * The update log in SQLite. better-sqlite3 is synchronous, so `append` has committed (and, with
 * synchronous=FULL, reached the disk) by the time its promise resolves.
 */
export class SqliteUpdateLog implements UpdateLog {
  private readonly statements;

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
  }

  async append(documentId: string, update: Uint8Array): Promise<number> {
    const result = this.statements.append.run(
      documentId,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
      checksum(update),
      new Date().toISOString(),
    );
    return Number(result.lastInsertRowid);
  }

  async load(documentId: string): Promise<StoredDocumentContent> {
    // One read transaction, so a compaction running in between cannot make us miss entries.
    return this.db.transaction(() => {
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
    })();
  }

  async compact(documentId: string, state: Uint8Array, coversSeq: number): Promise<void> {
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.statements.upsertState.run(
        documentId,
        Buffer.from(state),
        checksum(state),
        coversSeq,
        now,
      );
      this.statements.deleteUpTo.run(documentId, coversSeq);
      this.statements.touch.run(now, documentId);
    })();
  }

  async pendingCount(documentId: string): Promise<number> {
    return this.statements.pendingCount.get(documentId)?.n ?? 0;
  }
}
