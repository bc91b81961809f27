import type { Stance, Thread, ThreadStatus } from '../../../shared/api/comments.ts';

/** Which threads the sidebar shows. `null` in a field means "any". */
export interface ThreadFilter {
  status: ThreadStatus | null;
  organisation: string | null;
  /** A stance, `'none'` for threads without one, or null for any. */
  stance: Stance | 'none' | null;
  /** User id of the thread's author. */
  authorId: string | null;
}

/** Shows every thread. */
export const NO_FILTER: ThreadFilter = {
  status: null,
  organisation: null,
  stance: null,
  authorId: null,
};

/** Whether a filter leaves some threads out. */
export function isFiltering(filter: ThreadFilter): boolean {
  return (
    filter.status !== null ||
    filter.organisation !== null ||
    filter.stance !== null ||
    filter.authorId !== null
  );
}

/**
 * The threads that pass the filter. Organisation and author are those of the person who opened
 * the thread: that is who takes the position the thread states.
 */
export function filterThreads(threads: readonly Thread[], filter: ThreadFilter): Thread[] {
  return threads.filter(
    (thread) =>
      (filter.status === null || thread.status === filter.status) &&
      (filter.organisation === null || thread.author.organisation === filter.organisation) &&
      (filter.stance === null || (thread.stance ?? 'none') === filter.stance) &&
      (filter.authorId === null || thread.author.id === filter.authorId),
  );
}

/** The organisations and authors that threads were opened by, sorted, for the filter lists. */
export function filterChoices(threads: readonly Thread[]): {
  organisations: string[];
  authors: { id: string; name: string; organisation: string }[];
} {
  const organisations = new Set<string>();
  const authors = new Map<string, { id: string; name: string; organisation: string }>();
  for (const thread of threads) {
    organisations.add(thread.author.organisation);
    authors.set(thread.author.id, thread.author);
  }
  return {
    organisations: [...organisations].sort((a, b) => a.localeCompare(b, 'sv')),
    authors: [...authors.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv')),
  };
}
