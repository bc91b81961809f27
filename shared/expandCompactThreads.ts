import type { CommentAuthor, Comment, Thread, ThreadAnchor } from './api/comments.ts';
import type { CompactAnchor, CompactComment, CompactThreadList } from './api/compactThreads.ts';

/** A compact thread list that refers to a person or version it does not list. */
export class CompactThreadListError extends Error {
  override name = 'CompactThreadListError';
}

function pick<T>(list: readonly T[], index: number, what: string): T {
  const item = list[index];
  if (item === undefined) throw new CompactThreadListError(`the list has no ${what} ${index}`);
  return item;
}

function expandAnchor(anchor: CompactAnchor): ThreadAnchor {
  const blockId = anchor.blockId ?? null;
  const { exact, prefix, suffix } = anchor;
  return {
    kind: anchor.kind,
    status: anchor.status,
    selector:
      anchor.kind === 'block'
        ? { type: 'FragmentSelector', value: anchor.fragment ?? blockId ?? '' }
        : { type: 'TextQuoteSelector', exact, prefix, suffix },
    exact,
    prefix,
    suffix,
    blockId,
    start: anchor.start,
    end: anchor.end,
  };
}

/**
 * The full thread list (`GET /api/documents/:id/threads`) that a compact one
 * (`?shape=compact`, see shared/api/compactThreads.ts) stands for: equal to what the full shape
 * would have answered at the same moment, so every component that reads `Thread` works on it
 * unchanged.
 *
 * @throws CompactThreadListError when the list refers to a person or version it does not list.
 */
export function expandCompactThreads(list: CompactThreadList): Thread[] {
  const person = (index: number): CommentAuthor => pick(list.people, index, 'person');
  const { documentId } = list;
  return list.threads.map((thread): Thread => {
    const comment = (compact: CompactComment): Comment => ({
      id: compact.id,
      threadId: thread.id,
      author: person(compact.author),
      body: compact.body,
      mentions: (compact.mentions ?? []).map(person),
      createdAt: compact.createdAt,
      editedAt: compact.editedAt ?? null,
      deletedAt: compact.deletedAt ?? null,
      hidden: compact.hidden
        ? { at: compact.hidden.at, by: person(compact.hidden.by), reason: compact.hidden.reason }
        : null,
    });
    const { resolved, disposition, madeOnVersion, proposal } = thread;
    return {
      id: thread.id,
      documentId,
      author: person(thread.author),
      createdAt: thread.createdAt,
      updatedAt: thread.updatedAt ?? thread.createdAt,
      stance: thread.stance ?? null,
      status: thread.status,
      resolved: resolved ? { at: resolved.at, by: person(resolved.by) } : null,
      disposition: disposition
        ? {
            value: disposition.value,
            reason: disposition.reason,
            at: disposition.at,
            by: person(disposition.by),
          }
        : null,
      anchor: expandAnchor(thread.anchor),
      madeOnVersion:
        madeOnVersion === undefined ? null : pick(list.versions, madeOnVersion, 'version'),
      comments: thread.comments.map(comment),
      ...(proposal === undefined ? {} : { proposal }),
    };
  });
}
