import { useCallback, useId, useState } from 'react';
import { canEditText } from '../../../shared/api/roles.ts';
import type { Version } from '../../../shared/api/versions.ts';
import { CURRENT_TEXT } from '../api/versionsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ImportForm } from '../import/ImportForm.tsx';
import type { Route } from '../useRoute.ts';
import { CompareForm } from './CompareForm.tsx';
import { NameVersionForm } from './NameVersionForm.tsx';
import { RestoreDialog } from './RestoreDialog.tsx';
import { useDocumentVersions } from './useDocumentVersions.ts';
import { versionLabel } from './versionLabel.ts';
import { VersionItem } from './VersionItem.tsx';
import { MAX_VERSIONS_LISTED } from '../../../shared/limits.ts';
import { VersionsBreadcrumbs } from './VersionsBreadcrumbs.tsx';

/**
 * A document's history: named versions and checkpoints, newest first, each with who, when and
 * how much changed, and ways to read, compare and (for editors) restore it. Editors can also name
 * the current text. Commenters and viewers see the same history without those two.
 */
export function VersionsPage({
  documentId,
  navigate,
}: {
  documentId: string;
  navigate: (route: Route) => void;
}) {
  const { t } = useI18n();
  const listHeadingId = useId();
  const { meta, versions, error, reload } = useDocumentVersions(documentId, t('versions.button'));
  const [restoring, setRestoring] = useState<Version | null>(null);
  const canEdit = meta !== null && canEditText(meta.role);
  const onChanged = useCallback(() => void reload(), [reload]);

  return (
    <div className="page versions-page">
      <VersionsBreadcrumbs documentId={documentId} showHistory={false} navigate={navigate} />
      <h1>{t('versions.heading', { title: meta?.title ?? '…' })}</h1>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        <>
          {canEdit && <NameVersionForm documentId={documentId} onCreated={onChanged} />}
          {canEdit && (
            <ImportForm
              target={{ kind: 'version', documentId }}
              navigate={navigate}
              onImported={onChanged}
            />
          )}
          {versions && versions.length > 0 && (
            <CompareForm
              versions={versions}
              from={versions[0]?.id ?? CURRENT_TEXT}
              to={CURRENT_TEXT}
              onCompare={(from, to) => navigate({ name: 'compare', id: documentId, from, to })}
            />
          )}
          <section aria-labelledby={listHeadingId}>
            <h2 id={listHeadingId}>{t('versions.listHeading')}</h2>
            {versions === null ? (
              <p aria-live="polite">{t('versions.loading')}</p>
            ) : versions.length === 0 ? (
              <p>{t('versions.empty')}</p>
            ) : (
              <ol className="version-list">
                {versions.map((version, index) => (
                  <VersionItem
                    key={version.id}
                    documentId={documentId}
                    version={version}
                    previous={versions[index + 1] ?? null}
                    // The list holds every version unless it was cut at the limit.
                    isFirst={index === versions.length - 1 && versions.length < MAX_VERSIONS_LISTED}
                    canEdit={canEdit}
                    navigate={navigate}
                    onRestore={setRestoring}
                  />
                ))}
              </ol>
            )}
          </section>
        </>
      )}
      {restoring && (
        <RestoreDialog
          documentId={documentId}
          versionId={restoring.id}
          name={versionLabel(restoring, t)}
          onRestored={onChanged}
          onClose={() => setRestoring(null)}
        />
      )}
    </div>
  );
}
