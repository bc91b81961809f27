import type { UserRecord, UserRepository } from '../storage/types.ts';

/** Id of the built-in system account, which owns seeded content until an admin exists. */
export const SYSTEM_USER_ID = 'remiss-system';

/**
 * Makes sure the system account exists. It has no password, so nobody can sign in as it; it
 * owns the demo draft on a first start until the first admin is set up and takes it over.
 */
export async function ensureSystemUser(users: UserRepository): Promise<UserRecord> {
  return users.ensure({
    id: SYSTEM_USER_ID,
    email: 'system@remiss.invalid',
    name: 'Remiss',
    organisation: 'Remiss',
    passwordHash: null,
    isAdmin: false,
  });
}
