import type Database from 'better-sqlite3';
import { INSERT_AUDIT_SQL, toAuditEntry, toAuditParams, type AuditRow } from '../rows/auditRows.ts';
import type { AuditEntry, AuditLog } from '../types.ts';

/** The audit log in SQLite: insert-only. */
export class SqliteAuditLog implements AuditLog {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(INSERT_AUDIT_SQL),
      forDocument: db.prepare<[string, number], AuditRow>(
        'SELECT * FROM audit_log WHERE document_id = ? ORDER BY id DESC LIMIT ?',
      ),
      all: db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    };
  }

  async record(entry: Omit<AuditEntry, 'id' | 'at'>): Promise<void> {
    this.statements.insert.run(toAuditParams(entry, new Date().toISOString()));
  }

  async listForDocument(documentId: string, limit: number): Promise<AuditEntry[]> {
    return this.statements.forDocument.all(documentId, limit).map(toAuditEntry);
  }

  async listAll(limit: number): Promise<AuditEntry[]> {
    return this.statements.all.all(limit).map(toAuditEntry);
  }
}
