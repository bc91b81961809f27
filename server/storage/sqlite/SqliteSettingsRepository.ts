import type Database from 'better-sqlite3';
import type { SettingsRepository } from '../types.ts';

/** Named settings in SQLite. */
export class SqliteSettingsRepository implements SettingsRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      get: db.prepare<[string], { value: Buffer }>('SELECT value FROM settings WHERE key = ?'),
      insert: db.prepare<[string, Buffer]>(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      ),
      upsert: db.prepare<[string, Buffer]>(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      delete: db.prepare<[string]>('DELETE FROM settings WHERE key = ?'),
    };
  }

  async getOrCreate(key: string, create: () => Uint8Array): Promise<Uint8Array> {
    return this.db.transaction(() => {
      const existing = this.statements.get.get(key);
      if (existing) return new Uint8Array(existing.value);
      const value = create();
      this.statements.insert.run(key, Buffer.from(value));
      return value;
    })();
  }

  async get(key: string): Promise<Uint8Array | null> {
    const row = this.statements.get.get(key);
    return row ? new Uint8Array(row.value) : null;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    this.statements.upsert.run(key, Buffer.from(value));
  }

  async delete(key: string): Promise<void> {
    this.statements.delete.run(key);
  }
}
