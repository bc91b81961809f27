import type { AuditEntry } from '../types.ts';
import type { SqlParams } from './params.ts';

/**
 * A row of `audit_log`, with its id already a number. SQLite returns the INTEGER id as one;
 * PostgreSQL's BIGINT identity comes back as a string, which its store converts first.
 */
export interface AuditRow {
  id: number;
  at: string;
  action: string;
  actor_id: string | null;
  document_id: string | null;
  subject_id: string | null;
  details: string;
}

/** Reads an audit row; details that are not a JSON object read as none. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  const details: unknown = JSON.parse(row.details);
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    actorId: row.actor_id,
    documentId: row.document_id,
    subjectId: row.subject_id,
    details:
      typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {},
  };
}

/** Appends one entry; the store numbers it. */
export const INSERT_AUDIT_SQL = `INSERT INTO audit_log
    (at, action, actor_id, document_id, subject_id, details)
  VALUES (@at, @action, @actorId, @documentId, @subjectId, @details)`;

/** The parameters of {@link INSERT_AUDIT_SQL}. */
export function toAuditParams(entry: Omit<AuditEntry, 'id' | 'at'>, at: string): SqlParams {
  return {
    at,
    action: entry.action,
    actorId: entry.actorId,
    documentId: entry.documentId,
    subjectId: entry.subjectId,
    details: JSON.stringify(entry.details),
  };
}
