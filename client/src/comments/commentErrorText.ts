import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { MessageValues } from '../../../shared/i18n/translate.ts';
import { ApiError } from '../api/apiClient.ts';
import { errorText } from '../components/errorText.ts';

type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Messages for the reasons the comment API gives with a 409 (`details.reason`). */
const CONFLICT_REASONS: Record<string, MessageKey> = {
  'comment-period-closed': 'comments.error.periodClosed',
  'anchor-not-found': 'comments.error.anchorNotFound',
  'anchor-ambiguous': 'comments.error.anchorAmbiguous',
};

function conflictReason(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.code !== 'conflict') return null;
  const details = error.details;
  if (typeof details !== 'object' || details === null || !('reason' in details)) return null;
  return typeof details.reason === 'string' ? details.reason : null;
}

/**
 * The message for a failed comment request. Conflicts say what happened (the comment period
 * ended, the passage is gone or occurs twice); the generic conflict text speaks of owners and
 * email addresses, which would only confuse here.
 */
export function commentErrorText(error: unknown, t: Translate): string {
  const reason = conflictReason(error);
  const key = reason === null ? undefined : CONFLICT_REASONS[reason];
  if (key) return t(key);
  return errorText(error, t, { conflict: 'comments.error.conflict' });
}
