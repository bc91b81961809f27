import type { Hocuspocus } from '@hocuspocus/server';
import { LIVE_DOCUMENT_KEEP_MS } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';

/** What `Hocuspocus.openDirectConnection` resolves to. */
export type DirectConnection = Awaited<ReturnType<Hocuspocus['openDirectConnection']>>;

/** A direct connection that keeps a document loaded, and when it lets go. */
interface Hold {
  connection: DirectConnection;
  timer: NodeJS.Timeout;
}

/**
 * Keeps a document that was loaded for a read over HTTP (the thread list, an anchor) in memory
 * for a while after the read, by holding on to the direct connection that loaded it.
 *
 * The app asks for a document's threads and opens its socket at the same moment. Without this
 * the thread request loads the whole document, reads it, and unloads it again, and the socket
 * that arrives a few hundred milliseconds later loads it a second time (on a 2,000-paragraph
 * draft, most of the cold open). Held, the socket finds it loaded; a socket that arrives while
 * the load is still running shares it anyway (Hocuspocus `createDocument` hands every caller of
 * one name the same load). What is held is the live document itself, so an edit made meanwhile
 * is in it, and a failed load is never held: it throws before there is a connection.
 *
 * While held, the document counts one connection, so Hocuspocus does not unload it when its last
 * socket leaves; when the hold ends, the direct connection is closed as `readLiveDocument` would
 * have closed it at once (store, then unload if no one else has it open).
 */
export class LiveDocumentKeeper {
  private readonly holds = new Map<string, Hold>();
  private closed = false;

  constructor(
    private readonly logger: Logger,
    /** How long a document stays loaded after its last read. @default LIVE_DOCUMENT_KEEP_MS */
    private readonly keepMs: number = LIVE_DOCUMENT_KEEP_MS,
  ) {}

  /**
   * Takes over `connection`, which loaded `documentId` for a read, and closes it once no read
   * has touched the document for `keepMs`. A second connection to a document already held is
   * closed at once (the held one keeps the document loaded) and the hold is renewed.
   */
  keep(documentId: string, connection: DirectConnection): void {
    if (this.closed || this.keepMs <= 0) {
      void this.release(documentId, connection);
      return;
    }
    const held = this.holds.get(documentId);
    if (held && held.connection !== connection) {
      void this.release(documentId, connection);
      this.renew(documentId);
      return;
    }
    this.schedule(documentId, connection);
  }

  /** Restarts the hold of `documentId`, if there is one: it was read again. */
  renew(documentId: string): void {
    const held = this.holds.get(documentId);
    if (held) this.schedule(documentId, held.connection);
  }

  /**
   * Ends the hold of `documentId` now, if there is one: its direct connection is closed, which
   * unloads the document unless a socket has it open, so the next read loads what is stored.
   */
  async letGo(documentId: string): Promise<void> {
    const held = this.holds.get(documentId);
    if (!held) return;
    clearTimeout(held.timer);
    this.holds.delete(documentId);
    await this.release(documentId, held.connection);
  }

  /**
   * Lets go of every held document now (closing each direct connection, which stores it and
   * unloads it unless a socket has it open) and holds none from here on. For shutdown.
   */
  async close(): Promise<void> {
    this.closed = true;
    const held = [...this.holds.entries()];
    this.holds.clear();
    await Promise.all(
      held.map(([documentId, { connection, timer }]) => {
        clearTimeout(timer);
        return this.release(documentId, connection);
      }),
    );
  }

  private schedule(documentId: string, connection: DirectConnection): void {
    const previous = this.holds.get(documentId);
    if (previous) clearTimeout(previous.timer);
    const timer = setTimeout(() => {
      if (this.holds.get(documentId)?.connection !== connection) return;
      this.holds.delete(documentId);
      void this.release(documentId, connection);
    }, this.keepMs);
    // A held document never keeps the process alive; shutdown closes the holds itself.
    timer.unref();
    this.holds.set(documentId, { connection, timer });
  }

  private async release(documentId: string, connection: DirectConnection): Promise<void> {
    try {
      // Closing stores (a no-op unless the load found log entries to compact) and unloads.
      await connection.disconnect();
    } catch (error) {
      // Storing failures are the persistence extension's to retry and report.
      this.logger.warn('closing a direct connection failed', { documentId, error });
    }
  }
}
