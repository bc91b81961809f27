import type { Worker } from 'node:worker_threads';
import { VERSION_WORKER_TIMEOUT_MS } from '../../shared/limits.ts';
import type { VersionChainEnd } from '../storage/types.ts';
import { startWorker } from '../workers/startWorker.ts';
import type { PreparedVersion } from './prepareVersion.ts';

/** What the main thread sends the version worker: `prepareVersion`'s arguments. */
export interface VersionWorkRequest {
  id: number;
  before: Uint8Array | null;
  after: Uint8Array;
  end: VersionChainEnd | null;
}

/** What the worker answers: the prepared version, or why there is none. */
export type VersionWorkResponse =
  { id: number; prepared: PreparedVersion } | { id: number; error: string };

interface Pending {
  resolve: (prepared: PreparedVersion) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Prepares versions (summary and stored link, see `prepareVersion`) in one worker thread, so
 * that a checkpoint of a 200-page draft (parsing, diffing and compressing the whole text, a few
 * hundred milliseconds) does not stall every socket on the server.
 *
 * The worker starts on first use and is not waited for at exit (`unref`). When it fails, exits
 * or exceeds VERSION_SUMMARY_TIMEOUT_MS, the requests it held are rejected, it is stopped, and
 * the next request starts a fresh one; the caller decides what to do instead.
 */
export class VersionWorker {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  prepare(
    before: Uint8Array | null,
    after: Uint8Array,
    end: VersionChainEnd | null,
  ): Promise<PreparedVersion> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(
          worker,
          new Error(`no answer within ${VERSION_WORKER_TIMEOUT_MS} ms; worker stopped`),
        );
      }, VERSION_WORKER_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      const request: VersionWorkRequest = { id, before, after, end };
      worker.postMessage(request);
    });
  }

  /** Stops the worker; requests still waiting are rejected. */
  async close(): Promise<void> {
    const { worker } = this;
    if (worker) this.fail(worker, new Error('the version worker was closed'));
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(import.meta.url, 'versionWorkerEntry');
    worker.unref();
    worker.on('message', (response: VersionWorkResponse) => {
      const entry = this.pending.get(response.id);
      if (!entry) return;
      this.pending.delete(response.id);
      clearTimeout(entry.timer);
      if ('prepared' in response) entry.resolve(response.prepared);
      else entry.reject(new Error(`the version worker failed: ${response.error}`));
    });
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => {
      this.fail(worker, new Error(`the version worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  /** Rejects everything `worker` held and stops it, if it is still the current worker. */
  private fail(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    this.pending.clear();
    void worker.terminate();
  }
}
