import { AUDIT_ACTION_LABELS } from './auditActions.ts';
import type { Translate } from './auditText.ts';

/** The translated name of an audit action, or its raw name when the client does not know it. */
export function auditActionLabel(action: string, t: Translate): string {
  const key = AUDIT_ACTION_LABELS[action];
  return key ? t(key) : action;
}
