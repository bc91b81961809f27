import { memo, useEffect, useId, useMemo, useRef } from 'react';
import type { CommentAuthor, Thread } from '../../../shared/api/comments.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { cardChunks } from './cardChunks.ts';
import { CardMemoryProvider, useNewCardMemory } from './cardMemory.tsx';
import { CommentComposer } from './CommentComposer.tsx';
import { ProposalComposer } from '../proposals/ProposalComposer.tsx';
import type { AnchorLayout, CommentRequest } from './commentRequest.ts';
import type { CommentPermissions } from './permissions.ts';
import { ReportMenu } from './ReportMenu.tsx';
import { ThreadCard } from './ThreadCard.tsx';
import { ThreadFilters } from './ThreadFilters.tsx';
import { isFiltering, type ThreadFilter } from './threadFilters.ts';
import { orderThreads } from './threadOrder.ts';
import { useAlignedCards } from './useAlignedCards.ts';

/** The frame around the document text, which the anchor layout is measured from. */
const textFrame = () => document.querySelector<HTMLElement>('.document-frame');

/**
 * The comments beside the text: a polite live region for news, the composer for a new thread,
 * filters, the threads lined up with their passages, and the threads whose text was removed,
 * grouped at the end with their original quotes.
 *
 * Memoised, as its cards are: the page re-renders on every keystroke, and a sidebar with
 * thousands of threads has nothing to redo unless its own props change.
 */
export const CommentSidebar = memo(function CommentSidebar({
  documentId,
  user,
  permissions,
  allThreads,
  threads,
  filter,
  onFilterChange,
  layout,
  activeThreadId,
  onActivate,
  request,
  onCancelRequest,
  onCreated,
  onChanged,
  announcement,
  closedReason,
  loadError,
  members,
  focusThreadId,
  onFocused,
}: {
  documentId: string;
  user: SessionUser;
  permissions: CommentPermissions;
  allThreads: readonly Thread[];
  /** The threads that pass the filter. */
  threads: readonly Thread[];
  filter: ThreadFilter;
  onFilterChange: (filter: ThreadFilter) => void;
  layout: AnchorLayout;
  activeThreadId: string | null;
  onActivate: (threadId: string | null) => void;
  request: CommentRequest | null;
  onCancelRequest: () => void;
  onCreated: (thread: Thread) => void;
  onChanged: (announcement: string) => void;
  announcement: string;
  closedReason: string | null;
  loadError: string | null;
  members: readonly CommentAuthor[] | null;
  /** A thread whose card should take focus as soon as it is shown (one just created). */
  focusThreadId: string | null;
  onFocused: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const list = useRef<HTMLDivElement>(null);
  const { placed, removed } = useMemo(() => orderThreads(threads, layout), [threads, layout]);
  const chunks = useMemo(() => cardChunks(placed.map((thread) => thread.id)), [placed]);
  const memory = useNewCardMemory();
  useAlignedCards(list, textFrame, layout);

  // A thread activated from the text may have its card off screen.
  useEffect(() => {
    if (activeThreadId === null) return;
    const card = document.querySelector(
      `.thread-card[data-thread-id="${CSS.escape(activeThreadId)}"]`,
    );
    card?.scrollIntoView({ block: 'nearest' });
  }, [activeThreadId]);

  useEffect(() => {
    if (focusThreadId === null) return;
    const toggle = document.querySelector<HTMLElement>(
      `.thread-card[data-thread-id="${CSS.escape(focusThreadId)}"] .thread-toggle`,
    );
    if (!toggle) return;
    toggle.focus();
    onFocused();
  }, [focusThreadId, threads, onFocused]);

  const card = (thread: Thread) => (
    <ThreadCard
      key={thread.id}
      thread={thread}
      active={thread.id === activeThreadId}
      user={user}
      permissions={permissions}
      members={members}
      closedReason={closedReason}
      onActivate={onActivate}
      onChanged={onChanged}
    />
  );

  return (
    <section className="comment-sidebar" aria-labelledby={headingId}>
      <div className="sidebar-header">
        <h2 id={headingId}>{t('comments.heading', { count: allThreads.length })}</h2>
        <ReportMenu documentId={documentId} />
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      {closedReason && <p className="period-closed">{closedReason}</p>}
      {request?.proposal && (
        <ProposalComposer
          key={JSON.stringify(request.target)}
          documentId={documentId}
          request={request}
          members={members}
          closedReason={permissions.canWrite ? null : closedReason}
          onCreated={onCreated}
          onCancel={onCancelRequest}
        />
      )}
      {request && !request.proposal && (
        <CommentComposer
          // A new request is a new comment: start with an empty form.
          key={JSON.stringify(request.target)}
          documentId={documentId}
          request={request}
          members={members}
          closedReason={permissions.canWrite ? null : closedReason}
          onCreated={onCreated}
          onCancel={onCancelRequest}
        />
      )}
      {allThreads.length > 0 && (
        <ThreadFilters threads={allThreads} filter={filter} onChange={onFilterChange} />
      )}
      {loadError && (
        <p role="alert" className="error">
          {loadError}
        </p>
      )}
      {threads.length === 0 && (
        <p className="sidebar-empty">
          {isFiltering(filter) && allThreads.length > 0
            ? t('comments.noneMatch')
            : permissions.canWrite
              ? t('comments.noneYetWriter')
              : t('comments.noneYet')}
        </p>
      )}
      {isFiltering(filter) && threads.length > 0 && (
        <p className="sidebar-count">
          {t('comments.showing', { shown: threads.length, total: allThreads.length })}
        </p>
      )}
      <CardMemoryProvider memory={memory}>
        {/* Cards are drawn in chunks that the browser may skip (cardChunks.ts). A chunk's role
            is none, so the cards are the list's items to assistive technology, as in a plain
            list; an <ol> may hold only <li>, hence the list role on a <div>. */}
        <div ref={list} role="list" className="thread-list" aria-label={t('comments.listLabel')}>
          {chunks.map((chunk) => {
            const cards = placed.slice(chunk.start, chunk.end);
            const open = cards.some((thread) => thread.id === activeThreadId);
            return (
              <div
                key={chunk.key}
                role="none"
                className={open ? 'thread-chunk is-open' : 'thread-chunk'}
              >
                {cards.map(card)}
              </div>
            );
          })}
        </div>
        {removed.length > 0 && (
          <section className="removed-threads" aria-labelledby={`${headingId}-removed`}>
            <h3 id={`${headingId}-removed`}>{t('comments.textRemoved')}</h3>
            <p className="field-hint">{t('comments.textRemovedHint')}</p>
            <ol className="thread-list">{removed.map(card)}</ol>
          </section>
        )}
      </CardMemoryProvider>
    </section>
  );
});
