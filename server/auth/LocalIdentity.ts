import type { UserRecord, UserRepository } from '../storage/types.ts';
import type { IdentityResolver } from './authenticate.ts';

/** Id of the built-in local user. */
export const LOCAL_USER_ID = 'local-user';

/**
 * Single-user mode: every request acts as one local user, until accounts and roles land. The
 * user is a real row, so documents have a real owner and membership from day one.
 */
export class LocalIdentity implements IdentityResolver {
  private constructor(private readonly user: UserRecord) {}

  /** Makes sure the local user exists and returns a resolver for it. */
  static async ensure(users: UserRepository): Promise<LocalIdentity> {
    const user = await users.ensure({
      id: LOCAL_USER_ID,
      email: 'lokal@remiss.invalid',
      name: 'Lokal användare',
      organisation: 'Lokal installation',
      passwordHash: null,
      isAdmin: true,
    });
    return new LocalIdentity(user);
  }

  async resolve(): Promise<UserRecord> {
    return this.user;
  }
}
