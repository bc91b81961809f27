import {
  HocuspocusProvider,
  HocuspocusProviderWebsocket,
  WebSocketStatus,
} from '@hocuspocus/provider';
import { useEffect, useState } from 'react';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { fetchCollabToken } from '../api/documentsApi.ts';
import { parseServerMessage } from '../comments/useServerMessages.ts';
import { LocalCaretAwareness } from './LocalCaretAwareness.ts';
import { SaveTracker } from './SaveTracker.ts';

/**
 * What the page shows about the connection. The count of unsaved changes is not part of it: it
 * changes twice per keystroke, and the page would render its whole tree again each time. Those
 * that show it subscribe to the tracker themselves (useSaveIndicator, useLeaveWarning).
 */
export interface ConnectionState {
  connection: WebSocketStatus;
  /** True once the first sync with the server has finished. */
  synced: boolean;
  /**
   * True once the server has let this socket in (accepted its token), and from then on, also
   * while reconnecting. The first thread list waits for it (see `useThreads`).
   */
  admitted: boolean;
  /** Why the server refused this document (a reason from shared/closeCodes.ts), if it did. */
  refused: string | null;
}

/** What the editor shows about the connection and saving. */
export interface CollaborationState extends ConnectionState {
  /** Changes made here that the server has not yet confirmed as stored. */
  unsynced: number;
}

/** A live collaboration session for one document. */
export interface Collaboration {
  ydoc: Y.Doc;
  provider: HocuspocusProvider;
  /** Whether every local change is stored: the truth after a reconnect, unlike the provider's. */
  saves: SaveTracker;
  /**
   * When the server last let this socket in (`performance.now()`), or null before it has. Read
   * when the socket syncs, which comes after, without waiting for React to render.
   */
  admittedAt: () => number | null;
}

/** Retries for fetching a token right after the socket opened (the network may still be flaky). */
const TOKEN_ATTEMPTS = 4;

async function tokenWithRetry(documentId: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return (await fetchCollabToken(documentId)).token;
    } catch (error) {
      if (attempt >= TOKEN_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

function collabUrl(): string {
  const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${window.location.host}/collab`;
}

/**
 * Opens a document for collaboration: a Y.Doc kept in IndexedDB, so edits made offline survive
 * a closed tab and merge when the connection returns, and a Hocuspocus provider that
 * authenticates with a fresh short-lived token on every (re)connect.
 */
export function useCollaboration(documentId: string): {
  collaboration: Collaboration | null;
  state: ConnectionState;
} {
  const [collaboration, setCollaboration] = useState<Collaboration | null>(null);
  const [state, setState] = useState<ConnectionState>({
    connection: WebSocketStatus.Connecting,
    synced: false,
    admitted: false,
    refused: null,
  });

  useEffect(() => {
    const ydoc = new Y.Doc();
    // Before anything can change the document, so that every local change is counted.
    const saves = new SaveTracker(ydoc, documentId);
    const local = new IndexeddbPersistence(`remiss:${documentId}`, ydoc);
    let admittedAt: number | null = null;
    // The socket is built here, not by the provider, so that its frames pass through the tracker:
    // the provider's own unsynced count says "saved" too early after a reconnect.
    const socket = new HocuspocusProviderWebsocket({
      url: collabUrl(),
      WebSocketPolyfill: saves.socketClass(),
    });
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: documentId,
      document: ydoc,
      awareness: new LocalCaretAwareness(ydoc),
      token: () => tokenWithRetry(documentId),
      onStatus: ({ status }) => setState((s) => ({ ...s, connection: status })),
      onAuthenticated: () => {
        admittedAt = performance.now();
        setState((s) => (s.admitted ? s : { ...s, admitted: true }));
      },
      onSynced: () => setState((s) => ({ ...s, synced: true, refused: null })),
      onAuthenticationFailed: ({ reason }) => setState((s) => ({ ...s, refused: reason })),
    });
    provider.attach();
    setCollaboration({ ydoc, provider, saves, admittedAt: () => admittedAt });

    // The browser knows it is offline before the socket's heartbeat notices; say so at once and
    // reconnect as soon as the network is back.
    const onOffline = () => socket.disconnect();
    const onOnline = () => void socket.connect();
    // A role change flips whether the server stores what this socket sends, and the tracker
    // judges a socket by the grant it authenticated with: a fresh socket authenticates with the
    // new role, and its first answer carries whatever the old one could not store.
    const onStateless = ({ payload }: { payload: string }) => {
      const message = parseServerMessage(payload);
      if (message?.type !== 'access-changed' || message.role === null) return;
      // connect() does nothing while the socket still counts as connected, and closing takes a
      // round trip: connect again once it has closed.
      const reopen = () => {
        socket.off('disconnect', reopen);
        void socket.connect();
      };
      socket.on('disconnect', reopen);
      socket.disconnect();
    };
    provider.on('stateless', onStateless);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);

    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      provider.off('stateless', onStateless);
      provider.destroy();
      socket.destroy();
      saves.destroy();
      void local.destroy();
      ydoc.destroy();
      setCollaboration(null);
    };
  }, [documentId]);

  return { collaboration, state };
}
