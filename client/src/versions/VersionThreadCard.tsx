import type { Thread } from '../../../shared/api/comments.ts';
import { ThreadFacts } from '../comments/ThreadFacts.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { VersionComment } from './VersionComment.tsx';

/**
 * A thread as it stood when a version was made, read-only: its passage, who started it, its
 * stance, status and disposition of that moment, and its comments. When the passage is in the
 * version's text, the quote is a toggle that highlights it there.
 */
export function VersionThreadCard({
  thread,
  active,
  onActivate,
}: {
  thread: Thread;
  active: boolean;
  onActivate: (threadId: string | null) => void;
}) {
  const { t } = useI18n();
  const removed = thread.anchor.status === 'removed';
  const quote = thread.anchor.exact === '' ? t('comments.emptyQuote') : thread.anchor.exact;
  const short = quote.length > 60 ? `${quote.slice(0, 57)}…` : quote;

  return (
    <li
      className={[
        'thread-card',
        'version-thread',
        active ? 'is-active' : '',
        thread.status === 'resolved' ? 'is-resolved' : '',
      ].join(' ')}
      data-thread-id={thread.id}
    >
      <article aria-label={t('comments.threadLabel', { name: thread.author.name, quote: short })}>
        <h3 className="thread-heading">
          {removed ? (
            <q className="thread-quote version-thread-quote">{quote}</q>
          ) : (
            <button
              type="button"
              className="thread-toggle"
              aria-pressed={active}
              onClick={() => onActivate(active ? null : thread.id)}
            >
              <span className="visually-hidden">{t('versions.threads.show')}: </span>
              <q className="thread-quote">{quote}</q>
            </button>
          )}
        </h3>
        <ThreadFacts thread={thread} removed={removed} />
        <ol className="thread-comments">
          {thread.comments.map((comment) => (
            <li key={comment.id}>
              <VersionComment comment={comment} />
            </li>
          ))}
        </ol>
      </article>
    </li>
  );
}
