import type { afterLoadDocumentPayload, Document, Extension } from '@hocuspocus/server';
import { OutgoingMessage } from '@hocuspocus/server';
import { PRESENCE_BATCH_INTERVAL_MS } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';

/** What y-protocols' Awareness emits with every `update`. */
interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/** Hocuspocus' bookkeeping of one socket's connection to a document. */
interface ConnectionEntry {
  clients: Set<unknown>;
}

// Hocuspocus 3.4.4 binds Document.handleAwarenessUpdate in the constructor; a bound function's
// name is "bound " plus the method's.
const HOCUSPOCUS_BROADCAST = 'bound handleAwarenessUpdate';

/**
 * Takes over relaying presence (awareness) on `document`: instead of Hocuspocus' own listener,
 * which encodes every update once per connection and sends it to every connection at once, the
 * clients whose state changed are collected and sent to every connection together, encoded
 * once, at most once per `intervalMs`. The first change after a quiet spell goes out at once (on
 * the next turn of the event loop); changes during the interval wait for its end.
 *
 * With N people moving their carets, Hocuspocus sends N² frames a second; batched, a document
 * sends at most N × 1000 / intervalMs, each frame carrying every caret that moved. The bench
 * (docs/benchmarks.md) found those frames to be the floor that stops 200 clients on 2 cores.
 *
 * Everything else is unchanged: the update is applied to the server's awareness at once (so the
 * identity check in MessagePolicyExtension still sees current clocks), Hocuspocus' record of which
 * client ids belong to which socket (used to remove them when the socket goes) is kept here as
 * it keeps it, and its `onAwarenessUpdate` hook still runs for every update. Frames over the rate
 * limit (guardFrames) or refused by the identity check never reach the awareness, so never here.
 *
 * Returns false, and leaves the document as it was, if Hocuspocus' listener is not found (a
 * version that relays differently); presence is then relayed unbatched.
 */
export function batchPresence(document: Document, intervalMs: number): boolean {
  const registered: unknown = document.awareness._observers.get('update');
  const listeners: ReadonlySet<unknown> = registered instanceof Set ? registered : new Set();
  const hocuspocusListener = [...listeners].find(
    (listener): listener is (...args: unknown[]) => void =>
      typeof listener === 'function' && listener.name === HOCUSPOCUS_BROADCAST,
  );
  if (!hocuspocusListener) return false;
  document.awareness.off('update', hocuspocusListener);

  const connections: ReadonlyMap<unknown, ConnectionEntry> = document.connections;
  const changed = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let lastSentAt = -Infinity;

  const send = () => {
    timer = null;
    if (changed.size === 0 || document.isDestroyed) return;
    lastSentAt = performance.now();
    const message = new OutgoingMessage(document.name)
      .createAwarenessUpdateMessage(document.awareness, [...changed])
      .toUint8Array();
    changed.clear();
    // One buffer for every connection: ws frames it without copying (servers do not mask).
    for (const connection of document.getConnections()) connection.send(message);
  };

  const onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
    const entry = origin === null || origin === undefined ? undefined : connections.get(origin);
    if (entry) {
      for (const clientId of added) entry.clients.add(clientId);
      for (const clientId of removed) entry.clients.delete(clientId);
    }
    for (const clientId of [...added, ...updated, ...removed]) changed.add(clientId);
    if (timer) return;
    timer = setTimeout(send, Math.max(0, lastSentAt + intervalMs - performance.now()));
  };
  document.awareness.on('update', onUpdate);
  document.once('destroy', () => {
    if (timer) clearTimeout(timer);
    timer = null;
    document.awareness.off('update', onUpdate);
  });
  return true;
}

/** Batches presence on every document as it is loaded; see {@link batchPresence}. */
export class PresenceBatchExtension implements Extension {
  extensionName = 'remiss-presence-batch';

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = PRESENCE_BATCH_INTERVAL_MS,
  ) {}

  async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload): Promise<void> {
    if (!batchPresence(document, this.intervalMs)) {
      this.logger.warn('presence is relayed unbatched: Hocuspocus relays it differently', {
        documentId: documentName,
      });
    }
  }
}
