import type { Thread } from '../../../shared/api/comments.ts';
import type { AnchorLayout } from './commentRequest.ts';

/**
 * Threads in the order of their passages in the text (top to bottom), then those this client
 * cannot place yet (oldest first), and apart from them the threads whose text was removed.
 */
export function orderThreads(
  threads: readonly Thread[],
  layout: AnchorLayout,
): { placed: Thread[]; removed: Thread[] } {
  const byAge = (a: Thread, b: Thread) => a.createdAt.localeCompare(b.createdAt);
  const removed = threads.filter((thread) => thread.anchor.status === 'removed').sort(byAge);
  const present = threads.filter((thread) => thread.anchor.status !== 'removed');
  const located = present
    .filter((thread) => layout.has(thread.id))
    .sort((a, b) => (layout.get(a.id) ?? 0) - (layout.get(b.id) ?? 0) || byAge(a, b));
  const unlocated = present.filter((thread) => !layout.has(thread.id)).sort(byAge);
  return { placed: [...located, ...unlocated], removed };
}
