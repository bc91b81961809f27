import { useI18n } from '../i18n/I18nProvider.tsx';
import { formatDateTime } from './formatTime.ts';

/** The comment deadline as everyone sees it beside the title: when it ends, or that it has. */
export function CommentPeriodNotice({
  closesAt,
  closed,
}: {
  closesAt: string | null;
  closed: boolean;
}) {
  const { t, locale } = useI18n();
  if (closesAt === null) return null;
  const time = <time dateTime={closesAt}>{formatDateTime(closesAt, locale)}</time>;
  return (
    <p className={closed ? 'comment-period is-closed' : 'comment-period'}>
      {closed ? t('comments.period.closedAt') : t('comments.period.closesAt')} {time}
    </p>
  );
}
