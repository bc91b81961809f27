import type { AuditEntry } from '../../../shared/api/accounts.ts';
import type { Translate } from './auditText.ts';

/**
 * Who did it: the person with their organisation; for a failed sign-in, which has no account
 * behind it, the email that was tried; otherwise the system itself.
 */
export function auditActor(entry: AuditEntry, t: Translate): string {
  if (entry.actor) {
    return t('audit.person', { name: entry.actor.name, organisation: entry.actor.organisation });
  }
  const email = entry.details['email'];
  if (entry.action === 'sign-in-failed' && typeof email === 'string') return email;
  return t('audit.system');
}
