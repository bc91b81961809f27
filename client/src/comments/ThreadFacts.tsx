import type { Thread } from '../../../shared/api/comments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AuthorLine } from './AuthorLine.tsx';

/**
 * Where a thread stands: its status and stance badges, whether its text was removed, the
 * version it was made on, and the editors' disposition. Shared by the live sidebar and the view
 * of a version, so a thread reads the same in both.
 */
export function ThreadFacts({ thread, removed }: { thread: Thread; removed: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <p className="thread-badges">
        <span className={`badge badge-status-${thread.status}`}>
          {t(thread.status === 'open' ? 'comments.status.open' : 'comments.status.resolved')}
        </span>
        {thread.stance && (
          <span className={`badge badge-stance-${thread.stance}`}>
            {t('comments.stanceBadge', { stance: t(`comments.stance.${thread.stance}`) })}
          </span>
        )}
        {removed && <span className="badge badge-removed">{t('comments.textRemoved')}</span>}
      </p>
      {thread.madeOnVersion && (
        <p className="thread-made-on">
          {t('comments.madeOn', { name: thread.madeOnVersion.name })}
        </p>
      )}
      {thread.disposition && (
        <div className="thread-disposition">
          <p>
            <strong>
              {t('comments.dispositionBadge', {
                value: t(`comments.disposition.${thread.disposition.value}`),
              })}
            </strong>
            {thread.disposition.reason !== '' && ` – ${thread.disposition.reason}`}
          </p>
          <AuthorLine author={thread.disposition.by} at={thread.disposition.at} />
        </div>
      )}
    </>
  );
}
