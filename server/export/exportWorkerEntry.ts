/**
 * The export worker's entry: writes exports (see `renderExport`) off the event loop that live
 * editing runs on. Messages are `ExportWorkRequest`s; each gets one `ExportWorkResponse` with the
 * same id. The file's bytes are transferred, not copied.
 */
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { EXPORT_WORKER_NICENESS } from '../../shared/limits.ts';
import { HttpError } from '../http/HttpError.ts';
import type { ExportWorkRequest, ExportWorkResponse } from './ExportWorker.ts';
import { renderExport } from './renderExport.ts';

const port = parentPort;
if (!port) throw new Error('exportWorkerEntry runs only as a worker thread');

// On Linux a thread's niceness is its own: called here, with no pid, this lowers the worker's
// thread only, so a long export yields the CPU to the event loop live editing runs on.
try {
  os.setPriority(EXPORT_WORKER_NICENESS);
} catch (error) {
  // Exports still work, only at normal priority; say so where operators read stderr.
  process.emitWarning(
    `the export worker could not lower its priority: ${error instanceof Error ? error.message : String(error)}`,
  );
}

port.on('message', (request: ExportWorkRequest) => {
  void renderExport(request.doc, request.query).then(
    (rendered) => {
      const response: ExportWorkResponse = { id: request.id, rendered };
      const { buffer } = rendered.bytes;
      port.postMessage(response, buffer instanceof ArrayBuffer ? [buffer] : []);
    },
    (error: unknown) => {
      const response: ExportWorkResponse = {
        id: request.id,
        error:
          error instanceof HttpError
            ? { status: error.status, code: error.code, message: error.message }
            : {
                status: 500,
                code: 'internal',
                message: error instanceof Error ? (error.stack ?? error.message) : String(error),
              },
      };
      port.postMessage(response);
    },
  );
});
