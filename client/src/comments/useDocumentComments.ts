import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Comment, Thread } from '../../../shared/api/comments.ts';
import type { DocumentSummary } from '../../../shared/api/documents.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import type { AnchorLayout, CommentRequest } from './commentRequest.ts';
import { commentPermissions } from './permissions.ts';
import { filterThreads, NO_FILTER, type ThreadFilter } from './threadFilters.ts';
import { useAnnouncer } from './useAnnouncer.ts';
import { useCommentPeriodClosed } from './useCommentPeriodClosed.ts';
import { useMembers } from './useMembers.ts';
import { useThreads } from './useThreads.ts';

const NO_LAYOUT: AnchorLayout = new Map();

/**
 * The comment state of one open document, shared by the editor and the sidebar: the threads
 * (kept live), the filter, the active thread, a pending request to comment, the layout of the
 * passages, what the user may do, and the live region's text.
 */
export function useDocumentComments(
  documentId: string,
  user: SessionUser,
  meta: DocumentSummary | null,
  initialThreadId: string | null,
  /** Whether the server has let the document's socket in, or refused it (see `useThreads`). */
  socketAdmitted: boolean,
) {
  const { t } = useI18n();
  const [announcement, announce] = useAnnouncer();

  const onNewFromOthers = useCallback(
    (comments: Comment[]) => {
      for (const comment of comments) {
        announce(
          t('comments.newFrom', {
            name: comment.author.name,
            organisation: comment.author.organisation,
          }),
        );
      }
    },
    [announce, t],
  );
  const { threads, error, reload, scheduleReload, loadedSince } = useThreads(
    documentId,
    user.id,
    onNewFromOthers,
    socketAdmitted,
  );

  const [filter, setFilter] = useState<ThreadFilter>(NO_FILTER);
  const visibleThreads = useMemo(() => filterThreads(threads, filter), [threads, filter]);
  const [activeThreadId, setActiveThreadId] = useState<string | null>(initialThreadId);
  const [request, setRequest] = useState<CommentRequest | null>(null);
  const [layout, setLayoutState] = useState<AnchorLayout>(NO_LAYOUT);
  const [focusThreadId, setFocusThreadId] = useState<string | null>(null);
  const members = useMembers(documentId, user.id);

  // A notification for another thread of the open document.
  useEffect(() => {
    if (initialThreadId !== null) setActiveThreadId(initialThreadId);
  }, [initialThreadId]);

  const periodClosed = useCommentPeriodClosed(meta?.commentPeriod?.closesAt ?? null);
  const permissions = useMemo(
    () => (meta ? commentPermissions(meta.role, user, periodClosed) : null),
    [meta, user, periodClosed],
  );
  const closedReason = permissions?.closedByPeriod ? t('comments.period.closedReason') : null;

  const requestComment = useCallback((next: CommentRequest) => {
    setActiveThreadId(null);
    setRequest(next);
  }, []);
  const cancelRequest = useCallback(() => setRequest(null), []);

  const created = useCallback(
    (thread: Thread) => {
      setRequest(null);
      setActiveThreadId(thread.id);
      setFocusThreadId(thread.id);
      announce(t('comments.published'));
      void reload();
    },
    [announce, reload, t],
  );

  const changed = useCallback(
    (message: string) => {
      announce(message);
      void reload();
    },
    [announce, reload],
  );

  const focused = useCallback(() => setFocusThreadId(null), []);

  // A passage that vanishes from the text has most likely been deleted; the server then reports
  // its thread as "text removed", with the original quote. Edits to the text send no thread
  // message, so ask for the threads again.
  const shownLayout = useRef<AnchorLayout>(NO_LAYOUT);
  const setLayout = useCallback(
    (next: AnchorLayout) => {
      const previous = shownLayout.current;
      shownLayout.current = next;
      setLayoutState(next);
      if ([...previous.keys()].some((threadId) => !next.has(threadId))) scheduleReload();
    },
    [scheduleReload],
  );

  return {
    threads,
    visibleThreads,
    loadError: error === null ? null : commentErrorText(error, t),
    scheduleReload,
    loadedSince,
    filter,
    setFilter,
    activeThreadId,
    activate: setActiveThreadId,
    request,
    requestComment,
    cancelRequest,
    created,
    changed,
    layout,
    setLayout,
    focusThreadId,
    focused,
    members,
    periodClosed,
    permissions,
    closedReason,
    announcement,
  };
}
