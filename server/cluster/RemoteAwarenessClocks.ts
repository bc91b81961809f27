import * as decoding from 'lib0/decoding';
import { decodeCollabMessage } from '../collab/collabMessage.ts';

/**
 * Which awareness states of each document this node took from Redis, by client id and clock.
 *
 * Hocuspocus' Redis extension applies another node's awareness update to the document's
 * awareness without an origin (its MessageReceiver passes the undefined connection's socket),
 * and Hocuspocus' awareness listener passes only the change, not the origin, to the
 * `onAwarenessUpdate` hook. The extension's hook therefore cannot tell a state it just received
 * from Redis from one a local client sent, and publishes both: every caret move crossed Redis
 * twice (three or more times under load). What this class records lets the hook tell them apart:
 * a state whose clock is the one last received from Redis for that client came from there.
 *
 * A client's clock only grows, and a client that moves to this node continues its clock, so a
 * local update never carries a clock recorded here.
 */
export class RemoteAwarenessClocks {
  private readonly byDocument = new Map<string, Map<number, number>>();

  /**
   * @param identifier this node's name in the extension's message envelope
   * @param isLoaded whether this node holds the document; messages for others (arriving
   *   between unloading and unsubscribing) are not recorded, so nothing outlives `forget`
   */
  constructor(
    private readonly identifier: string,
    private readonly isLoaded: (documentName: string) => boolean,
  ) {}

  /**
   * Records the clocks of an awareness message received on a document channel: the
   * extension's envelope (identifier length, identifier, Hocuspocus message). Messages from
   * this node, other message types and anything malformed are left to the extension's own
   * handler, which ignores or applies them.
   */
  note(data: Buffer): void {
    const identifierLength = data[0];
    if (identifierLength === undefined) return;
    if (data.toString('utf-8', 1, identifierLength + 1) === this.identifier) return;
    try {
      const message = decodeCollabMessage(data.subarray(identifierLength + 1));
      if (message.kind !== 'awareness' || !this.isLoaded(message.documentName)) return;
      const clocks = this.byDocument.get(message.documentName) ?? new Map<number, number>();
      this.byDocument.set(message.documentName, clocks);
      const update = decoding.createDecoder(message.update);
      const count = decoding.readVarUint(update);
      for (let index = 0; index < count; index += 1) {
        const clientId = decoding.readVarUint(update);
        const clock = decoding.readVarUint(update);
        decoding.readVarString(update);
        // A late, older message does not lower it: awareness ignores it as well.
        clocks.set(clientId, Math.max(clock, clocks.get(clientId) ?? 0));
      }
    } catch {
      // Malformed: the extension's handler meets the same bytes and fails on them alike.
    }
  }

  /** True when the state `clientId` holds at `clock` in `documentName` came from Redis. */
  cameFromRedis(documentName: string, clientId: number, clock: number | undefined): boolean {
    return clock !== undefined && this.byDocument.get(documentName)?.get(clientId) === clock;
  }

  /** Drops what was recorded for a document this node no longer holds. */
  forget(documentName: string): void {
    this.byDocument.delete(documentName);
  }
}
