import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { LOCAL_USER_ID } from './factories.ts';
import type { TestServer } from './startTestServer.ts';

/** A Node collaboration client: a real @hocuspocus/provider over a real WebSocket. */
export interface TestClient {
  ydoc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  /** Resolves once the first sync with the server has finished. */
  synced: Promise<void>;
  /** Resolves when every local change so far has been acknowledged (unsyncedChanges is 0). */
  allAcked(timeoutMs?: number): Promise<void>;
  destroy(): void;
}

/**
 * `ws` with an error listener that stays. When the provider gives up on a connection attempt, it
 * removes its own listeners and then closes the still-connecting socket; `ws` reports that
 * aborted handshake as an `error` event, which Node turns into an uncaught exception when no
 * listener is left. Browsers' WebSocket never throws there, so this only quiets a Node artefact.
 */
class ProviderWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => undefined);
  }
}

/**
 * Connects a provider to `server` for `documentId` with a token from `getToken`. Node 20 has no
 * global WebSocket, so the `ws` package is passed as the polyfill, and because we hand the
 * provider our own socket it must be attached explicitly.
 */
export function connectClient(
  url: string,
  documentId: string,
  getToken: () => string | Promise<string>,
  options: { onAuthenticationFailed?: (reason: string) => void } = {},
): TestClient {
  const ydoc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `${url.replace(/^http/, 'ws')}/collab`,
    WebSocketPolyfill: ProviderWebSocket,
    // Tests reconnect quickly after a server restart.
    delay: 50,
    maxDelay: 500,
    minDelay: 50,
  });
  let resolveSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => {
    resolveSynced = resolve;
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentId,
    document: ydoc,
    token: async () => getToken(),
    onSynced: () => resolveSynced(),
    onAuthenticationFailed: ({ reason }) => options.onAuthenticationFailed?.(reason),
  });
  provider.attach();
  const allAcked = (timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (provider.synced && provider.unsyncedChanges === 0) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        provider.off('unsyncedChanges', check);
        reject(new Error(`changes not acknowledged within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = () => {
        if (provider.unsyncedChanges === 0) {
          clearTimeout(timer);
          provider.off('unsyncedChanges', check);
          resolve();
        }
      };
      provider.on('unsyncedChanges', check);
    });
  return {
    ydoc,
    provider,
    socket,
    synced,
    allAcked,
    destroy: () => {
      provider.destroy();
      socket.destroy();
      ydoc.destroy();
    },
  };
}

/** Connects as the server's local user, with a freshly issued collaboration token. */
export function connectLocalUser(server: TestServer, documentId: string): TestClient {
  return connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(LOCAL_USER_ID, documentId).token,
  );
}
