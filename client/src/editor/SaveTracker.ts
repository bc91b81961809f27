import { HocuspocusProvider, MessageType } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import { messageYjsSyncStep2, messageYjsUpdate } from 'y-protocols/sync';
import type * as Y from 'yjs';

/** What the tracker knows about one WebSocket: each socket starts its own account. */
interface SocketAccount {
  /** SyncStep2 frames sent on it: answers to the server's state vector. */
  answers: number;
  /** Update frames sent on it. */
  updates: number;
  /** SyncStatus(true) frames received on it. */
  stored: number;
  /** SyncStatus(false) frames received on it. */
  refused: number;
  /** The server authenticated it read-only (a commenter or viewer). */
  readOnly: boolean;
  /** An Update went out on it after its first answer (matters only when read-only). */
  updateAfterAnswer: boolean;
}

/** The part of a WebSocket the tracker reads; the browser's and the `ws` package's both have it. */
interface WatchedSocket {
  readonly readyState: number;
}

/** `WebSocket.OPEN`, spelled out because `ws` in Node and the DOM share the number, not the class. */
const OPEN = 1;

/** The message types the tracker reads: changes sent, the server's verdicts, its grant. */
const COUNTED_TYPES: ReadonlySet<number> = new Set([
  MessageType.Sync,
  MessageType.SyncStatus,
  MessageType.Auth,
]);

/** The Auth sub-message that grants access, followed by the scope (`@hocuspocus/common`). */
const AUTHENTICATED = 2;

/**
 * Whether a socket's verdicts prove that the server holds every local change. Verdicts carry no
 * reference to their frame and may come back out of order, so this reasons from counts, using
 * what Hocuspocus 3.4.4 answers (its server MessageReceiver):
 *
 * - A writer's SyncStep2 and Update each get SyncStatus(true) once stored (Remiss acks only
 *   after the append resolved), or no verdict at all when storing fails (the socket is closed).
 *   A frame holding nothing the server lacks in memory is acked once the appends under way
 *   before it are stored, so an earlier socket's unfinished append is covered too (the server's
 *   side to guarantee, since a client cannot tell; see PersistenceExtension).
 * - A read-only socket's Update always gets false and is dropped; its SyncStep2 gets true exactly
 *   when the server already holds all of it.
 *
 * Every local change went out on this socket as an Update, or is inside its first answer (made
 * before the answer, it is either in the server's state vector or in the answer). Changes made
 * before the socket opened are only sure to be in the answer: the provider may drop the frames
 * it queued offline. So: an answer must have gone out and every frame must have its verdict; a
 * writer must have had no refusal; a read-only socket must have had every answer accepted, and
 * no Update after its first answer, as such a change reached the server only to be dropped.
 */
function provesAllStored(account: SocketAccount): boolean {
  if (account.answers === 0) return false;
  if (account.stored + account.refused !== account.answers + account.updates) return false;
  if (!account.readOnly) return account.refused === 0;
  return account.stored === account.answers && !account.updateAfterAnswer;
}

/** The scope of a grant (`readonly` or `read-write`), or null if the frame is cut short. */
function readScope(rest: decoding.Decoder): string | null {
  try {
    return decoding.readVarString(rest);
  } catch {
    return null;
  }
}

/** A listener for the number of local changes the server has not confirmed. */
type CountListener = (unconfirmed: number) => void;

function bytesOf(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * Knows whether every change made in this browser is stored on the server, for the "saved"
 * indicator and for leaving the page.
 *
 * `@hocuspocus/provider` 3.4.4 cannot answer this after a reconnect: `startSync` sets its
 * `unsyncedChanges` to 1 whatever was pending, so the first ack that comes back (often the one
 * for the SyncStep2 answer, which the server finds it already holds in memory and acks at once)
 * brings it to 0 while the updates typed offline, flushed from the provider's queue onto the new
 * socket, are still being appended to the database.
 *
 * So this keeps its own account, read off the frames themselves: local changes (Yjs updates not
 * applied by a provider) since everything was last confirmed, and for each socket the change
 * frames it carried and the server's verdicts on them. When the current socket's verdicts prove
 * that the server holds everything (see `provesAllStored`), the count goes back to 0. What an
 * earlier socket left without a verdict stays counted until a later socket proves it stored.
 */
export class SaveTracker {
  private readonly accounts = new WeakMap<WatchedSocket, SocketAccount>();
  private current: WatchedSocket | null = null;
  private unconfirmedCount = 0;
  private readonly listeners = new Set<CountListener>();

  constructor(
    private readonly ydoc: Y.Doc,
    private readonly documentName: string,
  ) {
    ydoc.on('update', this.onUpdate);
  }

  /** Local changes since everything was last confirmed as stored; 0 means all are saved. */
  get unconfirmed(): number {
    return this.unconfirmedCount;
  }

  /** Calls `listener` whenever `unconfirmed` changes. Returns the function that stops it. */
  onChange(listener: CountListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Stops counting the document's updates and tells no one any more. */
  destroy(): void {
    this.ydoc.off('update', this.onUpdate);
    this.listeners.clear();
  }

  /**
   * A WebSocket class for `HocuspocusProviderWebsocket`'s `WebSocketPolyfill` that reports its
   * frames to this tracker. Only what actually passes through a socket counts, never what the
   * provider queued and may yet throw away.
   */
  socketClass(): typeof WebSocket {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below needs the tracker, and `this` inside it is the socket
    const tracker = this;
    return class TrackedWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        tracker.opened(this);
        this.addEventListener('message', (event: MessageEvent<unknown>) => {
          tracker.received(this, event.data);
        });
      }

      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
        tracker.sending(this, data);
        super.send(data);
      }
    };
  }

  /** A new socket replaces the old one; what the old one left unconfirmed stays unconfirmed. */
  private opened(socket: WatchedSocket): void {
    this.current = socket;
    this.accounts.set(socket, {
      answers: 0,
      updates: 0,
      stored: 0,
      refused: 0,
      readOnly: false,
      updateAfterAnswer: false,
    });
  }

  private sending(socket: WatchedSocket, data: unknown): void {
    const account = this.accounts.get(socket);
    // A frame handed to a socket that is not open never reaches the server (browsers drop it).
    if (!account || socket.readyState !== OPEN) return;
    const frame = this.read(data);
    if (frame?.type !== MessageType.Sync) return;
    if (frame.value === messageYjsSyncStep2) {
      account.answers += 1;
    } else if (frame.value === messageYjsUpdate) {
      account.updates += 1;
      if (account.answers > 0) account.updateAfterAnswer = true;
    }
  }

  private received(socket: WatchedSocket, data: unknown): void {
    const account = this.accounts.get(socket);
    if (!account) return;
    const frame = this.read(data);
    if (frame?.type === MessageType.Auth) {
      // The grant arrives before any verdict, and before the provider flushes its queue.
      if (frame.value === AUTHENTICATED) account.readOnly = readScope(frame.rest) === 'readonly';
      return;
    }
    if (frame?.type !== MessageType.SyncStatus) return;
    if (frame.value === 1) account.stored += 1;
    else account.refused += 1;
    if (socket === this.current && provesAllStored(account)) this.setUnconfirmed(0);
  }

  /**
   * The message type of a frame for this document, the number after it (the sync step of a
   * Sync frame, the verdict of a SyncStatus, the kind of an Auth frame) and the decoder at what
   * follows; null for anything else.
   */
  private read(data: unknown): { type: number; value: number; rest: decoding.Decoder } | null {
    const bytes = bytesOf(data);
    if (!bytes) return null;
    try {
      const rest = decoding.createDecoder(bytes);
      if (decoding.readVarString(rest) !== this.documentName) return null;
      const type = decoding.readVarUint(rest);
      if (!COUNTED_TYPES.has(type)) return null;
      return { type, value: decoding.readVarUint(rest), rest };
    } catch {
      // Not a Hocuspocus frame; nothing this tracker counts.
      return null;
    }
  }

  private readonly onUpdate = (_update: Uint8Array, origin: unknown): void => {
    // What a provider applied came from the server; everything else the provider sends on.
    if (origin instanceof HocuspocusProvider) return;
    this.setUnconfirmed(this.unconfirmedCount + 1);
  };

  private setUnconfirmed(count: number): void {
    if (count === this.unconfirmedCount) return;
    this.unconfirmedCount = count;
    for (const listener of this.listeners) listener(count);
  }
}
