import type { Comment, CommentAuthor, Thread } from '../../shared/api/comments.ts';

/** An author as the API shows one. */
export function buildAuthor(
  name = 'Anna Andersson',
  organisation = 'Länsstyrelsen i Östergötland',
): CommentAuthor {
  return { id: `user-${name.toLowerCase().replace(/\W+/g, '-')}`, name, organisation };
}

/** A comment as the API returns it; plain text by the default author unless told otherwise. */
export function buildComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: 'comment-1',
    threadId: 'thread-1',
    author: buildAuthor(),
    body: 'Stycket bör förtydligas.',
    mentions: [],
    createdAt: '2025-03-14T08:05:00.000Z',
    editedAt: null,
    deletedAt: null,
    hidden: null,
    ...overrides,
  };
}

/**
 * A thread as `GET /api/documents/:id/threads` returns it: an open passage thread on block `p1`
 * with one comment, unless told otherwise.
 */
export function buildThread(overrides: Partial<Thread> = {}): Thread {
  const id = overrides.id ?? 'thread-1';
  const exact = overrides.anchor?.exact ?? 'ska publicera sin rapport';
  return {
    id,
    documentId: 'document-1',
    author: buildAuthor(),
    createdAt: '2025-03-14T08:05:00.000Z',
    updatedAt: '2025-03-14T08:05:00.000Z',
    stance: null,
    status: 'open',
    resolved: null,
    disposition: null,
    madeOnVersion: null,
    anchor: {
      kind: 'passage',
      status: 'anchored',
      selector: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
      exact,
      prefix: '',
      suffix: '',
      blockId: 'p1',
      start: '',
      end: '',
    },
    comments: [buildComment({ id: `${id}-c1`, threadId: id })],
    ...overrides,
  };
}
