import type Database from 'better-sqlite3';
import type { SessionRecord, SessionRepository } from '../types.ts';

interface SessionRow {
  token_hash: string;
  user_id: string;
  auth_method: string;
  created_at: string;
  expires_at: string;
}

/** Sessions in SQLite. */
export class SqliteSessionRepository implements SessionRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO sessions (token_hash, user_id, auth_method, created_at, expires_at, last_seen_at)
         VALUES (@tokenHash, @userId, @authMethod, @createdAt, @expiresAt, @createdAt)`,
      ),
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
    this.statements.insert.run(session);
  }

  async findValid(tokenHash: string, now: Date): Promise<SessionRecord | null> {
    const row = this.statements.find.get(tokenHash, now.toISOString());
    if (!row) return null;
    return {
      tokenHash: row.token_hash,
      userId: row.user_id,
      authMethod: row.auth_method,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
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
