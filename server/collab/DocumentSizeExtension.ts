import type { beforeHandleMessagePayload, Document, Extension } from '@hocuspocus/server';
import { DocumentTooLarge } from '../../shared/closeCodes.ts';
import { MAX_DOCUMENT_BYTES } from '../../shared/limits.ts';
import type { Logger } from '../logger.ts';
import { CloseError } from './CloseError.ts';
import { decodeCollabMessage } from './collabMessage.ts';
import { documentBytes, onlyDeletes } from './documentSize.ts';
import { sendServerMessage } from './ServerMessages.ts';

/** What is known of a loaded document's size. */
interface SizeEstimate {
  /** Bytes of its state, or more: updates since the last measurement are added in full. */
  bytes: number;
  /** True while `bytes` is a fresh measurement, not an estimate. */
  exact: boolean;
}

/**
 * Refuses a client's update that would grow a document past MAX_DOCUMENT_BYTES, before it is
 * applied, stored or relayed. The client is told with a `document-too-large` server message,
 * and the socket is closed with the same name.
 *
 * Measuring means encoding the whole state, too costly for every keystroke. So each document
 * keeps an upper bound: its measured size plus every update applied since (from any origin,
 * server-side changes included). Only when the bound would pass the limit is the state
 * measured again; far from the limit that never happens.
 */
export class DocumentSizeExtension implements Extension {
  extensionName = 'remiss-document-size';
  // After authentication and message policy (which refuse malformed updates), before persistence.
  priority = 100;

  private readonly sizes = new WeakMap<Document, SizeEstimate>();

  constructor(
    private readonly logger: Logger,
    /** @default MAX_DOCUMENT_BYTES */
    private readonly maxBytes: number = MAX_DOCUMENT_BYTES,
  ) {}

  async beforeHandleMessage(payload: beforeHandleMessagePayload): Promise<void> {
    const { connection, document, documentName } = payload;
    if (connection.readOnly) return;
    const message = decodeCollabMessage(payload.update);
    if (message.kind !== 'document-update') return;
    const added = message.update.byteLength;
    const size = this.sizes.get(document) ?? this.track(document);
    if (size.bytes + added <= this.maxBytes) return;
    if (!size.exact) {
      size.bytes = documentBytes(document);
      size.exact = true;
      if (size.bytes + added <= this.maxBytes) return;
    }
    if (onlyDeletes(message.update)) return;
    this.logger.warn('refused an update that would make a document too large', {
      documentId: documentName,
      documentBytes: size.bytes,
      updateBytes: added,
      maxBytes: this.maxBytes,
    });
    sendServerMessage(connection, { type: 'document-too-large', maxBytes: this.maxBytes });
    // Hocuspocus only closes the document connection on a thrown error, with a generic code on
    // the socket; closing the socket itself is what puts the named code on the wire.
    connection.webSocket.close(DocumentTooLarge.code, DocumentTooLarge.reason);
    throw new CloseError(DocumentTooLarge);
  }

  /** Measures a document for the first time and follows every update applied to it. */
  private track(document: Document): SizeEstimate {
    const size: SizeEstimate = { bytes: documentBytes(document), exact: true };
    this.sizes.set(document, size);
    document.on('update', (update: Uint8Array) => {
      size.bytes += update.byteLength;
      size.exact = false;
    });
    return size;
  }
}
