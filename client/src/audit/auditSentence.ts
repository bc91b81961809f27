import type { AuditEntry } from '../../../shared/api/accounts.ts';
import { roles, type Role } from '../../../shared/api/roles.ts';
import type { FormatTime, Translate } from './auditText.ts';

function isRole(value: unknown): value is Role {
  return (roles as readonly unknown[]).includes(value);
}

function text(details: AuditEntry['details'], key: string): string | null {
  const value = details[key];
  return typeof value === 'string' ? value : null;
}

/**
 * What happened, as a sentence without its subject (the table's "who" column names the actor):
 * "ändrade rollen för Bo Ek (DIGG) från Kommentator till Redaktör". An action the client does
 * not know, or one whose details are not as expected, shows its raw name rather than a sentence
 * that could be wrong. Names and reasons are user content; callers render the result as text.
 */
export function auditSentence(entry: AuditEntry, t: Translate, formatTime: FormatTime): string {
  const { details } = entry;
  const subject = entry.subject
    ? t('audit.person', { name: entry.subject.name, organisation: entry.subject.organisation })
    : t('audit.unknownPerson');
  const role = (key: string): string | null => {
    const value = details[key];
    return isRole(value) ? t(`role.${value}`) : null;
  };

  switch (entry.action) {
    case 'comment-hidden': {
      const reason = text(details, 'reason');
      if (reason !== null) return t('audit.sentence.comment-hidden', { subject, reason });
      break;
    }
    case 'comment-unhidden': {
      const reason = text(details, 'hiddenReason');
      if (reason !== null) return t('audit.sentence.comment-unhidden', { subject, reason });
      break;
    }
    case 'comment-period-set': {
      if (details['to'] === null) return t('audit.sentence.comment-period-cleared');
      const to = text(details, 'to');
      if (to !== null) return t('audit.sentence.comment-period-set', { to: formatTime(to) });
      break;
    }
    case 'user-created': {
      const email = text(details, 'email');
      if (email === null) break;
      const via = text(details, 'via');
      if (via === 'setup-link') return t('audit.sentence.user-created-setup', { email });
      if (via === 'invitation') return t('audit.sentence.user-created-invitation', { email });
      return t(
        details['isAdmin'] === true
          ? 'audit.sentence.user-created-admin'
          : 'audit.sentence.user-created',
        { subject, email },
      );
    }
    case 'sign-in-failed':
    case 'sign-in': {
      const address = text(details, 'address');
      if (address !== null) return t(`audit.sentence.${entry.action}`, { address });
      break;
    }
    case 'password-changed':
    case 'password-reset':
    case 'sign-out':
    case 'invitation-revoked':
      return t(`audit.sentence.${entry.action}`);
    case 'member-role-changed': {
      const from = role('from');
      const to = role('to');
      if (from !== null && to !== null) {
        return t('audit.sentence.member-role-changed', { subject, from, to });
      }
      break;
    }
    case 'member-removed': {
      const removed = role('role');
      if (removed !== null) return t('audit.sentence.member-removed', { subject, role: removed });
      break;
    }
    case 'invitation-created': {
      const invited = role('role');
      const expiresAt = text(details, 'expiresAt');
      if (invited !== null && expiresAt !== null) {
        return t('audit.sentence.invitation-created', {
          role: invited,
          expires: formatTime(expiresAt),
        });
      }
      break;
    }
    case 'invitation-accepted': {
      const joined = role('role');
      if (joined !== null) return t('audit.sentence.invitation-accepted', { role: joined });
      break;
    }
    case 'document-created': {
      const title = text(details, 'title');
      if (title !== null) return t('audit.sentence.document-created', { title });
      break;
    }
    case 'document-imported': {
      const file = text(details, 'importedFrom');
      if (file !== null) return t('audit.sentence.document-imported', { file });
      break;
    }
  }
  return entry.action;
}
