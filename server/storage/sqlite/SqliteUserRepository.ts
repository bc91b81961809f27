import type Database from 'better-sqlite3';
import { toNewUserParams, toUserRecord, type NewUser, type UserRow } from '../rows/userRows.ts';
import type { UserRecord, UserRepository } from '../types.ts';

/** User accounts in SQLite. */
export class SqliteUserRepository implements UserRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      get: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      getByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      // The email column is COLLATE NOCASE, so an email taken in another case conflicts too.
      insert: db.prepare(
        `INSERT INTO users (id, email, name, organisation, password_hash, is_admin, created_at)
         VALUES (@id, @email, @name, @organisation, @passwordHash, @isAdmin, @now)
         ON CONFLICT (email) DO NOTHING`,
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
      countWithPassword: db.prepare<[], { n: number }>(
        'SELECT COUNT(*) AS n FROM users WHERE password_hash IS NOT NULL',
      ),
      passwordHash: db.prepare<[string], { password_hash: string | null }>(
        'SELECT password_hash FROM users WHERE id = ?',
      ),
      setPasswordHash: db.prepare<[string, string]>(
        'UPDATE users SET password_hash = ? WHERE id = ?',
      ),
      updateProfile: db.prepare<[string, string, string]>(
        'UPDATE users SET name = ?, organisation = ? WHERE id = ?',
      ),
      setAdmin: db.prepare<[number, string]>('UPDATE users SET is_admin = ? WHERE id = ?'),
      list: db.prepare<[number], UserRow>(
        'SELECT * FROM users ORDER BY organisation COLLATE NOCASE, name COLLATE NOCASE LIMIT ?',
      ),
    };
  }

  async get(id: string): Promise<UserRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toUserRecord(row) : null;
  }

  async getByEmail(email: string): Promise<UserRecord | null> {
    const row = this.statements.getByEmail.get(email);
    return row ? toUserRecord(row) : null;
  }

  async ensure(input: NewUser): Promise<UserRecord> {
    this.statements.insert.run(toNewUserParams(input, new Date().toISOString()));
    const row = this.statements.getByEmail.get(input.email);
    if (!row) throw new Error(`user ${input.email} vanished right after it was created`);
    return toUserRecord(row);
  }

  async count(): Promise<number> {
    return this.statements.count.get()?.n ?? 0;
  }

  async create(input: NewUser): Promise<UserRecord | null> {
    const result = this.statements.insert.run(toNewUserParams(input, new Date().toISOString()));
    if (result.changes === 0) return null;
    return this.get(input.id);
  }

  async passwordHashOf(userId: string): Promise<string | null> {
    return this.statements.passwordHash.get(userId)?.password_hash ?? null;
  }

  async setPasswordHash(userId: string, passwordHash: string): Promise<void> {
    this.statements.setPasswordHash.run(passwordHash, userId);
  }

  async updateProfile(
    userId: string,
    profile: { name: string; organisation: string },
  ): Promise<void> {
    this.statements.updateProfile.run(profile.name, profile.organisation, userId);
  }

  async setAdmin(userId: string, isAdmin: boolean): Promise<void> {
    this.statements.setAdmin.run(isAdmin ? 1 : 0, userId);
  }

  async list(limit: number): Promise<UserRecord[]> {
    return this.statements.list.all(limit).map(toUserRecord);
  }

  async countWithPassword(): Promise<number> {
    return this.statements.countWithPassword.get()?.n ?? 0;
  }
}
