import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/types.ts';
import { hashSecretToken, newSecretToken } from './secretToken.ts';

/** Settings key holding the hash of the one-time setup token. */
export const SETUP_TOKEN_SETTING = 'setup-token-hash';

/**
 * First start with no accounts and no admin variables: prints a one-time link that creates the
 * first admin. Remiss never creates a default password. A new link is printed at every start
 * until an account exists; only the newest one works.
 */
export async function printSetupLinkIfNeeded(
  storage: Storage,
  baseUrl: string,
  logger: Logger,
): Promise<string | null> {
  if ((await storage.users.countWithPassword()) > 0) return null;
  const token = newSecretToken();
  await storage.settings.set(SETUP_TOKEN_SETTING, new TextEncoder().encode(hashSecretToken(token)));
  const url = `${baseUrl.replace(/\/$/, '')}/setup/${token}`;
  logger.info('no accounts yet: open the setup link to create the first admin', { setupUrl: url });
  return url;
}
