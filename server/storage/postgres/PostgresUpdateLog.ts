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
      async (client) => {
        const state = (
          await client.query<StateRow>(
            'SELECT state, checksum, covers_seq FROM document_state WHERE document_id = $1',
            [documentId],
          )
        ).rows[0];
        const coversSeq = state ? toNumber(state.covers_seq) : 0;
        const updates = await client.query<UpdateRow>(
          `SELECT seq, data, checksum FROM document_updates
           WHERE document_id = $1 AND seq > $2 ORDER BY seq`,
          [documentId, coversSeq],
        );
        return {
          state: state ? { data: bytes(state.state), checksum: state.checksum, coversSeq } : null,
          updates: updates.rows.map((row) => ({
            seq: toNumber(row.seq),
            data: bytes(row.data),
            checksum: row.checksum,
          })),
        };
      },
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    );
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
