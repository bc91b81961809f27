import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import { DocumentUnloaded } from '../../shared/closeCodes.ts';
import type { Logger } from '../logger.ts';
import { CloseError } from './CloseError.ts';

/**
 * Closes the socket of a connection whose document is no longer the one Hocuspocus serves.
 *
 * Hocuspocus 3.4.4 hands a connecting client the loaded document and attaches the connection a
 * few microtasks later; if the last other client left in between, the document is unloaded in
 * that gap and the new connection ends up on a destroyed copy that no one else sees, while the
 * next client loads a fresh one. Edits applied to the stale copy would reach no peer, and the
 * stale copy's store would write its state over the fresh one's. The first message such a
 * connection sends is refused and its WebSocket closed (a document-level close would leave the
 * provider waiting), so the provider reconnects to the live copy and sends its changes again.
 */
export class LiveDocumentGuard implements Extension {
  extensionName = 'remiss-live-document';
  // Before every other extension: nothing may act on a stale copy.
  priority = 1100;

  constructor(private readonly logger: Logger) {}

  async beforeHandleMessage(payload: beforeHandleMessagePayload): Promise<void> {
    const { instance, documentName, document, connection } = payload;
    if (instance.documents.get(documentName) === document) return;
    this.logger.warn(
      'a connection was attached to an unloaded copy of its document; reconnecting it',
      {
        documentId: documentName,
        socketId: payload.socketId,
      },
    );
    connection.webSocket.close(DocumentUnloaded.code, DocumentUnloaded.reason);
    throw new CloseError(DocumentUnloaded);
  }
}
