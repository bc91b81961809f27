import type { Comment, Thread } from '../../../shared/api/comments.ts';

/**
 * Comments in `next` that were not in `previous` and that someone other than `userId` wrote:
 * what a screen reader user should be told about. One's own comments are not news.
 */
export function newCommentsFromOthers(
  previous: readonly Thread[],
  next: readonly Thread[],
  userId: string,
): Comment[] {
  const known = new Set(previous.flatMap((thread) => thread.comments.map((comment) => comment.id)));
  return next
    .flatMap((thread) => thread.comments)
    .filter((comment) => !known.has(comment.id) && comment.author.id !== userId);
}
