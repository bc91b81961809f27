import type { SessionRecord } from '../types.ts';
import type { SqlParams } from './params.ts';

/** A row of `sessions` without `last_seen_at`, which only the store itself uses. */
export interface SessionRow {
  token_hash: string;
  user_id: string;
  auth_method: string;
  created_at: string;
  expires_at: string;
}

/** Reads a session row. */
export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    tokenHash: row.token_hash,
    userId: row.user_id,
    authMethod: row.auth_method,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/** Stores a new session, seen last when it was made. */
export const INSERT_SESSION_SQL = `INSERT INTO sessions
    (token_hash, user_id, auth_method, created_at, expires_at, last_seen_at)
  VALUES (@tokenHash, @userId, @authMethod, @createdAt, @expiresAt, @createdAt)`;

/** The parameters of {@link INSERT_SESSION_SQL}. */
export function toSessionParams(session: SessionRecord): SqlParams {
  return {
    tokenHash: session.tokenHash,
    userId: session.userId,
    authMethod: session.authMethod,
    createdAt: session.createdAt,
    expiresAt: session.expiresAt,
  };
}
