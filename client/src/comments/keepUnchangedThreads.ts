import type { Thread } from '../../../shared/api/comments.ts';

/**
 * The threads of a fresh load, with every thread that did not change replaced by the object
 * already shown. The list is loaded again whenever any thread changes; keeping the unchanged
 * objects lets the memoised cards (ThreadCard) skip all but the changed ones, which matters
 * with thousands of threads. Returns `previous` itself when nothing changed at all.
 */
export function keepUnchangedThreads(previous: readonly Thread[], next: Thread[]): Thread[] {
  const shown = new Map(previous.map((thread) => [thread.id, thread]));
  let same = previous.length === next.length;
  const kept = next.map((thread, index) => {
    const old = shown.get(thread.id);
    const unchanged = old !== undefined && JSON.stringify(old) === JSON.stringify(thread);
    if (!unchanged || previous[index] !== old) same = false;
    return unchanged ? old : thread;
  });
  return same ? (previous as Thread[]) : kept;
}
