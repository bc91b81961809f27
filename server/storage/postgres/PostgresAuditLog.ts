import type pg from 'pg';
import { INSERT_AUDIT_SQL, toAuditEntry, toAuditParams, type AuditRow } from '../rows/auditRows.ts';
import type { AuditEntry, AuditLog } from '../types.ts';
import { positional, toNumber } from './sql.ts';

/** An audit row as pg returns it: the BIGINT id is a string, since it may exceed 2^53. */
type PostgresAuditRow = Omit<AuditRow, 'id'> & { id: string };

function toEntry(row: PostgresAuditRow): AuditEntry {
  return toAuditEntry({ ...row, id: toNumber(row.id) });
}

/** The audit log in PostgreSQL: insert-only. */
export class PostgresAuditLog implements AuditLog {
  constructor(private readonly pool: pg.Pool) {}

  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.pool.query(
      positional(INSERT_AUDIT_SQL, toAuditParams(entry, new Date().toISOString())),
    );
  }

  async listForDocument(documentId: string, limit: number): Promise<AuditEntry[]> {
    const result = await this.pool.query<PostgresAuditRow>(
      'SELECT * FROM audit_log WHERE document_id = $1 ORDER BY id DESC LIMIT $2',
      [documentId, limit],
    );
    return result.rows.map(toEntry);
  }

  async listAll(limit: number): Promise<AuditEntry[]> {
    const result = await this.pool.query<PostgresAuditRow>(
      'SELECT * FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return result.rows.map(toEntry);
  }
}
