import type { JSONContent } from '@tiptap/core';
import { useEffect, useState } from 'react';
import type { Thread } from '../../../shared/api/comments.ts';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import type { Version } from '../../../shared/api/versions.ts';
import { listThreadsCompact } from '../api/commentsApi.ts';
import { getDocument } from '../api/documentsApi.ts';
import { getVersion, listVersions, listVersionThreads } from '../api/versionsApi.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { followLiveContent } from './liveContent.ts';

/** What a presentation is made from. */
export interface PresentationSource {
  meta: DocumentSummary | null;
  /** Newest first; null while loading. */
  versions: Version[] | null;
  /** The text presented; null while loading. */
  content: JSONContent | null;
  /** The threads of that text (as they stood then, for a version); null while loading. */
  threads: Thread[] | null;
  error: string | null;
}

/**
 * Loads the document, its versions, and the text and threads to present: a version's stored
 * text and its threads as they stood then, or the current text, followed live, and the current
 * threads.
 */
export function usePresentationSource(
  documentId: string,
  versionId: string | null,
): PresentationSource {
  const { t } = useI18n();
  const [meta, setMeta] = useState<DocumentSummary | null>(null);
  const [versions, setVersions] = useState<Version[] | null>(null);
  const [content, setContent] = useState<JSONContent | null>(null);
  const [threads, setThreads] = useState<Thread[] | null>(null);
  // The failure itself, put into words when shown, so a language switch does not load again.
  const [failure, setFailure] = useState<{ caught: unknown } | null>(null);

  useEffect(() => {
    let current = true;
    const fail = (caught: unknown) => {
      if (current) setFailure({ caught });
    };
    getDocument(documentId).then((loaded) => {
      if (current) setMeta(loaded);
    }, fail);
    listVersions(documentId).then((loaded) => {
      if (current) setVersions(loaded.versions);
    }, fail);
    return () => {
      current = false;
    };
  }, [documentId]);

  useEffect(() => {
    let current = true;
    setContent(null);
    setThreads(null);
    setFailure(null);
    const fail = (caught: unknown) => {
      if (current) setFailure({ caught });
    };
    let stop: (() => void) | null = null;
    if (versionId === null) {
      stop = followLiveContent(
        documentId,
        (live) => {
          if (current) setContent(live);
        },
        (reason) => fail(new Error(reason)),
      );
      // The compact shape, expanded, as the document page reads it: on a large draft a
      // fraction of the full list's bytes to build, send, parse and validate.
      listThreadsCompact(documentId).then((loaded) => {
        if (current) setThreads(loaded);
      }, fail);
    } else {
      getVersion(documentId, versionId).then((loaded) => {
        if (current) setContent(loaded.content);
      }, fail);
      listVersionThreads(documentId, versionId).then((loaded) => {
        if (current) setThreads(loaded.threads);
      }, fail);
    }
    return () => {
      current = false;
      stop?.();
    };
  }, [documentId, versionId]);

  return {
    meta,
    versions,
    content,
    threads,
    error: failure === null ? null : errorText(failure.caught, t),
  };
}
