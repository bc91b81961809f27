import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/api/accounts.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { translate, type Locale, type MessageValues } from '../../../shared/i18n/translate.ts';
import { AUDIT_ACTION_LABELS } from './auditActions.ts';
import { auditActor } from './auditActor.ts';
import { auditSentence } from './auditSentence.ts';

// The server's sources as text, so the test notices an action the server starts to record.
const serverSources = import.meta.glob<string>(
  ['../../../server/**/*.ts', '!../../../server/**/*.test.ts'],
  { query: '?raw', import: 'default', eager: true },
);

function recordedActions(): string[] {
  const found = new Set<string>();
  for (const source of Object.values(serverSources)) {
    for (const record of source.matchAll(/audit\.record\(\{\s*action:\s*'([\w-]+)'/g)) {
      if (record[1]) found.add(record[1]);
    }
  }
  return [...found].sort();
}

const t = (locale: Locale) => (key: MessageKey, values?: MessageValues) =>
  translate(locale, key, values);
const sv = t('sv');
const en = t('en');
const formatTime = (iso: string) => `<${iso}>`;

const anna = { id: 'u1', name: 'Anna Svensson', organisation: 'DIGG' };
const bo = { id: 'u2', name: 'Bo Ek', organisation: 'PRV' };

function entry(action: string, details: AuditEntry['details'], subject = bo): AuditEntry {
  return {
    id: 1,
    at: '2025-03-01T10:00:00.000Z',
    action,
    actor: anna,
    documentId: 'd1',
    subject,
    details,
  };
}

/** One entry per action the server records, with details as the server writes them. */
const examples: Record<string, { entry: AuditEntry; sv: string; en: string }> = {
  'comment-hidden': {
    entry: entry('comment-hidden', { threadId: 't', commentId: 'c', reason: 'Personuppgifter' }),
    sv: 'dolde en kommentar av Bo Ek (PRV): Personuppgifter',
    en: 'hid a comment by Bo Ek (PRV): Personuppgifter',
  },
  'comment-unhidden': {
    entry: entry('comment-unhidden', { threadId: 't', commentId: 'c', hiddenReason: 'Fel' }),
    sv: 'visade en kommentar av Bo Ek (PRV) igen (den var dold: Fel)',
    en: 'showed a comment by Bo Ek (PRV) again (it was hidden: Fel)',
  },
  'comment-period-set': {
    entry: entry('comment-period-set', { from: null, to: '2025-04-01T12:00:00.000Z' }),
    sv: 'satte sista tid för kommentarer till <2025-04-01T12:00:00.000Z>',
    en: 'set the comment deadline to <2025-04-01T12:00:00.000Z>',
  },
  'user-created': {
    entry: entry('user-created', { email: 'bo@prv.se', isAdmin: false }),
    sv: 'skapade kontot för Bo Ek (PRV), bo@prv.se',
    en: 'created the account of Bo Ek (PRV), bo@prv.se',
  },
  'password-changed': {
    entry: entry('password-changed', {}),
    sv: 'bytte lösenord',
    en: 'changed their password',
  },
  'sign-in-failed': {
    entry: { ...entry('sign-in-failed', { email: 'x@y.se', address: '10.0.0.1' }), actor: null },
    sv: 'misslyckades att logga in från 10.0.0.1',
    en: 'failed to sign in from 10.0.0.1',
  },
  'sign-in': {
    entry: entry('sign-in', { address: '10.0.0.1' }),
    sv: 'loggade in från 10.0.0.1',
    en: 'signed in from 10.0.0.1',
  },
  'sign-out': { entry: entry('sign-out', {}), sv: 'loggade ut', en: 'signed out' },
  'member-role-changed': {
    entry: entry('member-role-changed', { from: 'commenter', to: 'editor' }),
    sv: 'ändrade rollen för Bo Ek (PRV) från Kommentator till Redaktör',
    en: 'changed the role of Bo Ek (PRV) from Commenter to Editor',
  },
  'member-removed': {
    entry: entry('member-removed', { role: 'viewer' }),
    sv: 'tog bort Bo Ek (PRV) (Läsare) från dokumentet',
    en: 'removed Bo Ek (PRV) (Viewer) from the document',
  },
  'password-reset': {
    entry: entry('password-reset', {}),
    sv: 'bytte lösenord med en återställningslänk',
    en: 'set a new password with a reset link',
  },
  'invitation-created': {
    entry: entry('invitation-created', {
      invitationId: 'i',
      role: 'commenter',
      expiresAt: '2025-03-08T10:00:00.000Z',
    }),
    sv: 'bjöd in med rollen Kommentator, länken gäller till <2025-03-08T10:00:00.000Z>',
    en: 'invited with the role Commenter, the link is valid until <2025-03-08T10:00:00.000Z>',
  },
  'invitation-revoked': {
    entry: entry('invitation-revoked', { invitationId: 'i' }),
    sv: 'drog tillbaka en inbjudningslänk',
    en: 'withdrew an invitation link',
  },
  'invitation-accepted': {
    entry: entry('invitation-accepted', { invitationId: 'i', role: 'viewer' }),
    sv: 'gick med via en inbjudningslänk med rollen Läsare',
    en: 'joined through an invitation link with the role Viewer',
  },
  'document-created': {
    entry: entry('document-created', { title: 'Utkast <b>1</b>' }),
    sv: 'skapade dokumentet ”Utkast <b>1</b>”',
    en: 'created the document “Utkast <b>1</b>”',
  },
  'document-imported': {
    entry: entry('document-imported', {
      importedFrom: 'Svar <i>DIGG</i>.docx',
      format: 'docx',
      checkpointId: 'v1',
    }),
    sv: 'importerade filen ”Svar <i>DIGG</i>.docx” som en ny version',
    en: 'imported the file “Svar <i>DIGG</i>.docx” as a new version',
  },
};

describe('auditSentence', () => {
  it('has a sentence and a filter label for every action the server records', () => {
    const actions = recordedActions();
    // Guards the scan itself: a regex that matched nothing would make this test pass vacuously.
    expect(actions).toContain('member-role-changed');
    expect(Object.keys(examples).sort()).toEqual(actions);
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual(actions);
  });

  it.each(Object.entries(examples))('says what %s did, in Swedish and English', (_, example) => {
    expect(auditSentence(example.entry, sv, formatTime)).toBe(example.sv);
    expect(auditSentence(example.entry, en, formatTime)).toBe(example.en);
  });

  it('tells the variants of account creation and clearing the deadline apart', () => {
    const setup = entry('user-created', { email: 'a@b.se', isAdmin: true, via: 'setup-link' });
    expect(auditSentence(setup, sv, formatTime)).toBe(
      'skapade det första administratörskontot med engångslänken, a@b.se',
    );
    const invited = entry('user-created', {
      email: 'a@b.se',
      via: 'invitation',
      invitationId: 'i',
    });
    expect(auditSentence(invited, en, formatTime)).toBe(
      'created an account through an invitation link, a@b.se',
    );
    const admin = entry('user-created', { email: 'a@b.se', isAdmin: true });
    expect(auditSentence(admin, sv, formatTime)).toBe(
      'skapade administratörskontot för Bo Ek (PRV), a@b.se',
    );
    const cleared = entry('comment-period-set', { from: '2025-01-01T00:00:00.000Z', to: null });
    expect(auditSentence(cleared, sv, formatTime)).toBe('tog bort sista tiden för kommentarer');
  });

  it('names a removed person instead of failing', () => {
    const removed = { ...entry('member-removed', { role: 'editor' }), subject: null };
    expect(auditSentence(removed, sv, formatTime)).toBe(
      'tog bort en borttagen person (Redaktör) från dokumentet',
    );
  });

  it('falls back to the raw action name for unknown actions and unexpected details', () => {
    expect(auditSentence(entry('document-deleted', {}), sv, formatTime)).toBe('document-deleted');
    expect(auditSentence(entry('member-role-changed', { to: 'king' }), sv, formatTime)).toBe(
      'member-role-changed',
    );
  });

  it('keeps placeholders in user content as typed', () => {
    const reason = entry('comment-hidden', { reason: '{subject} {reason}' });
    expect(auditSentence(reason, en, formatTime)).toBe(
      'hid a comment by Bo Ek (PRV): {subject} {reason}',
    );
  });
});

describe('auditActor', () => {
  it('names the person and organisation, the tried email for failed sign-ins, else the system', () => {
    expect(auditActor(entry('sign-out', {}), sv)).toBe('Anna Svensson (DIGG)');
    expect(auditActor(examples['sign-in-failed']?.entry ?? entry('x', {}), sv)).toBe('x@y.se');
    expect(auditActor({ ...entry('sign-out', {}), actor: null }, en)).toBe('System');
  });
});
