import { useEffect, useId, useRef, useState } from 'react';
import type { AuditEntry } from '../../../shared/api/accounts.ts';
import { documentAudit } from '../api/accountsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AuditTable } from './AuditTable.tsx';

/**
 * A document's activity log, for its owners: a native modal `<dialog>` as MembersDialog is, so
 * focus stays inside, Esc closes it, and focus returns to the button that opened it.
 */
export function AuditDialog({
  documentId,
  title,
  onClose,
}: {
  documentId: string;
  title: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  useEffect(() => {
    let current = true;
    documentAudit(documentId).then(
      (result) => {
        if (current) setEntries(result.entries);
      },
      (caught: unknown) => {
        if (current) setError(errorText(caught, t));
      },
    );
    // A language switch re-runs this; the answer of the earlier request must not land late.
    return () => {
      current = false;
    };
  }, [documentId, t]);

  return (
    <dialog ref={dialog} className="audit-dialog" aria-labelledby={headingId} onClose={onClose}>
      <div className="dialog-header">
        <h2 id={headingId} tabIndex={-1}>
          {t('audit.heading', { title })}
        </h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('audit.close')}
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : entries === null ? (
        <p aria-live="polite">{t('audit.loading')}</p>
      ) : entries.length === 0 ? (
        <p>{t('audit.empty')}</p>
      ) : (
        <AuditTable entries={entries} caption={t('audit.caption')} />
      )}
    </dialog>
  );
}
