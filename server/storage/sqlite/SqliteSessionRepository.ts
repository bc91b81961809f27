import type Database from 'better-sqlite3';
import {
  INSERT_SESSION_SQL,
  toSessionParams,
  toSessionRecord,
  type SessionRow,
} from '../rows/sessionRows.ts';
import type { SessionRecord, SessionRepository } from '../types.ts';

/** Sessions in SQLite. */
export class SqliteSessionRepository implements SessionRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(INSERT_SESSION_SQL),
      find: db.prepare<[string, string], SessionRow>(
        'SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?',
      ),
      touch: db.prepare<[string, string, string]>(
        'UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?',
      ),
      delete: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
      deleteForUser: db.prepare<[string, string]>(
        'DELETE FROM sessions WHERE user_id = ? AND token_hash != ?',
      ),
      purge: db.prepare<[string]>('DELETE FROM sessions WHERE expires_at <= ?'),
    };
  }

  async create(session: SessionRecord): Promise<void> {
    this.statements.purge.run(new Date().toISOString());
    this.statements.insert.run(toSessionParams(session));
  }

  async findValid(tokenHash: string, now: Date): Promise<SessionRecord | null> {
    const row = this.statements.find.get(tokenHash, now.toISOString());
    return row ? toSessionRecord(row) : null;
  }

  async touch(tokenHash: string, now: Date, expiresAt: Date): Promise<void> {
    this.statements.touch.run(now.toISOString(), expiresAt.toISOString(), tokenHash);
  }

  async delete(tokenHash: string): Promise<void> {
    this.statements.delete.run(tokenHash);
  }

  async deleteForUser(userId: string, keepTokenHash = ''): Promise<void> {
    this.statements.deleteForUser.run(userId, keepTokenHash);
  }
}
