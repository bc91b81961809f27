import type { MessageKey } from '../../../shared/i18n/sv.ts';

/**
 * Every action the server writes to the audit log, with the label the action filter shows. An
 * action missing here still appears in the log, under its raw name, so a server that learns a
 * new action before the client does loses nothing.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, MessageKey>> = {
  'comment-hidden': 'audit.action.comment-hidden',
  'comment-unhidden': 'audit.action.comment-unhidden',
  'comment-period-set': 'audit.action.comment-period-set',
  'user-created': 'audit.action.user-created',
  'password-changed': 'audit.action.password-changed',
  'sign-in-failed': 'audit.action.sign-in-failed',
  'sign-in': 'audit.action.sign-in',
  'sign-out': 'audit.action.sign-out',
  'member-role-changed': 'audit.action.member-role-changed',
  'member-removed': 'audit.action.member-removed',
  'password-reset': 'audit.action.password-reset',
  'invitation-created': 'audit.action.invitation-created',
  'invitation-revoked': 'audit.action.invitation-revoked',
  'invitation-accepted': 'audit.action.invitation-accepted',
  'document-created': 'audit.action.document-created',
  'document-imported': 'audit.action.document-imported',
};
