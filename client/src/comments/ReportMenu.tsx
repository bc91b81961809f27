import { commentReportUrl } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * Download links for the comment report: every thread in document order with paragraph
 * number, quote, author, organisation, stance, replies, status and disposition. A disclosure
 * (`<details>`) with plain links, so it works by keyboard and the browser saves the files.
 */
export function ReportMenu({ documentId }: { documentId: string }) {
  const { t } = useI18n();
  return (
    <details className="report-menu">
      <summary>{t('comments.report')}</summary>
      <ul>
        <li>
          <a href={commentReportUrl(documentId, 'csv')} download>
            {t('comments.report.csv')}
          </a>
        </li>
        <li>
          <a href={commentReportUrl(documentId, 'md')} download>
            {t('comments.report.md')}
          </a>
        </li>
        <li>
          <a href={commentReportUrl(documentId, 'docx')} download>
            {t('export.commentReport.docx')}
          </a>
        </li>
        <li>
          <a href={commentReportUrl(documentId, 'odt')} download>
            {t('export.format.odt')}
          </a>
        </li>
      </ul>
    </details>
  );
}
