/** A value either driver binds as it is: TEXT, INTEGER, BLOB / BYTEA or NULL. */
export type SqlValue = string | number | Buffer | null;

/**
 * The named parameters of a statement written with `@name` placeholders. better-sqlite3 binds
 * them as they are; the PostgreSQL store numbers them with `positional` (postgres/sql.ts), so one
 * statement text and one record→parameters mapping serve both dialects.
 */
export type SqlParams = Readonly<Record<string, SqlValue>>;
