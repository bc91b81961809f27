import { useEffect, useId, useState } from 'react';
import type { AuditEntry } from '../../../shared/api/accounts.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { siteAudit } from '../api/accountsApi.ts';
import { listDocuments } from '../api/documentsApi.ts';
import { auditActionLabel } from '../audit/auditActionLabel.ts';
import { AuditTable } from '../audit/AuditTable.tsx';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';

/** The value of the filter that shows every action. */
const ALL = '';

/**
 * The whole site's activity log, for site admins: the shared audit table with a document column,
 * and a filter by action that works on the entries already loaded (the server caps them).
 */
export function AdminAuditPage({
  user,
  navigate,
}: {
  user: SessionUser;
  navigate: (route: Route) => void;
}) {
  const { t } = useI18n();
  const filterId = useId();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [action, setAction] = useState(ALL);

  useEffect(() => {
    document.title = `${t('audit.admin.heading')} – ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    if (!user.isAdmin) return;
    let current = true;
    siteAudit().then(
      (result) => {
        if (current) setEntries(result.entries);
      },
      (caught: unknown) => {
        if (current) setError(errorText(caught, t));
      },
    );
    // Titles only make the document column readable; without them it shows ids, still links.
    listDocuments().then(
      (result) => {
        if (current) setTitles(new Map(result.documents.map((d) => [d.id, d.title])));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [user.isAdmin, t]);

  if (!user.isAdmin) {
    return (
      <div className="page">
        <h1>{t('audit.admin.heading')}</h1>
        <p role="alert" className="error">
          {t('audit.admin.forbidden')}
        </p>
      </div>
    );
  }

  const actions = [...new Set((entries ?? []).map((entry) => entry.action))].sort((a, b) =>
    auditActionLabel(a, t).localeCompare(auditActionLabel(b, t)),
  );
  const shown =
    entries === null || action === ALL
      ? entries
      : entries.filter((entry) => entry.action === action);

  return (
    <div className="page audit-page">
      <h1>{t('audit.admin.heading')}</h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : entries === null || shown === null ? (
        <p aria-live="polite">{t('audit.loading')}</p>
      ) : entries.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <>
          <div className="inline-form audit-filter">
            <label htmlFor={filterId}>{t('audit.filter.label')}</label>
            <select
              id={filterId}
              value={action}
              onChange={(event) => setAction(event.target.value)}
            >
              <option value={ALL}>{t('audit.filter.all')}</option>
              {actions.map((name) => (
                <option key={name} value={name}>
                  {auditActionLabel(name, t)}
                </option>
              ))}
            </select>
          </div>
          {/* Filtering changes the table without moving focus; say how much is left. */}
          <p role="status" className="audit-count">
            {t('audit.filter.shown', { shown: shown.length, total: entries.length })}
          </p>
          <AuditTable
            entries={shown}
            caption={t('audit.caption')}
            documents={{ titles, navigate }}
          />
        </>
      )}
    </div>
  );
}
