/**
 * The import worker's entry: converts uploads (see `convertUpload`) off the event loop that live
 * editing runs on. Messages are `ImportWorkRequest`s; each gets one `ImportWorkResponse` with the
 * same id.
 */
import { parentPort } from 'node:worker_threads';
import { HttpError } from '../http/HttpError.ts';
import { convertUpload } from './convertUpload.ts';
import type { ImportWorkRequest, ImportWorkResponse } from './ImportWorker.ts';

const port = parentPort;
if (!port) throw new Error('importWorkerEntry runs only as a worker thread');

port.on('message', (request: ImportWorkRequest) => {
  void convertUpload({ bytes: request.bytes, format: request.format }).then(
    (converted) => {
      const response: ImportWorkResponse = {
        id: request.id,
        converted: { ...converted, content: request.withContent ? converted.content : null },
      };
      port.postMessage(response);
    },
    (error: unknown) => {
      const response: ImportWorkResponse = {
        id: request.id,
        error:
          error instanceof HttpError
            ? {
                status: error.status,
                code: error.code,
                message: error.message,
                details: error.details,
              }
            : { status: 500, code: 'internal', message: String(error), details: undefined },
      };
      port.postMessage(response);
    },
  );
});
