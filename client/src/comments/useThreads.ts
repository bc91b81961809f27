import { useCallback, useEffect, useRef, useState } from 'react';
import type { Comment, Thread } from '../../../shared/api/comments.ts';
import { listThreadsCompact } from '../api/commentsApi.ts';
import { keepUnchangedThreads } from './keepUnchangedThreads.ts';
import { newCommentsFromOthers } from './newComments.ts';

/**
 * How long to wait after a `threads-changed` message before fetching the threads again, in
 * milliseconds. Several changes in a burst (a reply and a resolve) then cost one request, and
 * the sidebar still updates well within the one second that comments promise.
 * @default 100
 */
export const THREADS_REFETCH_DELAY_MS = 100;

/**
 * How long the first thread list waits for the document's socket to be let in before it is
 * fetched anyway, in milliseconds: a socket that a proxy blocks, or a server that is slow to
 * answer it, must not keep the comments away (a returning reader has the text from this
 * browser's own copy).
 * @default 2000
 */
export const THREADS_WAIT_FOR_SOCKET_MS = 2_000;

/** The threads of a document, kept current, and what changed for the screen reader. */
export interface ThreadsState {
  threads: Thread[];
  /** The last failure to load, or null. */
  error: unknown;
  /** Fetches the threads now. */
  reload: () => Promise<void>;
  /** Fetches the threads soon, collapsing bursts of change messages into one request. */
  scheduleReload: () => void;
  /**
   * Whether the last fetch started at or after `at` (a `performance.now()` time), and has not
   * failed: it is still on its way, or what is shown.
   */
  loadedSince: (at: number) => boolean;
}

/**
 * Loads a document's threads and reloads them on request. Calls `onNewFromOthers` with the
 * comments others wrote since the last load (never on the first load, which is not news).
 * A slow answer that a newer request has overtaken is dropped.
 *
 * The first load waits until `socketAdmitted` (the server has let the document's socket in, or
 * refused it), or for THREADS_WAIT_FOR_SOCKET_MS at most. On a document the server has not
 * loaded yet, both the socket and the list need it loaded, and the server does their work on one
 * thread: asked together, the list's work (reading every thread and comment, placing each
 * anchor on the text, its JSON) went first and the socket's answer, the text itself, waited
 * behind it. Asked once the socket is in, the server sends the text first and builds the list
 * while this browser takes the text in, and the threads cannot be shown on a text the editor
 * does not hold yet anyway.
 */
export function useThreads(
  documentId: string,
  userId: string,
  onNewFromOthers: (comments: Comment[]) => void,
  socketAdmitted: boolean,
): ThreadsState {
  const [threads, setThreads] = useState<Thread[]>([]);
  const [error, setError] = useState<unknown>(null);
  const shown = useRef<Thread[] | null>(null);
  const sequence = useRef(0);
  const loadStartedAt = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onNew = useRef(onNewFromOthers);
  useEffect(() => {
    onNew.current = onNewFromOthers;
  }, [onNewFromOthers]);

  const reload = useCallback(async () => {
    sequence.current += 1;
    const ticket = sequence.current;
    loadStartedAt.current = performance.now();
    try {
      const loaded = await listThreadsCompact(documentId);
      if (ticket !== sequence.current) return;
      const previous = shown.current;
      const next = previous ? keepUnchangedThreads(previous, loaded) : loaded;
      shown.current = next;
      setThreads(next);
      setError(null);
      if (previous) {
        const fresh = newCommentsFromOthers(previous, next, userId);
        if (fresh.length > 0) onNew.current(fresh);
      }
    } catch (caught) {
      if (ticket !== sequence.current) return;
      setError(caught);
      loadStartedAt.current = null;
    }
  }, [documentId, userId]);

  const loadedSince = useCallback(
    (at: number) => loadStartedAt.current !== null && loadStartedAt.current >= at,
    [],
  );

  const scheduleReload = useCallback(() => {
    if (timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void reload();
    }, THREADS_REFETCH_DELAY_MS);
  }, [reload]);

  const [waitedForSocket, setWaitedForSocket] = useState(false);
  useEffect(() => {
    // Once the socket is in, the wait is over: a timer left running would only render the whole
    // page again for nothing.
    if (socketAdmitted) return;
    const wait = setTimeout(() => setWaitedForSocket(true), THREADS_WAIT_FOR_SOCKET_MS);
    return () => clearTimeout(wait);
  }, [socketAdmitted]);
  // Both only ever turn true: once loaded, later loads come from reload and scheduleReload.
  const mayLoad = socketAdmitted || waitedForSocket;

  useEffect(() => {
    if (!mayLoad) return;
    void reload();
    return () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [reload, mayLoad]);

  return { threads, error, reload, scheduleReload, loadedSince };
}
