import type Database from 'better-sqlite3';
import type { AuditEntry, AuditLog } from '../types.ts';

interface AuditRow {
  id: number;
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

/** The audit log in SQLite: insert-only. */
export class SqliteAuditLog implements AuditLog {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO audit_log (at, action, actor_id, document_id, subject_id, details)
         VALUES (@at, @action, @actorId, @documentId, @subjectId, @details)`,
      ),
      forDocument: db.prepare<[string, number], AuditRow>(
        'SELECT * FROM audit_log WHERE document_id = ? ORDER BY id DESC LIMIT ?',
      ),
      all: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    };
  }

  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    this.statements.insert.run({
      ...entry,
      at: new Date().toISOString(),
      details: JSON.stringify(entry.details),
    });
  }

  async listForDocument(documentId: string, limit: number): Promise<AuditEntry[]> {
    return this.statements.forDocument.all(documentId, limit).map(toEntry);
  }

  async listAll(limit: number): Promise<AuditEntry[]> {
    return this.statements.all.all(limit).map(toEntry);
  }
}
