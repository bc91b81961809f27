import * as Y from 'yjs';
import { MAX_DOCUMENT_BYTES } from '../../shared/limits.ts';

/** A document (or an update to one) that would exceed MAX_DOCUMENT_BYTES. */
export class DocumentTooLargeError extends Error {
  override name = 'DocumentTooLargeError';
  constructor(
    /** Bytes the document's state would have. */
    readonly bytes: number,
    /** The limit it exceeds. */
    readonly maxBytes: number,
  ) {
    super(
      `the document would be ${bytes} bytes, over the limit of ${maxBytes} bytes ` +
        '(MAX_DOCUMENT_BYTES); nothing was changed',
    );
  }
}

/** Bytes of a document's stored form: its whole state encoded as one Yjs update. */
export function documentBytes(document: Y.Doc | Uint8Array): number {
  return document instanceof Uint8Array
    ? document.byteLength
    : Y.encodeStateAsUpdate(document).byteLength;
}

/**
 * Throws DocumentTooLargeError if a document (a Y.Doc, or its state encoded as one update) is
 * over `maxBytes`. For server-side paths that write a whole text at once, such as an import or a
 * version restore: check the resulting state before it is stored or applied.
 */
export function assertDocumentSize(
  document: Y.Doc | Uint8Array,
  maxBytes: number = MAX_DOCUMENT_BYTES,
): void {
  const bytes = documentBytes(document);
  if (bytes > maxBytes) throw new DocumentTooLargeError(bytes, maxBytes);
}

/**
 * Whether an update only deletes (it carries no new content). Such an update never grows a
 * document, so it is accepted even at the limit: deleting text is how a full document makes room.
 */
export function onlyDeletes(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.length === 0;
}
