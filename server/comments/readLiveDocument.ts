import type { Hocuspocus } from '@hocuspocus/server';
import type * as Y from 'yjs';
import { DocumentNotFound } from '../../shared/closeCodes.ts';
import { NotFound, Unavailable } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import type { LiveDocumentKeeper } from './LiveDocumentKeeper.ts';
import { yieldToEventLoop } from './yieldToEventLoop.ts';

/** Whether an error thrown by a Hocuspocus hook carries this close code. */
function hasCode(error: unknown, code: number): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

/**
 * Runs `read` on the live Y.Doc of a document: the one editors are typing into if it is loaded,
 * otherwise one loaded through a Hocuspocus direct connection (the same load path, checksums
 * and all, as a socket's) that is closed again afterwards. Anchors must be made and resolved on
 * exactly this state, or a thread could point at text that only an older copy holds.
 *
 * `read` is synchronous on purpose: nothing can unload or change the document while it runs.
 *
 * With a `keeper`, a document loaded here stays loaded for a while after the read instead of
 * being closed at once (see `LiveDocumentKeeper`), and a read of a held document renews it.
 * Sockets that shared the load (opened at the same moment) then get their sync out before
 * `read` runs: the connection holds the document, and `read` sees it as it stands then.
 *
 * @throws HttpError 503 when the stored document does not load (it is never replaced by an
 *   empty one: a thread anchored there would point at nothing), 404 when it does not exist.
 */
export async function readLiveDocument<T>(
  hocuspocus: Hocuspocus,
  documentId: string,
  logger: Logger,
  read: (doc: Y.Doc) => T,
  keeper?: LiveDocumentKeeper,
): Promise<T> {
  const loaded = hocuspocus.documents.get(documentId);
  if (loaded) {
    keeper?.renew(documentId);
    return read(loaded);
  }

  let connection;
  try {
    connection = await hocuspocus.openDirectConnection(documentId, { purpose: 'comments' });
  } catch (error) {
    if (hasCode(error, DocumentNotFound.code)) throw NotFound('No such document.');
    logger.error('could not load a document for its comments', { documentId, error });
    throw Unavailable(
      'The document could not be loaded, so its comments cannot be read or changed right now. ' +
        'The stored text is untouched; an operator has been told.',
      { reason: 'document-load-failed' },
    );
  }
  try {
    if (keeper) await yieldToEventLoop();
    const document = connection.document;
    if (!document) throw new Error(`direct connection to ${documentId} has no document`);
    return read(document);
  } finally {
    if (keeper) keeper.keep(documentId, connection);
    else {
      try {
        // Closing stores (a no-op unless the load found log entries to compact) and unloads.
        await connection.disconnect();
      } catch (error) {
        // Storing failures are the persistence extension's to retry and report; the read itself
        // succeeded, so its answer stands.
        logger.warn('closing a direct connection failed', { documentId, error });
      }
    }
  }
}
