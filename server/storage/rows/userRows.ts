import type { UserRecord, UserRepository } from '../types.ts';
import type { SqlParams } from './params.ts';

/**
 * A row of `users` without the password hash. `is_admin` is an INTEGER 0 or 1 in both stores
 * (PostgreSQL's schema keeps SQLite's type), so pg returns it as a number too.
 */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  organisation: string;
  is_admin: number;
  created_at: string;
}

/** Reads a user row. */
export function toUserRecord(row: UserRow): UserRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

/** What UserRepository.ensure and create take. */
export type NewUser = Parameters<UserRepository['ensure']>[0];

/**
 * The parameters of each store's insert of a new user (`@id, @email, @name, @organisation,
 * @passwordHash, @isAdmin, @now`); the statements differ in how they match emails.
 */
export function toNewUserParams(user: NewUser, now: string): SqlParams {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organisation: user.organisation,
    passwordHash: user.passwordHash,
    isAdmin: user.isAdmin ? 1 : 0,
    now,
  };
}
