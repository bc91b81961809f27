import { dispositionSchema, threadStatusSchema } from '../../shared/api/comments.ts';
import type { CommentRecord, ThreadEventRecord, ThreadRecord } from '../storage/types.ts';

/**
 * A thread as it stood at `at` (an ISO time): its status and disposition from its history (see
 * migration 5), and the comments posted by then. The caller leaves out threads started later.
 *
 * What has no history is shown as it is now, on purpose: a comment deleted by its author or
 * hidden by an owner stays withheld in old versions too, since showing it there would undo the
 * deletion or the moderation; and an edited comment shows its current wording, marked edited.
 * The stance is the author's current one.
 */
export function threadAsOf(
  thread: ThreadRecord,
  history: readonly ThreadEventRecord[],
  comments: readonly CommentRecord[],
  at: string,
): { thread: ThreadRecord; comments: CommentRecord[] } {
  let status: ThreadRecord['status'] = 'open';
  let resolvedBy: string | null = null;
  let resolvedAt: string | null = null;
  let disposition: ThreadRecord['disposition'] = null;
  // ISO times in UTC, as every record stores them, compare as text.
  for (const event of history) {
    if (event.threadId !== thread.id || event.at > at) continue;
    if (event.kind === 'status') {
      status = threadStatusSchema.parse(event.value);
      resolvedBy = status === 'resolved' ? event.by : null;
      resolvedAt = status === 'resolved' ? event.at : null;
    } else {
      disposition = {
        value: dispositionSchema.parse(event.value),
        reason: event.reason ?? '',
        by: event.by,
        at: event.at,
      };
    }
  }
  return {
    thread: { ...thread, status, resolvedBy, resolvedAt, disposition },
    comments: comments.filter(
      (comment) => comment.threadId === thread.id && comment.createdAt <= at,
    ),
  };
}
