import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { MessageType } from './collabMessage.ts';

/**
 * Whether `frame` is an acknowledgement (SyncStatus). Acks are not held: one is sent when its
 * append has resolved, which can be in an immediate that runs after this turn's flush (the group
 * commit of the update log runs in one), and a held ack would then wait for the next turn's
 * flush, behind everything that turn's poll phase handles, on top of the disk it already waited
 * for. They are few (one per edit, to its writer) next to the fan-out. If the socket is held
 * anyway (other frames were sent to it in this turn), the ack queues behind them, in order.
 */
function isAck(frame: unknown): boolean {
  if (!(frame instanceof Uint8Array)) return false;
  try {
    const decoder = decoding.createDecoder(frame);
    const nameBytes = decoding.readVarUint(decoder);
    decoder.pos += nameBytes;
    return decoding.readVarUint(decoder) === MessageType.SyncStatus;
  } catch {
    return false;
  }
}

/**
 * Holds back what is written to a collaboration socket until the end of the event-loop turn
 * (the check phase, `setImmediate`), so that every frame bound for one socket in that turn (the
 * keystrokes of several typists that arrived in one poll, the presence batch, a sync reply)
 * leaves in one `writev` system call instead of one each.
 *
 * Why: at 200 clients the server spent 55 % of its CPU in `writev`, one call per frame per
 * peer (docs/benchmarks.md, "Where the floor is now"). `ws` writes each frame as it is sent;
 * Node's `Writable.cork()` buffers writes until the matching `uncork()`, and then hands them to
 * the socket's `_writev` together. `ws` corks around each frame's header and payload itself;
 * corks nest, so its inner `uncork()` leaves ours in place.
 *
 * What stays as it was:
 * - order: every write still goes through the one stream buffer, in the order it was made;
 *   pings and close frames written while the socket is held wait behind the frames before them;
 * - closing: `end()` (the close handshake's last step) uncorks the stream itself, and a
 *   destroyed stream ignores the `uncork()` that follows; nothing throws;
 * - `bufferedAmount`: `ws` adds the stream's `writableLength`, which counts held writes, so a
 *   caller that watches it sees the frames waiting for the end of the turn.
 *
 * The cost is latency of at most one turn: a frame sent in the poll phase leaves in the check
 * phase of the same iteration. A frame sent from an immediate that runs after the flush waits
 * for the next iteration's check phase, behind whatever that iteration's poll phase handles;
 * acks, which are sent from there, are therefore not held (see `isAck`).
 */
export class TurnCorker {
  private readonly held = new Set<Duplex>();
  private flushScheduled = false;
  private tasks: (() => void)[] = [];

  /**
   * Makes every `send` on `socket` hold the connection under it (`connection`, the Duplex the
   * upgrade handed to `ws`) until the end of the turn. Call once per socket, before anything
   * is sent on it that should be held.
   */
  holdSends(socket: WebSocket, connection: Duplex): void {
    // ws' send has overloads that no single signature matches; it is called with what it got.
    const send = socket.send.bind(socket) as (...args: unknown[]) => void;
    socket.send = (...args: unknown[]): void => {
      if (socket.readyState === WebSocket.OPEN && !isAck(args[0])) this.hold(connection);
      send(...args);
    };
  }

  /** Corks `connection` until the end of this turn, unless it is held already. */
  hold(connection: Duplex): void {
    if (this.held.has(connection) || connection.destroyed || !connection.writable) return;
    connection.cork();
    this.held.add(connection);
    this.scheduleFlush();
  }

  /**
   * Runs `task` at the end of this turn, before the held sockets are uncorked, so that what it
   * sends leaves with the rest of the turn's frames in the same system call (the fan-out of
   * the turn's merged document updates, `BroadcastOnceExtension`). Tasks run in the order they
   * were added, and must not throw: one that does is an uncaught exception, as from any
   * immediate, after the held sockets have been uncorked.
   */
  atTurnEnd(task: () => void): void {
    this.tasks.push(task);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // One immediate for every socket held and every task of the turn, not one each.
    setImmediate(this.flush);
  }

  /** Sockets held now, for tests and metrics. */
  get heldCount(): number {
    return this.held.size;
  }

  private readonly flush = (): void => {
    // Tasks send while the flush is still scheduled, so their frames join this turn's.
    const tasks = this.tasks;
    this.tasks = [];
    try {
      for (const task of tasks) task();
    } finally {
      this.flushScheduled = false;
      const held = [...this.held];
      this.held.clear();
      for (const connection of held) {
        // `end()` may have uncorked it already; never uncork below our own cork.
        if (connection.writableCorked > 0) connection.uncork();
      }
      // A task added by a task runs in the next turn's flush.
      if (this.tasks.length > 0) this.scheduleFlush();
    }
  };
}
