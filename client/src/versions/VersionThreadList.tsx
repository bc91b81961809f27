import { useId, useMemo } from 'react';
import type { Thread } from '../../../shared/api/comments.ts';
import type { AnchorLayout } from '../comments/commentRequest.ts';
import { orderThreads } from '../comments/threadOrder.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { VersionThreadCard } from './VersionThreadCard.tsx';

/**
 * The threads beside a version's text, as they stood then: those whose passage is in that text
 * in the order of the text, then those whose passage was already gone.
 */
export function VersionThreadList({
  threads,
  layout,
  activeThreadId,
  onActivate,
}: {
  threads: readonly Thread[] | null;
  layout: AnchorLayout;
  activeThreadId: string | null;
  onActivate: (threadId: string | null) => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const removedHeadingId = useId();
  const { placed, removed } = useMemo(() => orderThreads(threads ?? [], layout), [threads, layout]);
  const card = (thread: Thread) => (
    <VersionThreadCard
      key={thread.id}
      thread={thread}
      active={thread.id === activeThreadId}
      onActivate={onActivate}
    />
  );

  return (
    <section className="version-threads" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('versions.threads.heading', { count: threads?.length ?? 0 })}</h2>
      <p className="sidebar-count">{t('versions.threads.intro')}</p>
      {threads === null ? (
        <p aria-live="polite">{t('app.loading')}</p>
      ) : threads.length === 0 ? (
        <p className="sidebar-empty">{t('versions.threads.none')}</p>
      ) : (
        <>
          {placed.length > 0 && (
            <ul className="thread-list version-thread-list">{placed.map(card)}</ul>
          )}
          {removed.length > 0 && (
            <section className="removed-threads" aria-labelledby={removedHeadingId}>
              <h3 id={removedHeadingId}>{t('versions.threads.removed')}</h3>
              <ul className="thread-list version-thread-list">{removed.map(card)}</ul>
            </section>
          )}
        </>
      )}
    </section>
  );
}
