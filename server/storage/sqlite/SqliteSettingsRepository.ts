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
}
