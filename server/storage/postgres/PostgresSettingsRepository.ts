import type pg from 'pg';
import type { SettingsRepository } from '../types.ts';
import { bytes, toBuffer } from './sql.ts';

/** Named settings in PostgreSQL. */
export class PostgresSettingsRepository implements SettingsRepository {
  constructor(private readonly pool: pg.Pool) {}

  async getOrCreate(key: string, create: () => Uint8Array): Promise<Uint8Array> {
    const existing = await this.get(key);
    if (existing) return existing;
    // Several nodes may start at once: the first insert wins, and every node returns its value.
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
      [key, toBuffer(create())],
    );
    const stored = await this.get(key);
    if (!stored) throw new Error(`setting ${key} vanished right after it was stored`);
    return stored;
  }

  async get(key: string): Promise<Uint8Array | null> {
    const result = await this.pool.query<{ value: Buffer }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    const row = result.rows[0];
    return row ? bytes(row.value) : null;
  }

  async set(key: string, value: Uint8Array): Promise<void> {
    await this.pool.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, toBuffer(value)],
    );
  }

  async delete(key: string): Promise<void> {
    await this.pool.query('DELETE FROM settings WHERE key = $1', [key]);
  }
}
