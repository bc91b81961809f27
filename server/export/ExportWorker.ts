import type { ErrorCode } from '../../shared/api/errors.ts';
import type { ExportQuery } from '../../shared/api/export.ts';
import {
  EXPORT_WORKER_HEAP_MB,
  EXPORT_WORKER_TIMEOUT_MS,
  MAX_QUEUED_EXPORTS,
} from '../../shared/limits.ts';
import { HttpError, Unavailable } from '../http/HttpError.ts';
import type { Logger } from '../logger.ts';
import { SerialWorker } from '../workers/SerialWorker.ts';
import type { ExportDocument } from './ExportDocument.ts';
import type { RenderedExport } from './renderExport.ts';

/** What the main thread sends the export worker: `renderExport`'s arguments. */
export interface ExportWorkRequest {
  id: number;
  doc: ExportDocument;
  query: ExportQuery;
}

/** What the worker answers: the file, or the HTTP error to answer with. */
export type ExportWorkResponse =
  | { id: number; rendered: RenderedExport }
  | { id: number; error: { status: number; code: ErrorCode; message: string } };

/** Options of the export worker; tests shorten the timeout. */
export interface ExportWorkerOptions {
  logger: Logger;
  /** @default EXPORT_WORKER_TIMEOUT_MS */
  timeoutMs?: number;
}

/**
 * Writes exports in one worker thread, one at a time (see `SerialWorker`), so that writing a
 * 200-page DOCX or PDF (seconds of CPU) never stalls the sockets people edit through, and exports
 * never take both cores.
 *
 * The worker's heap is capped at EXPORT_WORKER_HEAP_MB. An export that takes longer than
 * EXPORT_WORKER_TIMEOUT_MS, or kills the worker, fails with 503: the server, not the document,
 * is at fault. A renderer's own HttpError (such as 501 for a format not built) keeps its status;
 * any other error in a renderer is a 500. At most MAX_QUEUED_EXPORTS wait; more get 503 at once.
 */
export class ExportWorker {
  private readonly worker: SerialWorker<ExportWorkRequest, ExportWorkResponse, RenderedExport>;

  constructor(options: ExportWorkerOptions) {
    const logger = options.logger.child({ component: 'export-worker' });
    this.worker = new SerialWorker<ExportWorkRequest, ExportWorkResponse, RenderedExport>({
      base: import.meta.url,
      entry: 'exportWorkerEntry',
      heapMb: EXPORT_WORKER_HEAP_MB,
      timeoutMs: options.timeoutMs ?? EXPORT_WORKER_TIMEOUT_MS,
      maxQueued: MAX_QUEUED_EXPORTS,
      logger,
      jobName: 'an export',
      workerName: 'the export worker',
      timeoutFields: (request) => ({ format: request.query.format }),
      errors: {
        busy: () =>
          Unavailable('Too many exports are waiting to be written; try again in a minute.', {
            reason: 'busy',
          }),
        closed: () => Unavailable('The server is shutting down.'),
        timeout: (timeoutMs) =>
          Unavailable(
            `The export took longer than ${Math.round(timeoutMs / 1000)} seconds and was ` +
              'stopped. Try again, or try without comments or in another format.',
            { reason: 'export-timeout' },
          ),
        crashed: () =>
          Unavailable(
            'The export could not be written: the worker writing it stopped. Try again; ' +
              'nothing was changed.',
            { reason: 'export-worker-failed' },
          ),
      },
      settle: (response) => {
        if ('rendered' in response) return response.rendered;
        const { status, code, message } = response.error;
        // 501 is a format not built yet, an answer rather than a fault worth an operator's time.
        if (status >= 500 && status !== 501) {
          logger.error('an export failed in its worker', { message });
        }
        // A renderer's unexpected failure carries a stack trace, which is for the log only.
        return status === 500
          ? new HttpError(
              500,
              'internal',
              'The export could not be written. An operator has been told.',
            )
          : new HttpError(status, code, message);
      },
    });
  }

  /** Writes one export off the main thread. */
  render(doc: ExportDocument, query: ExportQuery): Promise<RenderedExport> {
    return this.worker.run({ doc, query });
  }

  /** Stops the worker; exports still waiting are refused. */
  close(): void {
    this.worker.close();
  }
}
