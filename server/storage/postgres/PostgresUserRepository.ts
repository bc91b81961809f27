import type pg from 'pg';
import { toNewUserParams, toUserRecord, type NewUser, type UserRow } from '../rows/userRows.ts';
import type { UserRecord, UserRepository } from '../types.ts';
import { positional } from './sql.ts';

// Emails match without regard to ASCII case, like SQLite's COLLATE NOCASE (see migrations.ts).
const INSERT_UNLESS_EMAIL_TAKEN = `INSERT INTO users
    (id, email, name, organisation, password_hash, is_admin, created_at)
  VALUES (@id, @email, @name, @organisation, @passwordHash, @isAdmin, @now)
  ON CONFLICT (remiss_nocase(email)) DO NOTHING`;

/** User accounts in PostgreSQL. */
export class PostgresUserRepository implements UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async get(id: string): Promise<UserRecord | null> {
    const result = await this.pool.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    const row = result.rows[0];
    return row ? toUserRecord(row) : null;
  }

  async getByEmail(email: string): Promise<UserRecord | null> {
    const result = await this.pool.query<UserRow>(
      'SELECT * FROM users WHERE remiss_nocase(email) = remiss_nocase($1)',
      [email],
    );
    const row = result.rows[0];
    return row ? toUserRecord(row) : null;
  }

  private insert(input: NewUser) {
    return this.pool.query(
      positional(INSERT_UNLESS_EMAIL_TAKEN, toNewUserParams(input, new Date().toISOString())),
    );
  }

  async ensure(input: NewUser): Promise<UserRecord> {
    await this.insert(input);
    const user = await this.getByEmail(input.email);
    if (!user) throw new Error(`user ${input.email} vanished right after it was created`);
    return user;
  }

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM users');
    return result.rows[0]?.n ?? 0;
  }

  async create(input: NewUser): Promise<UserRecord | null> {
    const result = await this.insert(input);
    if ((result.rowCount ?? 0) === 0) return null;
    return this.get(input.id);
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    const result = await this.pool.query<{ password_hash: string | null }>(
      'SELECT password_hash FROM users WHERE id = $1',
      [userId],
    );
    return result.rows[0]?.password_hash ?? null;
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [
      passwordHash,
      userId,
    ]);
  }

  async updateProfile(
    userId: string,
    profile: { name: string; organisation: string },
  ): Promise<void> {
    await this.pool.query('UPDATE users SET name = $1, organisation = $2 WHERE id = $3', [
      profile.name,
      profile.organisation,
      userId,
    ]);
  }

  async setAdmin(userId: string, isAdmin: boolean): Promise<void> {
    await this.pool.query('UPDATE users SET is_admin = $1 WHERE id = $2', [
      isAdmin ? 1 : 0,
      userId,
    ]);
  }

  async list(limit: number): Promise<UserRecord[]> {
    const result = await this.pool.query<UserRow>(
      `SELECT * FROM users
       ORDER BY remiss_nocase(organisation) COLLATE "C", remiss_nocase(name) COLLATE "C" LIMIT $1`,
      [limit],
    );
    return result.rows.map(toUserRecord);
  }

  async countWithPassword(): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      'SELECT COUNT(*)::int AS n FROM users WHERE password_hash IS NOT NULL',
    );
    return result.rows[0]?.n ?? 0;
  }
}
