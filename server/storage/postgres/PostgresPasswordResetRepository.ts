import type pg from 'pg';
import type { PasswordResetRepository } from '../types.ts';

/** Password reset tokens in PostgreSQL. */
export class PostgresPasswordResetRepository implements PasswordResetRepository {
  constructor(private readonly pool: pg.Pool) {}

  async create(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void> {
    await this.pool.query(
      `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [input.tokenHash, input.userId, new Date().toISOString(), input.expiresAt.toISOString()],
    );
  }

  async consume(tokenHash: string, now: Date): Promise<string | null> {
    // One statement, so two requests with the same token cannot both use it.
    const result = await this.pool.query<{ user_id: string }>(
      `UPDATE password_resets SET used_at = $2
       WHERE token_hash = $1 AND used_at IS NULL AND expires_at COLLATE "C" > $2
       RETURNING user_id`,
      [tokenHash, now.toISOString()],
    );
    return result.rows[0]?.user_id ?? null;
  }
}
