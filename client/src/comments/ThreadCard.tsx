import { memo, useId, useRef } from 'react';
import type { CommentAuthor, Thread } from '../../../shared/api/comments.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ProposalView } from '../proposals/ProposalView.tsx';
import { CardThread, useKeptFocus } from './cardMemory.tsx';
import { ThreadFacts } from './ThreadFacts.tsx';
import { CommentView } from './CommentView.tsx';
import type { CommentPermissions } from './permissions.ts';
import { ReplyForm } from './ReplyForm.tsx';
import { ThreadActions } from './ThreadActions.tsx';

/**
 * One thread in the sidebar. Its heading is a disclosure button: activating the thread
 * highlights its passage and opens its replies, actions and reply box. Inactive threads show
 * the opening comment and how many replies there are.
 *
 * Memoised: a document may have thousands of threads, and the page re-renders on every
 * keystroke (the save status changes), so a card renders again only when its own props do.
 * What its forms hold and where its focus is survive the card being mounted anew, as it is when
 * its chunk of the list changes (cardMemory.tsx).
 */
export const ThreadCard = memo(function ThreadCard({
  thread,
  active,
  user,
  permissions,
  members,
  closedReason,
  onActivate,
  onChanged,
}: {
  thread: Thread;
  active: boolean;
  user: SessionUser;
  permissions: CommentPermissions;
  members: readonly CommentAuthor[] | null;
  closedReason: string | null;
  onActivate: (threadId: string | null) => void;
  onChanged: (announcement: string) => void;
}) {
  const { t } = useI18n();
  const detailsId = useId();
  const labelId = useId();
  const quoteId = useId();
  const removed = thread.anchor.status === 'removed';
  const [first, ...replies] = thread.comments;
  const shown = active ? thread.comments : first ? [first] : [];
  const quote = thread.anchor.exact;
  const element = useRef<HTMLLIElement>(null);
  useKeptFocus(element, thread.id);

  return (
    // Inside the memoised card, so that a render of the list does not render a wrapper per card.
    <CardThread threadId={thread.id}>
      {/* The list item of the sidebar's list even when drawn inside a chunk (CommentSidebar). */}
      <li
        ref={element}
        role="listitem"
        className={[
          'thread-card',
          active ? 'is-active' : '',
          thread.status === 'resolved' ? 'is-resolved' : '',
        ].join(' ')}
        data-thread-id={thread.id}
      >
        <article
          aria-label={t('comments.threadLabel', {
            name: thread.author.name,
            quote: shorten(quote),
          })}
        >
          <h3 className="thread-heading">
            {/* The words before the quote are for screen readers only. A hidden element named by
              aria-labelledby has no box at all, where a visually hidden span inside the button
              is one more positioned box per card for the browser to walk on every frame. */}
            <span id={labelId} hidden>
              {t('comments.quoteLabel')}
            </span>
            <button
              type="button"
              className="thread-toggle"
              aria-labelledby={`${labelId} ${quoteId}`}
              aria-expanded={active}
              aria-controls={active ? detailsId : undefined}
              onClick={() => onActivate(active ? null : thread.id)}
            >
              <q id={quoteId} className="thread-quote">
                {quote === '' ? t('comments.emptyQuote') : quote}
              </q>
            </button>
          </h3>
          <ThreadFacts thread={thread} removed={removed} />
          {thread.proposal && (
            <ProposalView
              thread={thread}
              proposal={thread.proposal}
              canDecide={permissions.canDispose}
              active={active}
              onChanged={onChanged}
            />
          )}
          <ol className="thread-comments">
            {shown.map((comment) => (
              <li key={comment.id}>
                <CommentView
                  comment={comment}
                  user={user}
                  canModerate={permissions.canModerate}
                  showActions={active}
                  members={members}
                  onChanged={onChanged}
                />
              </li>
            ))}
          </ol>
          {!active && replies.length > 0 && (
            <p className="thread-replies">
              {replies.length === 1
                ? t('comments.oneReply')
                : t('comments.replies', { count: replies.length })}
            </p>
          )}
          {active && (
            <div id={detailsId} className="thread-details">
              <ThreadActions
                thread={thread}
                canResolve={permissions.canResolve(thread)}
                canDispose={permissions.canDispose}
                canChangeStance={permissions.canWrite && thread.author.id === user.id}
                onChanged={onChanged}
              />
              {(permissions.canWrite || closedReason !== null) && (
                <ReplyForm
                  threadId={thread.id}
                  members={members}
                  closedReason={closedReason}
                  onSent={() => onChanged(t('comments.reply.done'))}
                />
              )}
            </div>
          )}
        </article>
      </li>
    </CardThread>
  );
});

/** The start of a quote, for names that screen readers read out in full. */
function shorten(quote: string): string {
  return quote.length > 60 ? `${quote.slice(0, 57)}…` : quote;
}
