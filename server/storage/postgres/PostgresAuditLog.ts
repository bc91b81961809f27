import type pg from 'pg';
import type { AuditEntry, AuditLog } from '../types.ts';
import { toNumber } from './sql.ts';

interface AuditRow {
  id: string;
  at: string;
  action: string;
  actor_id: string | null;
  document_id: string | null;
  subject_id: string | null;
  details: string;
}

function toEntry(row: AuditRow): AuditEntry {
  const details: unknown = JSON.parse(row.details);
  return {
    id: toNumber(row.id),
    at: row.at,
    action: row.action,
    actorId: row.actor_id,
    documentId: row.document_id,
    subjectId: row.subject_id,
    details:
      typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {},
  };
}

/** The audit log in PostgreSQL: insert-only. */
export class PostgresAuditLog implements AuditLog {
  constructor(private readonly pool: pg.Pool) {}

  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO audit_log (at, action, actor_id, document_id, subject_id, details)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        new Date().toISOString(),
        entry.action,
        entry.actorId,
        entry.documentId,
        entry.subjectId,
        JSON.stringify(entry.details),
      ],
    );
  }

  async listForDocument(documentId: string, limit: number): Promise<AuditEntry[]> {
    const result = await this.pool.query<AuditRow>(
      'SELECT * FROM audit_log WHERE document_id = $1 ORDER BY id DESC LIMIT $2',
      [documentId, limit],
    );
    return result.rows.map(toEntry);
  }

  async listAll(limit: number): Promise<AuditEntry[]> {
    const result = await this.pool.query<AuditRow>(
      'SELECT * FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    return result.rows.map(toEntry);
  }
}
