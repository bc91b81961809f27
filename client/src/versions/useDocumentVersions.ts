import { useCallback, useEffect, useState } from 'react';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import type { Version } from '../../../shared/api/versions.ts';
import { ApiError } from '../api/apiClient.ts';
import { getDocument } from '../api/documentsApi.ts';
import { listVersions } from '../api/versionsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** A document's metadata (title, the user's role) and its versions, as the history pages need. */
export interface DocumentVersions {
  meta: DocumentSummary | null;
  /** Newest first; null while loading. */
  versions: Version[] | null;
  /** Why they could not be loaded, in the UI's language. */
  error: string | null;
  /** Loads the versions again, after one was named or restored. */
  reload: () => Promise<void>;
}

/** Loads a document's metadata and version list, and sets the window title. */
export function useDocumentVersions(documentId: string, pageTitle: string): DocumentVersions {
  const { t } = useI18n();
  const [meta, setMeta] = useState<DocumentSummary | null>(null);
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refuse = useCallback(
    (caught: unknown) =>
      setError(
        caught instanceof ApiError && (caught.status === 404 || caught.status === 403)
          ? t('editor.notFound')
          : errorText(caught, t),
      ),
    [t],
  );

  useEffect(() => {
    let current = true;
    getDocument(documentId).then(
      (loaded) => {
        if (current) setMeta(loaded);
      },
      (caught: unknown) => {
        if (current) refuse(caught);
      },
    );
    listVersions(documentId).then(
      (loaded) => {
        if (current) setVersions(loaded.versions);
      },
      (caught: unknown) => {
        if (current) refuse(caught);
      },
    );
    // A language switch re-runs this; an earlier answer must not land late.
    return () => {
      current = false;
    };
  }, [documentId, refuse]);

  const reload = useCallback(
    () =>
      listVersions(documentId).then(
        (loaded) => setVersions(loaded.versions),
        (caught: unknown) => refuse(caught),
      ),
    [documentId, refuse],
  );

  const title = meta?.title;
  useEffect(() => {
    if (title !== undefined) document.title = `${pageTitle} – ${title} – ${t('app.name')}`;
  }, [pageTitle, title, t]);

  return { meta, versions, error, reload };
}
