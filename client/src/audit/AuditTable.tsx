import type { AuditEntry } from '../../../shared/api/accounts.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { routePath, type Route } from '../useRoute.ts';
import { auditActor } from './auditActor.ts';
import { auditSentence } from './auditSentence.ts';

/** The document column of the site-wide log: titles by id, and how to open a document. */
export interface AuditDocumentColumn {
  titles: ReadonlyMap<string, string>;
  navigate: (route: Route) => void;
}

/**
 * The audit log as a table, newest first as the server sends it: time, who, what, and (on the
 * site-wide page) which document. Everything user-written is rendered as React text.
 */
export function AuditTable({
  entries,
  caption,
  documents,
}: {
  entries: readonly AuditEntry[];
  caption: string;
  /** Shows the document column; left out in a single document's log. */
  documents?: AuditDocumentColumn;
}) {
  const { t, locale } = useI18n();
  const timeFormat = new Intl.DateTimeFormat(locale === 'sv' ? 'sv-SE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  const formatTime = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : timeFormat.format(date);
  };

  return (
    <table className="audit-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('audit.column.time')}</th>
          <th scope="col">{t('audit.column.who')}</th>
          <th scope="col">{t('audit.column.what')}</th>
          {documents && <th scope="col">{t('audit.column.document')}</th>}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>
              <time dateTime={entry.at}>{formatTime(entry.at)}</time>
            </td>
            <td>{auditActor(entry, t)}</td>
            <td>{auditSentence(entry, t, formatTime)}</td>
            {documents && (
              <td>
                <DocumentCell documentId={entry.documentId} column={documents} />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DocumentCell({
  documentId,
  column,
}: {
  documentId: string | null;
  column: AuditDocumentColumn;
}) {
  const { t } = useI18n();
  if (documentId === null) return <span className="audit-none">{t('audit.noDocument')}</span>;
  const route: Route = { name: 'document', id: documentId };
  // A deleted document, or one listed beyond the list's cap, still gets a link by its id.
  return (
    <a
      href={routePath(route)}
      onClick={(event) => {
        event.preventDefault();
        column.navigate(route);
      }}
    >
      {column.titles.get(documentId) ?? documentId}
    </a>
  );
}
