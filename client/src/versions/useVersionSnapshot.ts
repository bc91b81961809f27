import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import type { Thread } from '../../../shared/api/comments.ts';
import type { Version } from '../../../shared/api/versions.ts';
import { getVersion, getVersionState, listVersionThreads } from '../api/versionsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** One version as the version view shows it. */
export interface VersionSnapshot {
  version: Version | null;
  /** A Y.Doc of its own holding the version's state; null while loading. */
  ydoc: Y.Doc | null;
  /** The threads as they stood then; null while loading. */
  threads: Thread[] | null;
  error: string | null;
}

/**
 * Loads a version, its Yjs state into a fresh Y.Doc (destroyed when the view goes), and its
 * threads as they stood then. `listed` is the version from the list, when the list has it, so
 * its details need not be fetched again.
 */
export function useVersionSnapshot(
  documentId: string,
  versionId: string,
  listed: Version | null,
  listLoaded: boolean,
): VersionSnapshot {
  const { t } = useI18n();
  const [fetched, setFetched] = useState<Version | null>(null);
  const [ydoc, setYdoc] = useState<Y.Doc | null>(null);
  const [threads, setThreads] = useState<Thread[] | null>(null);
  // The failure itself, put into words when shown, so a language switch does not load again.
  const [failure, setFailure] = useState<{ caught: unknown } | null>(null);

  // The list holds the newest versions only; an older one is read on its own.
  const needsDetails = listLoaded && listed === null;
  useEffect(() => {
    if (!needsDetails) return;
    let current = true;
    getVersion(documentId, versionId).then(
      (loaded) => {
        if (current) setFetched(loaded);
      },
      (caught: unknown) => {
        if (current) setFailure({ caught });
      },
    );
    return () => {
      current = false;
    };
  }, [documentId, versionId, needsDetails]);

  useEffect(() => {
    let current = true;
    let doc: Y.Doc | null = null;
    getVersionState(documentId, versionId).then(
      (state) => {
        if (!current) return;
        doc = new Y.Doc();
        Y.applyUpdate(doc, state);
        setYdoc(doc);
      },
      (caught: unknown) => {
        if (current) setFailure({ caught });
      },
    );
    listVersionThreads(documentId, versionId).then(
      (loaded) => {
        if (current) setThreads(loaded.threads);
      },
      (caught: unknown) => {
        if (current) setFailure({ caught });
      },
    );
    return () => {
      current = false;
      doc?.destroy();
      setYdoc(null);
    };
  }, [documentId, versionId]);

  return {
    version: listed ?? fetched,
    ydoc,
    threads,
    error: failure === null ? null : errorText(failure.caught, t),
  };
}
