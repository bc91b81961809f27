import path from 'node:path';

/** Where Remiss keeps its data, as DATABASE_URL (or a migrate-store argument) names it. */
export type DatabaseLocation =
  | {
      kind: 'sqlite';
      /** The folder holding remiss.sqlite, or (for migrate-store) the file. */ path: string;
    }
  | { kind: 'postgres'; url: string };

/** A DATABASE_URL that names no store Remiss can use. The message never repeats the URL. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

/**
 * Reads a database URL: `sqlite:<path>` (relative paths from `cwd`) or `postgres://…` /
 * `postgresql://…`. Throws DatabaseUrlError otherwise. The URL may carry a password, so no
 * message quotes it.
 */
export function parseDatabaseUrl(value: string, cwd = process.cwd()): DatabaseLocation {
  if (value.startsWith('sqlite:')) {
    const location = value.slice('sqlite:'.length);
    if (location === '') throw new DatabaseUrlError('sqlite: must be followed by a path');
    return { kind: 'sqlite', path: path.resolve(cwd, location) };
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new DatabaseUrlError(
      'is not a URL; use postgres://user:password@host:port/database or sqlite:<folder>',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new DatabaseUrlError(
      `scheme ${parsed.protocol} is not supported; use postgres://…, postgresql://… or sqlite:<folder>`,
    );
  }
  return { kind: 'postgres', url: value };
}
