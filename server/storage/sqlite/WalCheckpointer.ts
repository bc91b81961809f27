import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import {
  WAL_CHECKPOINT_DEGRADED_AFTER_MS,
  WAL_CHECKPOINT_FAILURE_LOG_MS,
  WAL_CHECKPOINT_INTERVAL_MS,
  WAL_CHECKPOINTER_RESTART_MS,
  WAL_CHECKPOINTER_START_BYTES,
  WAL_JOURNAL_SIZE_LIMIT_BYTES,
} from '../../../shared/limits.ts';
import type { Logger } from '../../logger.ts';
import { startWorker } from '../../workers/startWorker.ts';
import { CheckpointFailureStreak, type CheckpointerHealth } from './CheckpointFailureStreak.ts';
import type {
  CheckpointerReply,
  CheckpointerRequest,
  CheckpointOutcome,
} from './walCheckpointerEntry.ts';

/**
 * Heap of the checkpointer's worker, in MiB. It holds a connection and a timer; the pages it
 * copies live in SQLite's own memory, not the JavaScript heap.
 */
const CHECKPOINTER_HEAP_MB = 32;

/** Options of the checkpointer; tests shorten the times and start it at once. */
export interface WalCheckpointerOptions {
  logger: Logger;
  /** @default WAL_CHECKPOINT_INTERVAL_MS */
  intervalMs?: number;
  /** @default WAL_CHECKPOINTER_RESTART_MS */
  restartMs?: number;
  /** 0 starts the worker at once. @default WAL_CHECKPOINTER_START_BYTES */
  startBytes?: number;
  /** @default WAL_CHECKPOINT_DEGRADED_AFTER_MS */
  degradedAfterMs?: number;
  /** @default WAL_CHECKPOINT_FAILURE_LOG_MS */
  failureLogIntervalMs?: number;
}

/** What the checkpointer has done, for tests and operators. */
export interface WalCheckpointerStatus {
  /** True while the worker is up and checkpointing. */
  running: boolean;
  checkpoints: number;
  /** Failed checkpoints and failed workers, since the process started. */
  failures: number;
  /** Workers started again after one failed. */
  restarts: number;
  last: CheckpointOutcome | null;
  /** When the current run of failures began; null while checkpoints succeed. */
  failingSince: Date | null;
}

/**
 * Checkpoints a SQLite database in WAL mode from a worker thread with its own connection
 * (`walCheckpointerEntry`), so that the copy of the log into the database file, and the syncs
 * of the pages copied, happen off the event loop. SQLite's automatic checkpoint stays on in the
 * server's connection, inside the commit that crosses 1,000 pages, because only a checkpoint
 * that no commit overlaps lets the log start over: with it off, PASSIVE checkpoints from the
 * worker kept falling a few frames behind a server committing every few milliseconds, and the
 * log grew past 50 MiB in ten seconds. With the worker copying every `intervalMs`, what is left
 * for that commit is the last moments' frames and two syncs with almost nothing to write.
 *
 * The worker starts once the log file reaches `startBytes`, so a process that writes little
 * never starts the thread. Durability does not change: an acknowledgement still waits for the
 * flush of the log (`walSync`), a checkpoint only moves pages that are in the log already, and
 * it is crash-safe by SQLite's design. A failed checkpoint is logged and tried again at the next
 * tick; a failed worker is logged and replaced after `restartMs`. Neither loses data: the log
 * keeps every frame until a checkpoint has copied and synced it. A run of failures is logged
 * once, then summarised (`CheckpointFailureStreak`), and counted in `status` for the metrics.
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Watches the log's size until the worker is started; null once it is. */
  private startTimer: NodeJS.Timeout | null = null;
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (outcome: CheckpointOutcome) => void; reject: (error: Error) => void }
  >();
  private readonly logger: Logger;
  private readonly intervalMs: number;
  private readonly restartMs: number;
  private readonly streak: CheckpointFailureStreak;
  private state: Omit<WalCheckpointerStatus, 'failingSince'> = {
    running: false,
    checkpoints: 0,
    failures: 0,
    restarts: 0,
    last: null,
  };
  private started: Promise<void>;
  private markStarted: () => void = () => undefined;

  /**
   * Starts checkpointing `db` (the server's connection, in WAL mode, on a file) once its log
   * file reaches `startBytes`.
   */
  constructor(
    private readonly db: Database.Database,
    options: WalCheckpointerOptions,
  ) {
    this.logger = options.logger.child({ component: 'wal-checkpointer' });
    this.intervalMs = options.intervalMs ?? WAL_CHECKPOINT_INTERVAL_MS;
    this.restartMs = options.restartMs ?? WAL_CHECKPOINTER_RESTART_MS;
    this.streak = new CheckpointFailureStreak(
      this.logger,
      options.degradedAfterMs ?? WAL_CHECKPOINT_DEGRADED_AFTER_MS,
      options.failureLogIntervalMs ?? WAL_CHECKPOINT_FAILURE_LOG_MS,
    );
    db.pragma(`journal_size_limit = ${WAL_JOURNAL_SIZE_LIMIT_BYTES}`);
    const startBytes = options.startBytes ?? WAL_CHECKPOINTER_START_BYTES;
    if (startBytes <= 0) {
      this.started = this.start();
      return;
    }
    this.started = new Promise((resolve) => {
      this.markStarted = resolve;
    });
    const walFile = `${db.name}-wal`;
    // The size is read on libuv's thread pool, never on the event loop.
    this.startTimer = setInterval(() => {
      fs.stat(walFile, (error, stats) => {
        if (error || stats.size < startBytes || this.startTimer === null) return;
        clearInterval(this.startTimer);
        this.startTimer = null;
        if (this.stopping || !db.open) return;
        void this.start().then(() => this.markStarted());
      });
    }, this.intervalMs);
    this.startTimer.unref();
  }

  /** What the checkpointer has done so far. */
  get status(): WalCheckpointerStatus {
    return { ...this.state, failingSince: this.streak.failingSince };
  }

  /** Degraded once checkpoints have failed for `degradedAfterMs` without one success. */
  health(): CheckpointerHealth {
    return this.streak.health();
  }

  /**
   * Size of the log file now, in bytes; 0 when there is none. Synchronous, for a scrape: one
   * stat of a file whose metadata the kernel holds, a few times a minute.
   */
  walBytes(): number {
    try {
      return fs.statSync(`${this.db.name}-wal`).size;
    } catch {
      return 0;
    }
  }

  /**
   * Resolves once the worker has its connection (or failed to start, or the checkpointer was
   * stopped first).
   */
  whenStarted(): Promise<void> {
    return this.started;
  }

  /** Runs one checkpoint now, in the worker, and answers how far it got. */
  checkpoint(): Promise<CheckpointOutcome> {
    const worker = this.worker;
    if (worker === null || !this.state.running) {
      return Promise.reject(new Error('the WAL checkpointer is not running'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ type: 'checkpoint', id } satisfies CheckpointerRequest);
    });
  }

  /**
   * Stops the worker after the checkpoint it may be running, so that the final checkpoint of
   * whatever closes the database next does not meet it.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.startTimer !== null) clearInterval(this.startTimer);
    this.startTimer = null;
    this.markStarted();
    const worker = this.worker;
    this.worker = null;
    this.state.running = false;
    if (worker !== null) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      const stopped = new Promise<void>((resolve) =>
        worker.on('message', (reply: CheckpointerReply) => {
          if (reply.type === 'stopped') resolve();
        }),
      );
      worker.postMessage({ type: 'stop' } satisfies CheckpointerRequest);
      // A worker that died already never answers; its exit ends the wait instead.
      await Promise.race([stopped, exited]);
      await worker.terminate();
    }
    this.rejectWaiting(new Error('the WAL checkpointer stopped'));
  }

  private start(): Promise<void> {
    const worker = startWorker(import.meta.url, 'walCheckpointerEntry', {
      resourceLimits: { maxOldGenerationSizeMb: CHECKPOINTER_HEAP_MB },
    });
    // A timer in the worker must not keep the process alive; shutdown stops it explicitly.
    worker.unref();
    this.worker = worker;
    const started = new Promise<void>((resolve) => {
      worker.on('message', (reply: CheckpointerReply) => {
        if (reply.type === 'started') resolve();
        this.onReply(reply);
      });
      // A worker that fails before it starts settles the wait too.
      worker.once('exit', () => resolve());
    });
    worker.on('error', (error) => this.onWorkerDown(worker, error));
    worker.on('exit', (code) => this.onWorkerDown(worker, new Error(`exited with code ${code}`)));
    worker.postMessage({
      type: 'start',
      file: this.db.name,
      intervalMs: this.intervalMs,
    } satisfies CheckpointerRequest);
    return started;
  }

  private onReply(reply: CheckpointerReply): void {
    switch (reply.type) {
      case 'started':
        if (this.stopping || !this.db.open) return;
        this.state.running = true;
        return;
      case 'checkpointed':
        this.state.checkpoints += 1;
        this.state.last = reply.outcome;
        this.streak.succeeded();
        this.settle(reply.id, reply.outcome, null);
        return;
      case 'failed':
        this.state.failures += 1;
        // The log keeps every frame until a checkpoint succeeds; the next tick tries again.
        this.streak.failed('checkpoint', reply.message, { failures: this.state.failures });
        this.settle(reply.id, null, new Error(reply.message));
        return;
      case 'stopped':
        return;
    }
  }

  private settle(id: number | null, outcome: CheckpointOutcome | null, error: Error | null): void {
    if (id === null) return;
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    if (!waiter) return;
    if (outcome !== null) waiter.resolve(outcome);
    else waiter.reject(error ?? new Error('the checkpoint failed'));
  }

  private onWorkerDown(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.state.running = false;
    this.state.failures += 1;
    this.rejectWaiting(new Error(`the WAL checkpointer stopped: ${error.message}`));
    if (this.stopping) return;
    this.streak.failed('worker', error.message, {
      failures: this.state.failures,
      restartMs: this.restartMs,
      // The error itself, with the worker's stack, where a line is written.
      error,
    });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping || !this.db.open) return;
      this.state.restarts += 1;
      this.started = this.start();
    }, this.restartMs);
    this.restartTimer.unref();
  }

  private rejectWaiting(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}
