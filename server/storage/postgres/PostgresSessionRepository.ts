import type pg from 'pg';
import type { SessionRecord, SessionRepository } from '../types.ts';

interface SessionRow {
  token_hash: string;
  user_id: string;
  auth_method: string;
  created_at: string;
  expires_at: string;
}

/** Sessions in PostgreSQL. Times are ISO text compared bytewise, as in SQLite. */
export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(session: SessionRecord): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE expires_at COLLATE "C" <= $1', [
      new Date().toISOString(),
    ]);
    await this.pool.query(
      `INSERT INTO sessions (token_hash, user_id, auth_method, created_at, expires_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $4)`,
      [session.tokenHash, session.userId, session.authMethod, session.createdAt, session.expiresAt],
    );
  }

  async findValid(tokenHash: string, now: Date): Promise<SessionRecord | null> {
    const result = await this.pool.query<SessionRow>(
      'SELECT * FROM sessions WHERE token_hash = $1 AND expires_at COLLATE "C" > $2',
      [tokenHash, now.toISOString()],
    );
    const row = result.rows[0];
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
    await this.pool.query(
      'UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3',
      [now.toISOString(), expiresAt.toISOString(), tokenHash],
    );
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteForUser(userId: string, keepTokenHash = ''): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash != $2', [
      userId,
      keepTokenHash,
    ]);
  }
}
