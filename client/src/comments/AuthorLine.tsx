import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDateTime } from './formatTime.ts';

/** Who wrote something, on behalf of which organisation, and when (a `<time>` element). */
export function AuthorLine({
  author,
  at,
  edited,
}: {
  author: CommentAuthor;
  at: string;
  edited?: boolean;
}) {
  const { t, locale } = useI18n();
  return (
    <p className="author-line">
      <span className="author-name">{author.name}</span>{' '}
      <span className="author-organisation">{author.organisation}</span>{' '}
      <time dateTime={at}>{formatDateTime(at, locale)}</time>
      {edited && <span className="comment-edited"> {t('comments.edited')}</span>}
    </p>
  );
}
