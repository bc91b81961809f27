/**
 * The version worker's entry: prepares versions (see `prepareVersion`) off the event loop that
 * live editing runs on. Messages are `VersionWorkRequest`s; each gets one `VersionWorkResponse`
 * with the same id.
 */
import { parentPort } from 'node:worker_threads';
import { prepareVersion } from './prepareVersion.ts';
import type { VersionWorkRequest, VersionWorkResponse } from './VersionWorker.ts';

const port = parentPort;
if (!port) throw new Error('versionWorkerEntry runs only as a worker thread');

port.on('message', (request: VersionWorkRequest) => {
  void prepareVersion(request.before, request.after, request.end).then(
    (prepared) => {
      const response: VersionWorkResponse = { id: request.id, prepared };
      port.postMessage(response);
    },
    (error: unknown) => {
      const response: VersionWorkResponse = {
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(response);
    },
  );
});
