import type Database from 'better-sqlite3';
import type { UserRecord, UserRepository } from '../types.ts';

interface UserRow {
  id: string;
  email: string;
  name: string;
  organisation: string;
  is_admin: number;
  created_at: string;
}

function toRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

/** User accounts in SQLite. */
export class SqliteUserRepository implements UserRepository {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      get: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
      getByEmail: db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?'),
      insert: db.prepare(
        `INSERT INTO users (id, email, name, organisation, password_hash, is_admin, created_at)
         VALUES (@id, @email, @name, @organisation, @passwordHash, @isAdmin, @now)
         ON CONFLICT (email) DO NOTHING`,
      ),
      count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users'),
    };
  }

  async get(id: string): Promise<UserRecord | null> {
    const row = this.statements.get.get(id);
    return row ? toRecord(row) : null;
  }

  async getByEmail(email: string): Promise<UserRecord | null> {
    const row = this.statements.getByEmail.get(email);
    return row ? toRecord(row) : null;
  }

  async ensure(input: {
    id: string;
    email: string;
    name: string;
    organisation: string;
    passwordHash: string | null;
    isAdmin: boolean;
  }): Promise<UserRecord> {
    this.statements.insert.run({
      ...input,
      isAdmin: input.isAdmin ? 1 : 0,
      now: new Date().toISOString(),
    });
    const row = this.statements.getByEmail.get(input.email);
    if (!row) throw new Error(`user ${input.email} vanished right after it was created`);
    return toRecord(row);
  }

  async count(): Promise<number> {
    return this.statements.count.get()?.n ?? 0;
  }
}
