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

/**
 * The update log in PostgreSQL. `append` is a single INSERT outside any explicit transaction,
 * so PostgreSQL commits it before it answers; with synchronous_commit at its default (`on`) the
 * commit is in the write-ahead log on disk by then. The promise resolves only after that
 * answer, which is what lets the server acknowledge the edit.
 */
export class PostgresUpdateLog implements UpdateLog {
  constructor(private readonly pool: pg.Pool) {}

  async append(documentId: string, update: Uint8Array): Promise<number> {
    const result = await this.pool.query<{ seq: string }>(
      `INSERT INTO document_updates (document_id, data, checksum, created_at)
       VALUES ($1, $2, $3, $4) RETURNING seq`,
      [documentId, toBuffer(update), checksum(update), new Date().toISOString()],
    );
    const row = result.rows[0];
    if (!row) throw new Error(`appending to ${documentId} returned no sequence number`);
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
