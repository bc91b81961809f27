import { useCallback, useEffect, useState } from 'react';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import { canEditText } from '../../../shared/api/roles.ts';
import type { ServerMessage } from '../../../shared/api/serverMessages.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { DocumentLoadFailed, TooManyConnections } from '../../../shared/closeCodes.ts';
import { ApiError } from '../api/apiClient.ts';
import { getDocument } from '../api/documentsApi.ts';
import { LazyBoundary } from '../components/LazyBoundary.tsx';
import { RouteLink } from '../components/RouteLink.tsx';
import { DEFAULT_SLIDE_LEVEL } from '../presentation/presentRoute.ts';
import { CommentPeriodDialog } from '../comments/CommentPeriodDialog.tsx';
import { CommentPeriodNotice } from '../comments/CommentPeriodNotice.tsx';
import { CommentSidebar } from '../comments/CommentSidebar.tsx';
import { useDocumentComments } from '../comments/useDocumentComments.ts';
import { useServerMessages } from '../comments/useServerMessages.ts';
import { DocumentEditor } from '../editor/DocumentEditor.tsx';
import { PresenceList } from '../editor/PresenceList.tsx';
import { SyncStatus } from '../editor/SyncStatus.tsx';
import { useCollaboration } from '../editor/useCollaboration.ts';
import { useLeaveWarning } from '../editor/useLeaveWarning.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { notifyInboxChanged } from '../notifications/inboxEvents.ts';
import { routePath, type Route } from '../useRoute.ts';
import { AuditDialog, ExportDialog, MembersDialog } from './editorDialogs.ts';

/**
 * One document: its title, save status, comment deadline, who is present, the editor and the
 * comments beside it. `threadId` opens on that thread (from a notification).
 */
export function EditorPage({
  documentId,
  threadId,
  user,
  navigate,
}: {
  documentId: string;
  threadId?: string;
  user: SessionUser;
  navigate: (route: Route) => void;
}) {
  const { t } = useI18n();
  const [meta, setMeta] = useState<DocumentSummary | null>(null);
  const [metaError, setMetaError] = useState<string | null>(null);
  const { collaboration, state } = useCollaboration(documentId);
  const [membersOpen, setMembersOpen] = useState(false);
  const [auditOpen, setAuditOpen] = useState(false);
  const [periodOpen, setPeriodOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [accessNotice, setAccessNotice] = useState<string | null>(null);
  const comments = useDocumentComments(
    documentId,
    user,
    meta,
    threadId ?? null,
    state.admitted || state.refused !== null,
  );
  const { scheduleReload, loadedSince } = comments;

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

  // The server tells open sockets about changes to access, threads, metadata and the inbox.
  const onServerMessage = useCallback(
    (message: ServerMessage) => {
      switch (message.type) {
        case 'access-changed':
          if (message.role === null) {
            setAccessNotice(t('editor.accessRemoved'));
            setMeta(null);
            return;
          }
          void loadMeta().then((loaded) => {
            if (loaded) {
              setAccessNotice(t('editor.accessChanged', { role: t(`role.${loaded.role}`) }));
            }
          });
          return;
        case 'threads-changed':
          scheduleReload();
          return;
        case 'document-changed':
          void loadMeta();
          return;
        case 'notifications-changed':
          notifyInboxChanged();
          return;
        case 'document-too-large':
          setAccessNotice(
            t('editor.documentTooLarge', { size: String(Math.floor(message.maxBytes / 1e6)) }),
          );
          return;
      }
    },
    [loadMeta, scheduleReload, t],
  );
  useServerMessages(collaboration?.provider ?? null, onServerMessage);

  // Messages sent while the socket was down are lost; catch up when it is back.
  useEffect(() => {
    if (!collaboration) return;
    const { provider } = collaboration;
    // A list asked for since this socket was let in holds every change not told to the socket
    // (the server reads its rows only once the socket gets the document's messages), so the
    // first sync after opening asks for nothing more: a second full list per participant, on a
    // large draft that a whole workshop opens at once.
    const onSynced = () => {
      const admittedAt = collaboration.admittedAt();
      if (admittedAt !== null && loadedSince(admittedAt)) return;
      scheduleReload();
    };
    provider.on('synced', onSynced);
    return () => {
      provider.off('synced', onSynced);
    };
  }, [collaboration, scheduleReload, loadedSince]);

  useEffect(() => {
    if (meta) document.title = `${meta.title} – ${t('app.name')}`;
  }, [meta, t]);

  // Closing the tab with changes the server has not confirmed asks first.
  useLeaveWarning(collaboration?.saves ?? null);

  const refusal =
    (accessNotice === t('editor.accessRemoved') ? accessNotice : null) ??
    metaError ??
    (state.refused === null
      ? null
      : state.refused === DocumentLoadFailed.reason
        ? t('editor.loadFailed')
        : state.refused === TooManyConnections.reason
          ? t('editor.tooManyConnections')
          : t('editor.notFound'));
  const canEdit = meta !== null && canEditText(meta.role);
  const permissions = comments.permissions;
  const closesAt = meta?.commentPeriod?.closesAt ?? null;

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
            <RouteLink
              className="button-link"
              to={{ name: 'versions', id: documentId }}
              navigate={navigate}
            >
              {t('versions.button')}
            </RouteLink>
          )}
          {meta && (
            <RouteLink
              className="button-link"
              to={{
                name: 'present',
                id: documentId,
                version: null,
                level: DEFAULT_SLIDE_LEVEL,
                spotlight: [],
              }}
              navigate={navigate}
            >
              {t('presentation.button')}
            </RouteLink>
          )}
          {meta && (
            <button type="button" onClick={() => setExportOpen(true)}>
              {t('export.button')}
            </button>
          )}
          {meta && permissions?.canSetPeriod && (
            <button type="button" onClick={() => setPeriodOpen(true)}>
              {t('comments.period.button')}
            </button>
          )}
          {meta && (
            <button type="button" onClick={() => setMembersOpen(true)}>
              {t('members.button')}
            </button>
          )}
          {/* Site admins act as owners everywhere, so the document's role covers them too. */}
          {meta && (meta.role === 'owner' || user.isAdmin) && (
            <button type="button" onClick={() => setAuditOpen(true)}>
              {t('audit.button')}
            </button>
          )}
          <SyncStatus state={state} saves={collaboration?.saves ?? null} />
        </div>
      </div>
      <CommentPeriodNotice closesAt={closesAt} closed={comments.periodClosed} />
      {accessNotice && accessNotice !== t('editor.accessRemoved') && (
        <p role="status" className="access-notice">
          {accessNotice}
        </p>
      )}
      {membersOpen && meta && (
        <LazyBoundary resetKey="members">
          <MembersDialog
            documentId={documentId}
            title={meta.title}
            user={user}
            isOwner={meta.role === 'owner'}
            onClose={() => setMembersOpen(false)}
          />
        </LazyBoundary>
      )}
      {auditOpen && meta && (
        <LazyBoundary resetKey="audit">
          <AuditDialog
            documentId={documentId}
            title={meta.title}
            onClose={() => setAuditOpen(false)}
          />
        </LazyBoundary>
      )}
      {exportOpen && meta && (
        <LazyBoundary resetKey="export">
          <ExportDialog
            documentId={documentId}
            versionId={null}
            name={null}
            onClose={() => setExportOpen(false)}
          />
        </LazyBoundary>
      )}
      {periodOpen && meta && (
        <CommentPeriodDialog
          documentId={documentId}
          closesAt={closesAt}
          onSaved={() => void loadMeta()}
          onClose={() => setPeriodOpen(false)}
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
                {t(
                  meta.role === 'commenter'
                    ? 'editor.readOnly.commenter'
                    : 'editor.readOnly.viewer',
                  {
                    role: t(`role.${meta.role}`),
                  },
                )}
              </p>
            )}
            {meta && collaboration && (
              <DocumentEditor
                session={collaboration}
                user={user}
                canEdit={canEdit}
                canComment={permissions?.canWrite ?? false}
                threads={comments.visibleThreads}
                activeThreadId={comments.activeThreadId}
                onActivateThread={comments.activate}
                onRequestComment={comments.requestComment}
                onAnchorLayout={comments.setLayout}
              />
            )}
          </div>
          <aside className="editor-aside" aria-label={t('comments.asideLabel')}>
            {collaboration && <PresenceList provider={collaboration.provider} />}
            {meta && permissions && (
              <CommentSidebar
                documentId={documentId}
                user={user}
                permissions={permissions}
                allThreads={comments.threads}
                threads={comments.visibleThreads}
                filter={comments.filter}
                onFilterChange={comments.setFilter}
                layout={comments.layout}
                activeThreadId={comments.activeThreadId}
                onActivate={comments.activate}
                request={comments.request}
                onCancelRequest={comments.cancelRequest}
                onCreated={comments.created}
                onChanged={comments.changed}
                announcement={comments.announcement}
                closedReason={comments.closedReason}
                loadError={comments.loadError}
                members={comments.members}
                focusThreadId={comments.focusThreadId}
                onFocused={comments.focused}
              />
            )}
          </aside>
        </div>
      )}
    </div>
  );
}
