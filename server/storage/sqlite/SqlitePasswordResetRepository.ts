import type Database from 'better-sqlite3';
import type { PasswordResetRepository } from '../types.ts';

/** Password reset tokens in SQLite. */
export class SqlitePasswordResetRepository implements PasswordResetRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare<[string, string, string, string]>(
        'INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      ),
      find: db.prepare<[string, string], { user_id: string }>(
        `SELECT user_id FROM password_resets
         WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
      ),
      use: db.prepare<[string, string]>(
        'UPDATE password_resets SET used_at = ? WHERE token_hash = ?',
      ),
    };
  }

  async create(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
    this.statements.insert.run(
      input.tokenHash,
      input.userId,
      new Date().toISOString(),
      input.expiresAt.toISOString(),
    );
  }

  async consume(tokenHash: string, now: Date): Promise<string | null> {
    return this.db.transaction(() => {
      const row = this.statements.find.get(tokenHash, now.toISOString());
      if (!row) return null;
      this.statements.use.run(now.toISOString(), tokenHash);
      return row.user_id;
    })();
  }
}
