import type { Transferable, Worker } from 'node:worker_threads';
import type { LogFields, Logger } from '../logger.ts';
import { startWorker } from './startWorker.ts';

/**
 * How long an idle worker is kept, in milliseconds. Jobs come in bursts (exports after a meeting)
 * or rarely (imports); a worker's libraries hold tens of MiB, given back when nobody has used it
 * for a while.
 */
const IDLE_WORKER_MS = 60_000;

/**
 * The errors a job fails with for reasons of the queue rather than of the job's own answer. Each
 * user words them for its own callers (and picks the status: a conversion that overruns is the
 * file's fault, an export that overruns is the server's).
 */
export interface SerialWorkerErrors {
  /** `maxQueued` jobs are waiting already. */
  busy: () => Error;
  /** `close()` was called: the job was refused or cut short. */
  closed: () => Error;
  /** The job ran longer than `timeoutMs` and its worker was stopped. */
  timeout: (timeoutMs: number) => Error;
  /** The worker failed or exited while running the job (out of memory, most likely). */
  crashed: () => Error;
}

/** Options of a `SerialWorker`; `Request` and `Response` are the messages its entry exchanges. */
export interface SerialWorkerOptions<
  Request extends { id: number },
  Response extends { id: number },
  Result,
> {
  /** The caller's `import.meta.url`: the entry module sits beside it (see `startWorker`). */
  base: string;
  /** The entry module's name, without extension. */
  entry: string;
  /** The worker's heap cap, so that work on untrusted input fails there, not in the server. */
  heapMb: number;
  /** How long one job may take before its worker is stopped and replaced. */
  timeoutMs: number;
  /** How many jobs may wait; more are refused at once instead of piling up memory and delay. */
  maxQueued: number;
  logger: Logger;
  /** What log lines call one job, such as "an export". */
  jobName: string;
  /** What log lines call the worker, such as "the export worker". */
  workerName: string;
  /** Fields about a job worth logging when it overruns (never its content). */
  timeoutFields?: (request: Omit<Request, 'id'>) => LogFields;
  errors: SerialWorkerErrors;
  /** Turns the worker's answer into the job's result, or into the error to fail the job with. */
  settle: (response: Response) => Result | Error;
}

interface Job<Request extends { id: number }, Result> {
  id: number;
  request: Omit<Request, 'id'>;
  transfer: readonly Transferable[];
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

/**
 * Runs jobs in one worker thread, one at a time, so that seconds of CPU on one request never
 * stall the sockets people edit through, and such jobs never take both cores.
 *
 * The worker starts on first use, with its heap capped, and is not waited for at exit (`unref`);
 * after IDLE_WORKER_MS without work it is stopped. A job that overruns `timeoutMs`, or kills the
 * worker, fails with the matching error from `errors`; the worker is replaced and the jobs queued
 * behind it go on. At most `maxQueued` jobs wait; more are refused with `errors.busy()`.
 */
export class SerialWorker<Request extends { id: number }, Response extends { id: number }, Result> {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly queue: Job<Request, Result>[] = [];
  private current: { job: Job<Request, Result>; timer: NodeJS.Timeout } | null = null;
  private closed = false;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SerialWorkerOptions<Request, Response, Result>) {}

  /**
   * Queues one job; the worker receives `request` with an id of its own. `transfer` moves
   * buffers to the worker instead of copying them: the caller must not use them afterwards.
   */
  run(request: Omit<Request, 'id'>, transfer: readonly Transferable[] = []): Promise<Result> {
    if (this.closed) return Promise.reject(this.options.errors.closed());
    if (this.queue.length >= this.options.maxQueued) {
      return Promise.reject(this.options.errors.busy());
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, transfer, resolve, reject });
      this.next();
    });
  }

  /** Stops the worker; jobs still waiting are refused. */
  close(): void {
    this.closed = true;
    const error = this.options.errors.closed();
    for (const job of this.queue.splice(0)) job.reject(error);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.current) this.finish(this.current.job.id, error);
    void this.worker?.terminate();
    this.worker = null;
  }

  /** Sends the next queued job to the worker, if it is idle. */
  private next(): void {
    if (this.current || this.closed) return;
    const job = this.queue.shift();
    if (!job) {
      this.stopWhenIdle();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const worker = this.running();
    const { timeoutMs } = this.options;
    const timer = setTimeout(() => {
      this.options.logger.warn(`${this.options.jobName} took too long; its worker is stopped`, {
        timeoutMs,
        ...this.options.timeoutFields?.(job.request),
      });
      this.replace(worker, this.options.errors.timeout(timeoutMs));
    }, timeoutMs);
    this.current = { job, timer };
    worker.postMessage({ ...job.request, id: job.id }, job.transfer);
  }

  /** Settles the current job if it is `id`, and moves on to the next. */
  private finish(id: number, outcome: Result | Error): void {
    const current = this.current;
    if (!current || current.job.id !== id) return;
    clearTimeout(current.timer);
    this.current = null;
    if (outcome instanceof Error) current.job.reject(outcome);
    else current.job.resolve(outcome);
    this.next();
  }

  /** Stops the worker after IDLE_WORKER_MS without work. */
  private stopWhenIdle(): void {
    if (this.idleTimer || !this.worker) return;
    const idle = setTimeout(() => {
      this.idleTimer = null;
      const { worker } = this;
      if (!worker || this.current) return;
      this.worker = null;
      void worker.terminate();
    }, IDLE_WORKER_MS);
    idle.unref();
    this.idleTimer = idle;
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const { base, entry, heapMb, logger, workerName, errors, settle } = this.options;
    const worker = startWorker(base, entry, {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
    worker.unref();
    worker.on('message', (response: Response) => {
      this.finish(response.id, settle(response));
    });
    worker.on('error', (error) => {
      logger.error(`${workerName} failed`, { error });
      this.replace(worker, errors.crashed());
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        logger.error(`${workerName} exited`, { code });
        this.replace(worker, errors.crashed());
      }
    });
    this.worker = worker;
    return worker;
  }

  /** Fails the current job with `error`, stops `worker`, and lets the queue go on. */
  private replace(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    void worker.terminate();
    if (this.current) this.finish(this.current.job.id, error);
  }
}
