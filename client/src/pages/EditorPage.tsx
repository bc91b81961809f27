import { useEffect, useState } from 'react';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import { canEditText } from '../../../shared/api/roles.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { DocumentLoadFailed } from '../../../shared/closeCodes.ts';
import { ApiError } from '../api/apiClient.ts';
import { getDocument } from '../api/documentsApi.ts';
import { DocumentEditor } from '../editor/DocumentEditor.tsx';
import { PresenceList } from '../editor/PresenceList.tsx';
import { SyncStatus } from '../editor/SyncStatus.tsx';
import { useCollaboration } from '../editor/useCollaboration.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { routePath, type Route } from '../useRoute.ts';

/** One document: its title, save status, who is present, and the editor. */
export function EditorPage({
  documentId,
  user,
  navigate,
}: {
  documentId: string;
  user: SessionUser;
  navigate: (route: Route) => void;
}) {
  const { t } = useI18n();
  const [meta, setMeta] = useState<DocumentSummary | null>(null);
  const [metaError, setMetaError] = useState<string | null>(null);
  const { collaboration, state } = useCollaboration(documentId);

  useEffect(() => {
    getDocument(documentId).then(setMeta, (error: unknown) =>
      setMetaError(
        error instanceof ApiError && (error.status === 404 || error.status === 403)
          ? t('editor.notFound')
          : t('app.error.network'),
      ),
    );
  }, [documentId, t]);

  useEffect(() => {
    if (meta) document.title = `${meta.title} – ${t('app.name')}`;
  }, [meta, t]);

  // Closing the tab with changes the server has not confirmed asks first. They are kept in
  // IndexedDB either way, but the user may be about to leave this browser for good.
  const unsynced = state.unsynced > 0;
  useEffect(() => {
    if (!unsynced) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsynced]);

  const refusal =
    metaError ??
    (state.refused === null
      ? null
      : state.refused === DocumentLoadFailed.reason
        ? t('editor.loadFailed')
        : t('editor.notFound'));
  const canEdit = meta !== null && canEditText(meta.role);

  return (
    <div className="page editor-page">
      <nav aria-label={t('documents.back')} className="breadcrumbs">
        <a
          href={routePath({ name: 'documents' })}
          onClick={(event) => {
            event.preventDefault();
            navigate({ name: 'documents' });
          }}
        >
          ← {t('documents.back')}
        </a>
      </nav>
      <div className="editor-header">
        <h1>{meta?.title ?? t('editor.loading')}</h1>
        <SyncStatus state={state} />
      </div>
      {refusal ? (
        <p role="alert" className="error">
          {refusal}
        </p>
      ) : (
        <div className="editor-layout">
          <div className="editor-column">
            {meta && !canEdit && <p className="read-only-notice">{t('editor.readOnly')}</p>}
            {meta && collaboration && (
              <DocumentEditor session={collaboration} user={user} canEdit={canEdit} />
            )}
          </div>
          <aside className="editor-aside" aria-label={t('presence.heading')}>
            {collaboration && <PresenceList provider={collaboration.provider} />}
          </aside>
        </div>
      )}
    </div>
  );
}
