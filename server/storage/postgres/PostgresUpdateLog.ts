import type pg from 'pg';
import { checksum } from '../checksum.ts';
import type { StoredDocumentContent, UpdateLog } from '../types.ts';
import { bytes, toBuffer, toNumber, withTransaction } from './sql.ts';

interface StateRow {
  state: Buffer;
  checksum: string;
  covers_seq: string;
}

interface UpdateRow {
  seq: string;
  data: Buffer;
  checksum: string;
}

/**
 * First key of the advisory lock a fold holds; the second is a hash of the document id. Any
 * fixed number distinct from the migration lock works; this one spells "REMF" in ASCII.
 */
const FOLD_LOCK_CLASS = 0x52454d46;

/**
 * The state row and every log entry of a document, in one snapshot when called inside a
 * REPEATABLE READ transaction. Every entry, not just those above the state's coversSeq: an
 * append can commit with a lower seq after a compaction (sequence numbers are handed out before
 * commit), and an entry skipped for that reason would be lost.
 */
async function readContent(
  client: pg.PoolClient,
  documentId: string,
): Promise<StoredDocumentContent> {
  const state = (
    await client.query<StateRow>(
      'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = $1',
      [documentId],
    )
  ).rows[0];
  const updates = await client.query<UpdateRow>(
    'SELECT seq, data, checksum FROM document_updates WHERE document_id = $1 ORDER BY seq',
    [documentId],
  );
  return {
    state: state
      ? {
          data: bytes(state.state),
          checksum: state.checksum,
          coversSeq: toNumber(state.covers_seq),
        }
      : null,
    updates: updates.rows.map((row) => ({
      seq: toNumber(row.seq),
      data: bytes(row.data),
      checksum: row.checksum,
    })),
  };
}

/** An append waiting for the next group. */
interface QueuedAppend {
  documentId: string;
  data: Buffer;
  checksum: string;
  createdAt: string;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/**
 * The update log in PostgreSQL. An append resolves only once the INSERT holding it has been
 * committed (auto-commit; with synchronous_commit at its default, `on`, the commit is in the
 * write-ahead log on disk by then), which is what lets the server acknowledge the edit.
 *
 * Appends are written in groups, one group at a time: those made while a group is being
 * written wait for it and then go together, in one INSERT. One INSERT per keystroke took one
 * pooled connection and one commit each; with several nodes, each also logging the updates
 * relayed to it, a few hundred keystrokes a second kept the whole pool busy, and requests that
 * needed a connection (signing in, opening a document) timed out behind them. Grouped, appends
 * hold one connection however many writers type, and the group grows with the load.
 */
export class PostgresUpdateLog implements UpdateLog {
  private queued: QueuedAppend[] = [];
  private writing = false;

  constructor(private readonly pool: pg.Pool) {}

  append(documentId: string, update: Uint8Array): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queued.push({
        documentId,
        data: toBuffer(update),
        checksum: checksum(update),
        createdAt: new Date().toISOString(),
        resolve,
        reject,
      });
      if (!this.writing) void this.writeQueued();
    });
  }

  /** Writes queued appends, a group at a time, until none are left. */
  private async writeQueued(): Promise<void> {
    this.writing = true;
    try {
      while (this.queued.length > 0) {
        const group = this.queued;
        this.queued = [];
        await this.writeGroup(group);
      }
    } finally {
      this.writing = false;
    }
  }

  /**
   * One INSERT for the group, its rows numbered in the order they were appended. If it fails,
   * each append is tried on its own, so that one that cannot be stored (its document deleted
   * meanwhile) fails alone.
   */
  private async writeGroup(group: QueuedAppend[]): Promise<void> {
    if (group.length > 1) {
      try {
        const result = await this.pool.query<{ seq: string }>(
          `INSERT INTO document_updates (document_id, data, checksum, created_at)
           SELECT document_id, data, checksum, created_at
           FROM unnest($1::text[], $2::bytea[], $3::text[], $4::text[])
             WITH ORDINALITY AS appended (document_id, data, checksum, created_at, position)
           ORDER BY position
           RETURNING seq`,
          [
            group.map((entry) => entry.documentId),
            group.map((entry) => entry.data),
            group.map((entry) => entry.checksum),
            group.map((entry) => entry.createdAt),
          ],
        );
        // Identity values are drawn as the rows are inserted, in `position` order.
        const seqs = result.rows.map((row) => toNumber(row.seq)).sort((a, b) => a - b);
        if (seqs.length === group.length) {
          group.forEach((entry, index) => entry.resolve(seqs[index] ?? 0));
          return;
        }
      } catch {
        // Tried one by one below.
      }
    }
    // One after another, so that their numbers still follow the order they were appended in.
    for (const entry of group) {
      try {
        entry.resolve(await this.insertOne(entry));
      } catch (error) {
        entry.reject(error);
      }
    }
  }

  private async insertOne(entry: QueuedAppend): Promise<number> {
    const result = await this.pool.query<{ seq: string }>(
      `INSERT INTO document_updates (document_id, data, checksum, created_at)
       VALUES ($1, $2, $3, $4) RETURNING seq`,
      [entry.documentId, entry.data, entry.checksum, entry.createdAt],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`appending to ${entry.documentId} returned no sequence number`);
    return toNumber(row.seq);
  }

  async load(documentId: string): Promise<StoredDocumentContent> {
    // One snapshot for both reads, so a compaction committing in between cannot make us miss
    // entries (it would delete log rows the older state row does not cover).
    return withTransaction(
      this.pool,
      (client) => readContent(client, documentId),
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
  }

  async fold(
    documentId: string,
    merge: (stored: StoredDocumentContent) => Uint8Array,
    options: { skipIfBusy?: boolean } = {},
  ): Promise<boolean> {
    return withTransaction(this.pool, async (client) => {
      // A transaction-scoped lock per document: folds of one document take turns across nodes
      // (each must read the state the previous one wrote), and it is released by COMMIT or
      // ROLLBACK, so a node that dies mid-fold cannot leave it held.
      if (options.skipIfBusy) {
        const locked = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked',
          [FOLD_LOCK_CLASS, documentId],
        );
        if (!locked.rows[0]?.locked) return false;
      } else {
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [
          FOLD_LOCK_CLASS,
          documentId,
        ]);
      }
      const stored = await readContent(client, documentId);
      const state = merge(stored);
      const seqs = stored.updates.map((update) => update.seq);
      const coversSeq = Math.max(stored.state?.coversSeq ?? 0, ...seqs);
      const now = new Date().toISOString();
      await client.query(
        `INSERT INTO document_state (document_id, state, checksum, covers_seq, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (document_id) DO UPDATE SET
           state = excluded.state, checksum = excluded.checksum,
           covers_seq = excluded.covers_seq, updated_at = excluded.updated_at`,
        [documentId, toBuffer(state), checksum(state), coversSeq, now],
      );
      // Exactly the entries read, not "up to coversSeq": an append holding a lower seq may
      // commit after the read, and must stay until a fold has seen it.
      await client.query(
        'DELETE FROM document_updates WHERE document_id = $1 AND seq = ANY($2::bigint[])',
        [documentId, seqs],
      );
      await client.query('UPDATE documents SET updated_at = $1 WHERE id = $2', [now, documentId]);
      return true;
    });
  }

  async compact(documentId: string, state: Uint8Array, coversSeq: number): Promise<void> {
    const now = new Date().toISOString();
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO document_state (document_id, state, checksum, covers_seq, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (document_id) DO UPDATE SET
           state = excluded.state, checksum = excluded.checksum,
           covers_seq = excluded.covers_seq, updated_at = excluded.updated_at
         WHERE excluded.covers_seq >= document_state.covers_seq`,
        [documentId, toBuffer(state), checksum(state), coversSeq, now],
      );
      await client.query('DELETE FROM document_updates WHERE document_id = $1 AND seq <= $2', [
        documentId,
        coversSeq,
      ]);
      await client.query('UPDATE documents SET updated_at = $1 WHERE id = $2', [now, documentId]);
    });
  }

  async pendingCount(documentId: string): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM document_updates WHERE document_id = $1',
      [documentId],
    );
    return result.rows[0]?.n ?? 0;
  }
}
