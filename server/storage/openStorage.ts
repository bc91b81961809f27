import type { Config } from '../config.ts';
import { PostgresStorage } from './postgres/PostgresStorage.ts';
import { SqliteStorage } from './sqlite/SqliteStorage.ts';
import type { Storage } from './types.ts';

/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is a postgres:// URL,
 * otherwise SQLite in DATA_DIR. Either way the schema is brought up to date first, and a store
 * that cannot be opened throws DatabaseOpenError with what the operator can do about it.
 */
export async function openStorage(
  config: Pick<Config, 'dataDir' | 'postgresUrl'>,
): Promise<Storage> {
  if (config.postgresUrl !== undefined) return PostgresStorage.open(config.postgresUrl);
  return SqliteStorage.open(config.dataDir);
}
