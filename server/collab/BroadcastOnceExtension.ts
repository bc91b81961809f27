import type { afterLoadDocumentPayload, Connection, Document, Extension } from '@hocuspocus/server';
import { OutgoingMessage } from '@hocuspocus/server';
import type { Logger } from '../logger.ts';

// Hocuspocus 3.4.4 binds Document.handleUpdate in the constructor; a bound function's name is
// "bound " plus the method's.
const HOCUSPOCUS_BROADCAST = 'bound handleUpdate';

/**
 * Takes over relaying document updates on `document` from Hocuspocus' own `'update'` listener,
 * which builds the frame once and then copies it for every connection (`toUint8Array` inside
 * the loop of `Document.handleUpdate`). Here the frame is encoded once and the same bytes go to
 * every connection: `ws` frames a buffer without copying it, since servers do not mask.
 *
 * Everything else is as Hocuspocus does it: the document's `onUpdate` callback (Hocuspocus'
 * `onChange` hooks and debounced store) runs first with the same arguments, and every
 * connection gets the frame, the author's included. The listener takes the place of
 * Hocuspocus' one in the document's listener list, so the broadcast still runs before the
 * listeners registered after it (docs/architecture.md: peers may see an edit a moment before
 * it is stored; the ack is what waits).
 *
 * Returns false, and leaves the document as it was, if Hocuspocus' listener is not found (a
 * version that relays differently); updates are then relayed by Hocuspocus as before.
 */
export function broadcastUpdatesOnce(document: Document): boolean {
  const registered: unknown = document._observers.get('update');
  if (!(registered instanceof Set)) return false;
  const listeners: unknown[] = [...registered];
  const hocuspocusListener = listeners.find(
    (listener) => typeof listener === 'function' && listener.name === HOCUSPOCUS_BROADCAST,
  );
  if (hocuspocusListener === undefined) return false;

  const broadcast = (update: Uint8Array, origin: unknown) => {
    // Hocuspocus passes the transaction origin as "the connection" whatever it is (a
    // Connection for client updates, anything else for server changes), and so do we.
    document.callbacks.onUpdate(document, origin as Connection, update);
    const message = new OutgoingMessage(document.name)
      .createSyncMessage()
      .writeUpdate(update)
      .toUint8Array();
    for (const connection of document.getConnections()) connection.send(message);
  };
  // lib0 calls listeners in the order of this set; rebuilding it keeps every one in its place.
  registered.clear();
  for (const listener of listeners) {
    registered.add(listener === hocuspocusListener ? broadcast : listener);
  }
  return true;
}

/** Relays every document's updates encoded once; see {@link broadcastUpdatesOnce}. */
export class BroadcastOnceExtension implements Extension {
  extensionName = 'remiss-broadcast-once';

  constructor(private readonly logger: Logger) {}

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    if (!broadcastUpdatesOnce(document)) {
      this.logger.warn('updates are relayed by Hocuspocus: it relays them differently', {
        documentId: documentName,
      });
    }
  }
}
