import type { afterLoadDocumentPayload, Connection, Document, Extension } from '@hocuspocus/server';
import { OutgoingMessage } from '@hocuspocus/server';
import type { Logger } from '../logger.ts';
import { turnFrames } from './turnFrames.ts';

// Hocuspocus 3.4.4 binds Document.handleUpdate in the constructor; a bound function's name is
// "bound " plus the method's.
const HOCUSPOCUS_BROADCAST = 'bound handleUpdate';

/** Where a turn's fan-out is scheduled: the corker that holds the collaboration sockets. */
export interface TurnEnd {
  /** Runs `task` at the end of this event-loop turn, before the held sockets are flushed. */
  atTurnEnd(task: () => void): void;
}

/**
 * Takes over relaying document updates on `document` from Hocuspocus' own `'update'` listener,
 * which sends each update as its own frame, copied for every connection (`toUint8Array` inside
 * the loop of `Document.handleUpdate`). Here the updates of one event-loop turn are sent
 * together at its end (`turn`, before the corker flushes the sockets): merged into one update
 * (`Y.mergeUpdates`) in one frame, encoded once, and the same bytes go to every connection
 * (`ws` frames a buffer without copying it, since servers do not mask). At 200 clients a frame
 * costs the server one `ws.send` per connection, whatever it holds; merging the keystrokes that
 * arrive in one turn cuts that by the number of them (docs/benchmarks.md).
 *
 * Only updates Yjs itself encoded are merged: the ones the document's `'update'` event hands
 * over, after they were applied to the server's copy. Never a client's raw bytes, on which
 * `mergeUpdates` can loop (yjs #687). Should merging throw anyway, the turn's updates go out
 * one frame each, as before, so nothing is lost (`turnFrames`, where that is tested).
 *
 * Everything else is as Hocuspocus does it: the document's `onUpdate` callback (Hocuspocus'
 * `onChange` hooks and debounced store) runs at once with the same arguments, and every
 * connection the document has at the end of the turn gets the frame, the authors' included
 * (Hocuspocus 3.4.4 echoes each update to its sender too). A connection that joins within the
 * turn gets updates applied before it joined twice (in its SyncStep2 and in the frame), which
 * Yjs ignores; one that closes within the turn gets nothing more, and the others lose nothing.
 * The listener takes the place of Hocuspocus' one in the document's listener list, so the
 * listeners registered after it still run after it. Peers get an edit at the end of the turn
 * it was applied in, which is when the corked sockets would have sent it anyway; the writer's
 * ack does not wait for it (docs/architecture.md: peers may see an edit a moment before it is
 * stored; the ack is what waits, for the store).
 *
 * Returns false, and leaves the document as it was, if Hocuspocus' listener is not found (a
 * version that relays differently); updates are then relayed by Hocuspocus as before.
 */
export function broadcastUpdatesOnce(document: Document, turn: TurnEnd, logger?: Logger): boolean {
  const registered: unknown = document._observers.get('update');
  if (!(registered instanceof Set)) return false;
  const listeners: unknown[] = [...registered];
  const hocuspocusListener = listeners.find(
    (listener) => typeof listener === 'function' && listener.name === HOCUSPOCUS_BROADCAST,
  );
  if (hocuspocusListener === undefined) return false;

  let pending: Uint8Array[] = [];
  const send = (update: Uint8Array) => {
    const message = new OutgoingMessage(document.name)
      .createSyncMessage()
      .writeUpdate(update)
      .toUint8Array();
    for (const connection of document.getConnections()) connection.send(message);
  };
  const flush = () => {
    const updates = pending;
    pending = [];
    for (const frame of turnFrames(updates, { documentId: document.name, logger })) send(frame);
  };
  const broadcast = (update: Uint8Array, origin: unknown) => {
    // Hocuspocus passes the transaction origin as "the connection" whatever it is (a
    // Connection for client updates, anything else for server changes), and so do we.
    document.callbacks.onUpdate(document, origin as Connection, update);
    pending.push(update);
    if (pending.length === 1) turn.atTurnEnd(flush);
  };
  // lib0 calls listeners in the order of this set; rebuilding it keeps every one in its place.
  registered.clear();
  for (const listener of listeners) {
    registered.add(listener === hocuspocusListener ? broadcast : listener);
  }
  return true;
}

/**
 * Relays the updates of each turn, of every document, merged into one frame encoded once; see
 * {@link broadcastUpdatesOnce}.
 */
export class BroadcastOnceExtension implements Extension {
  extensionName = 'remiss-broadcast-once';

  /**
   * @param turn where each turn's fan-out runs: the corker that holds the collaboration sockets
   *   (`attachCollabSocket`), so the merged frame leaves with the rest of the turn's frames.
   */
  constructor(
    private readonly logger: Logger,
    private readonly turn: TurnEnd,
  ) {}

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    if (!broadcastUpdatesOnce(document, this.turn, this.logger)) {
      this.logger.warn('updates are relayed by Hocuspocus: it relays them differently', {
        documentId: documentName,
      });
    }
  }
}
