import type { beforeHandleMessagePayload, Extension } from '@hocuspocus/server';
import type { Counter } from '../metrics/Counter.ts';
import { decodeCollabMessage } from './collabMessage.ts';

/**
 * Counts the document updates that editing clients send, so that `rate()` over the counter gives
 * updates per second. It runs before every other extension and only reads the frame, so an
 * update is counted whether it is then stored or refused. Read-only sockets are not counted:
 * Hocuspocus refuses their updates without applying them.
 */
export class MetricsExtension implements Extension {
  extensionName = 'remiss-metrics';
  // Before the message policy (900) and persistence (10), which may refuse the message.
  priority = 1000;

  constructor(private readonly updatesReceived: Counter) {}

  async beforeHandleMessage({ connection, update }: beforeHandleMessagePayload): Promise<void> {
    if (connection.readOnly) return;
    let kind: string;
    try {
      kind = decodeCollabMessage(update).kind;
    } catch {
      // A malformed frame is refused further on, by the extensions that act on it.
      return;
    }
    if (kind === 'document-update') this.updatesReceived.inc({});
  }
}
