import { useCallback, useEffect, useState } from 'react';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import { canEditText } from '../../../shared/api/roles.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { DocumentLoadFailed } from '../../../shared/closeCodes.ts';
import { ApiError } from '../api/apiClient.ts';
import { getDocument } from '../api/documentsApi.ts';
import { DocumentEditor } from '../editor/DocumentEditor.tsx';
import { MembersDialog } from '../editor/MembersDialog.tsx';
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
  const [membersOpen, setMembersOpen] = useState(false);
  const [accessNotice, setAccessNotice] = useState<string | null>(null);

  const loadMeta = useCallback(
    () =>
      getDocument(documentId).then(
        (loaded) => {
          setMeta(loaded);
          return loaded;
        },
        (error: unknown) => {
          setMetaError(
            error instanceof ApiError && (error.status === 404 || error.status === 403)
              ? t('editor.notFound')
              : t('app.error.network'),
          );
          return null;
        },
      ),
    [documentId, t],
  );

  useEffect(() => {
    void loadMeta();
  }, [loadMeta]);

  // The server tells open sockets when the user's role changes; follow it at once.
  useEffect(() => {
    if (!collaboration) return;
    const onStateless = ({ payload }: { payload: string }) => {
      const message = parseAccessChanged(payload);
      if (!message) return;
      if (message.role === null) {
        setAccessNotice(t('editor.accessRemoved'));
        setMeta(null);
        return;
      }
      void loadMeta().then((loaded) => {
        if (loaded) setAccessNotice(t('editor.accessChanged', { role: t(`role.${loaded.role}`) }));
      });
    };
    collaboration.provider.on('stateless', onStateless);
    return () => {
      collaboration.provider.off('stateless', onStateless);
    };
  }, [collaboration, loadMeta, t]);

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
    (accessNotice === t('editor.accessRemoved') ? accessNotice : null) ??
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
        <div className="editor-header-end">
          {meta && (
            <button type="button" onClick={() => setMembersOpen(true)}>
              {t('members.button')}
            </button>
          )}
          <SyncStatus state={state} />
        </div>
      </div>
      {accessNotice && accessNotice !== t('editor.accessRemoved') && (
        <p role="status" className="access-notice">
          {accessNotice}
        </p>
      )}
      {membersOpen && meta && (
        <MembersDialog
          documentId={documentId}
          title={meta.title}
          user={user}
          isOwner={meta.role === 'owner'}
          onClose={() => setMembersOpen(false)}
        />
      )}
      {refusal ? (
        <p role="alert" className="error">
          {refusal}
        </p>
      ) : (
        <div className="editor-layout">
          <div className="editor-column">
            {meta && !canEdit && (
              <p className="read-only-notice">
                {t('editor.readOnlyRole', { role: t(`role.${meta.role}`) })}
              </p>
            )}
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

function parseAccessChanged(payload: string): { role: string | null } | null {
  try {
    const message: unknown = JSON.parse(payload);
    if (
      typeof message === 'object' &&
      message !== null &&
      'type' in message &&
      message.type === 'access-changed' &&
      'role' in message &&
      (typeof message.role === 'string' || message.role === null)
    ) {
      return { role: message.role };
    }
  } catch {
    // Not a message for us.
  }
  return null;
}
