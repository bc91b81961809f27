import type { ErrorCode } from '../../shared/api/errors.ts';
import type { ImportErrorDetails, ImportFormat } from '../../shared/api/import.ts';
import {
  IMPORT_WORKER_HEAP_MB,
  IMPORT_WORKER_TIMEOUT_MS,
  MAX_QUEUED_IMPORTS,
} from '../../shared/limits.ts';
import { BadRequest, HttpError, Unavailable } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import { SerialWorker } from '../workers/SerialWorker.ts';
import type { ConvertedImport } from './convertUpload.ts';

/** What the main thread sends the import worker: one upload to convert. */
export interface ImportWorkRequest {
  id: number;
  /** A copy of its own, transferred to the worker. */
  bytes: Uint8Array<ArrayBuffer>;
  format: ImportFormat;
  /** Whether the text is wanted as JSON too (to apply it as a version), not only as Yjs. */
  withContent: boolean;
}

/**
 * A converted upload as the main thread receives it. The JSON text is only sent back when asked
 * for: copying a 200-page document between threads costs the main thread tens of milliseconds.
 */
export type ImportResult = Omit<ConvertedImport, 'content'> & {
  content: ConvertedImport['content'] | null;
};

/** What the worker answers: the converted document, or the HTTP error to answer with. */
export type ImportWorkResponse =
  | { id: number; converted: ImportResult }
  | {
      id: number;
      error: { status: number; code: ErrorCode; message: string; details: unknown };
    };

/**
 * Converts uploads in one worker thread, one at a time (see `SerialWorker`), so that parsing a
 * 200-page DOCX (mammoth, happy-dom, the schema, Yjs: seconds of work) never stalls the sockets
 * people edit through, and two cores are not both taken by imports.
 *
 * The worker's heap is capped at IMPORT_WORKER_HEAP_MB. A conversion that takes longer than
 * IMPORT_WORKER_TIMEOUT_MS, or kills the worker (out of memory), fails with 400: the file is
 * damaged or too complex, and trying again will not help. At most MAX_QUEUED_IMPORTS uploads
 * wait; more get 503.
 */
export class ImportWorker {
  private readonly worker: SerialWorker<ImportWorkRequest, ImportWorkResponse, ImportResult>;

  constructor(logger: Logger) {
    this.worker = new SerialWorker<ImportWorkRequest, ImportWorkResponse, ImportResult>({
      base: import.meta.url,
      entry: 'importWorkerEntry',
      heapMb: IMPORT_WORKER_HEAP_MB,
      timeoutMs: IMPORT_WORKER_TIMEOUT_MS,
      maxQueued: MAX_QUEUED_IMPORTS,
      logger,
      jobName: 'an import',
      workerName: 'the import worker',
      errors: {
        busy: () =>
          Unavailable('Too many imports are waiting to be converted; try again in a minute.', {
            reason: 'busy',
          } satisfies ImportErrorDetails),
        closed: () => Unavailable('The server is shutting down.'),
        timeout: (timeoutMs) =>
          BadRequest(
            `The file took longer than ${timeoutMs / 1000} seconds to convert. It may be ` +
              'damaged or unusually complex. Nothing was imported.',
            { reason: 'conversion-timeout' } satisfies ImportErrorDetails,
          ),
        // Killing the worker is what an upload that needs too much memory does.
        crashed: () =>
          BadRequest(
            'The file could not be converted: it needs more memory than an import may use. It ' +
              'may be damaged or unusually large. Nothing was imported.',
            { reason: 'unreadable' } satisfies ImportErrorDetails,
          ),
      },
      settle: (response) => {
        if ('converted' in response) return response.converted;
        const { status, code, message, details } = response.error;
        if (status < 500) return new HttpError(status, code, message, details);
        // Not an HttpError, so the error handler answers with its generic 500 and keeps the
        // worker's message out of the response.
        logger.error('an import failed in its worker', { message });
        return new Error(`the import worker failed: ${message}`);
      },
    });
  }

  /**
   * Converts one upload; `bytes` is copied, so the caller's buffer stays usable. With
   * `withContent` the text comes back as JSON as well as a Yjs update.
   */
  convert(bytes: Uint8Array, format: ImportFormat, withContent = false): Promise<ImportResult> {
    // The copy is transferred rather than cloned: no second copy of a large upload.
    const own = new Uint8Array(bytes);
    return this.worker.run({ bytes: own, format, withContent }, [own.buffer]);
  }

  /** Stops the worker; uploads still waiting are refused. */
  close(): void {
    this.worker.close();
  }
}
