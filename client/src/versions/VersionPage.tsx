import { useState } from 'react';
import { canEditText } from '../../../shared/api/roles.ts';
import { CURRENT_TEXT } from '../api/versionsApi.ts';
import type { AnchorLayout } from '../comments/commentRequest.ts';
import { formatDateTime } from '../comments/formatTime.ts';
import { RouteLink } from '../components/RouteLink.tsx';
import { DEFAULT_SLIDE_LEVEL } from '../presentation/presentRoute.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { Route } from '../useRoute.ts';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { RestoreDialog } from './RestoreDialog.tsx';
import { useDocumentVersions } from './useDocumentVersions.ts';
import { useVersionSnapshot } from './useVersionSnapshot.ts';
import { versionLabel } from './versionLabel.ts';
import { VersionText } from './VersionText.tsx';
import { VersionThreadList } from './VersionThreadList.tsx';
import { VersionsBreadcrumbs } from './VersionsBreadcrumbs.tsx';

const NO_ANCHORS: AnchorLayout = new Map();

/**
 * One version, read-only and exactly as it was, with its numbering, and beside it the threads as
 * they stood when it was made. Links compare it with the current text; editors can restore it.
 */
export function VersionPage({
  documentId,
  versionId,
  navigate,
}: {
  documentId: string;
  versionId: string;
  navigate: (route: Route) => void;
}) {
  const { t, locale } = useI18n();
  const {
    meta,
    versions,
    error: listError,
    reload,
  } = useDocumentVersions(documentId, t('versions.button'));
  const listed = versions?.find((candidate) => candidate.id === versionId) ?? null;
  const snapshot = useVersionSnapshot(documentId, versionId, listed, versions !== null);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(null);
  const [anchors, setAnchors] = useState<AnchorLayout>(NO_ANCHORS);
  const [restoring, setRestoring] = useState(false);
  const [exporting, setExporting] = useState(false);

  const version = snapshot.version;
  const label = version ? versionLabel(version, t) : '';
  const error = listError ?? snapshot.error;
  const canEdit = meta !== null && canEditText(meta.role);

  return (
    <div className="page editor-page version-page">
      <VersionsBreadcrumbs documentId={documentId} showHistory navigate={navigate} />
      <div className="editor-header">
        <h1>
          {version ? t('versions.version.heading', { name: label }) : t('versions.version.loading')}
        </h1>
        {version && (
          <div className="editor-header-end">
            <RouteLink
              className="button-link"
              to={{ name: 'compare', id: documentId, from: version.id, to: CURRENT_TEXT }}
              navigate={navigate}
            >
              {t('versions.compareCurrent')}
            </RouteLink>
            <RouteLink
              className="button-link"
              to={{
                name: 'present',
                id: documentId,
                version: version.id,
                level: DEFAULT_SLIDE_LEVEL,
                spotlight: [],
              }}
              navigate={navigate}
            >
              {t('presentation.button')}
            </RouteLink>
            <button type="button" onClick={() => setExporting(true)}>
              {t('export.button')}
            </button>
            {canEdit && (
              <button type="button" onClick={() => setRestoring(true)}>
                {t('versions.restore')}
              </button>
            )}
          </div>
        )}
      </div>
      {version && (
        <p className="version-meta">
          <time dateTime={version.createdAt}>{formatDateTime(version.createdAt, locale)}</time>
          {version.createdBy &&
            ` · ${t('versions.createdBy', {
              name: version.createdBy.name,
              organisation: version.createdBy.organisation,
            })}`}
          {meta && ` · ${meta.title}`}
        </p>
      )}
      {version?.note && <p className="version-note">{version.note}</p>}
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        <div className="editor-layout">
          <div className="editor-column">
            <p className="read-only-notice">{t('versions.version.readOnly')}</p>
            {snapshot.ydoc ? (
              <VersionText
                ydoc={snapshot.ydoc}
                label={t('versions.version.textLabel', { name: label })}
                threads={snapshot.threads ?? []}
                activeThreadId={activeThreadId}
                onActivateThread={setActiveThreadId}
                onAnchorLayout={setAnchors}
              />
            ) : (
              <p aria-live="polite">{t('versions.version.loading')}</p>
            )}
          </div>
          <aside className="editor-aside" aria-label={t('versions.threads.asideLabel')}>
            <VersionThreadList
              threads={snapshot.threads}
              layout={anchors}
              activeThreadId={activeThreadId}
              onActivate={setActiveThreadId}
            />
          </aside>
        </div>
      )}
      {exporting && version && (
        <ExportDialog
          documentId={documentId}
          versionId={version.id}
          name={label}
          onClose={() => setExporting(false)}
        />
      )}
      {restoring && version && (
        <RestoreDialog
          documentId={documentId}
          versionId={version.id}
          name={label}
          onRestored={() => void reload()}
          onClose={() => setRestoring(false)}
        />
      )}
    </div>
  );
}
