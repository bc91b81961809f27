import { roleAtLeast, type Role } from '../../shared/api/roles.ts';
import { HttpError } from '../http/HttpError.ts';
import type { DocumentRecord } from '../storage/types.ts';

/** Whether the document's comment period has ended at `now`. No deadline means it is open. */
export function commentPeriodClosed(document: DocumentRecord, now: Date): boolean {
  const closesAt = document.commentPeriodClosesAt;
  return closesAt !== null && Date.parse(closesAt) <= now.getTime();
}

/**
 * Refuses a commenter's new thread, reply, edit or stance once the comment period is over.
 * Editors and owners may still answer: the deadline is for the consultation, not for the
 * authors' reply to it.
 *
 * @throws HttpError 409 `conflict` with `details.reason = 'comment-period-closed'`.
 */
export function assertCommentPeriodOpen(document: DocumentRecord, role: Role, now: Date): void {
  if (roleAtLeast(role, 'editor') || !commentPeriodClosed(document, now)) return;
  throw new HttpError(
    409,
    'conflict',
    `The comment period closed at ${document.commentPeriodClosesAt ?? ''}; ` +
      'new comments are no longer accepted.',
    { reason: 'comment-period-closed', closesAt: document.commentPeriodClosesAt },
  );
}
