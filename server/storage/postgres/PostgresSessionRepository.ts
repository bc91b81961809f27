import type pg from 'pg';
import {
  INSERT_SESSION_SQL,
  toSessionParams,
  toSessionRecord,
  type SessionRow,
} from '../rows/sessionRows.ts';
import type { SessionRecord, SessionRepository } from '../types.ts';
import { positional } from './sql.ts';

/** Sessions in PostgreSQL. Times are ISO text compared bytewise, as in SQLite. */
export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(session: SessionRecord): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE expires_at COLLATE "C" <= $1', [
      new Date().toISOString(),
    ]);
    await this.pool.query(positional(INSERT_SESSION_SQL, toSessionParams(session)));
  }

  async findValid(tokenHash: string, now: Date): Promise<SessionRecord | null> {
    const result = await this.pool.query<SessionRow>(
      'SELECT * FROM sessions WHERE token_hash = $1 AND expires_at COLLATE "C" > $2',
      [tokenHash, now.toISOString()],
    );
    const row = result.rows[0];
    return row ? toSessionRecord(row) : null;
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
