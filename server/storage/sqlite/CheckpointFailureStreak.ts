import type { Logger } from '../../logger.ts';

/** Which part of the checkpointer failed: one checkpoint, or the worker thread itself. */
export type CheckpointFailureKind = 'checkpoint' | 'worker';

/** How the checkpointer is doing, for `GET /api/health/ready`. */
export type CheckpointerHealth = { state: 'ok' } | { state: 'degraded'; reason: string };

/** The first line of a run of failures, by what failed; operators search the logs for these. */
const FIRST_FAILURE_MESSAGES: Record<CheckpointFailureKind, string> = {
  checkpoint: 'a WAL checkpoint failed; it is tried again',
  worker: 'the WAL checkpointer failed; SQLite checkpoints alone until it is back',
};

/**
 * A run of failed checkpoints, from the first failure to the next checkpoint that succeeds. It
 * writes the log an operator reads (the first failure, then one summary per `logIntervalMs`
 * while the run lasts, then one line when it ends, with how many failed) rather than a line for
 * each failure: a checkpoint is tried every second, and a failure that persists (a full disk)
 * would otherwise bury every other line. After `degradedAfterMs` of failing it reports the
 * checkpointer degraded, not down: SQLite's own checkpoint in the server's connection still
 * bounds the log, and no frame is dropped before a checkpoint has copied it.
 */
export class CheckpointFailureStreak {
  /** When the current run began (ms since the epoch); null while checkpoints succeed. */
  private since: number | null = null;
  private failures = 0;
  private lastLoggedAt = 0;
  private lastMessage = '';

  constructor(
    private readonly logger: Logger,
    private readonly degradedAfterMs: number,
    private readonly logIntervalMs: number,
  ) {}

  /** Counts one failure; logs it only if it starts a run, or a summary is due. */
  failed(kind: CheckpointFailureKind, message: string, context: Record<string, unknown>): void {
    const now = Date.now();
    this.failures += 1;
    this.lastMessage = message;
    if (this.since === null) {
      this.since = now;
      this.lastLoggedAt = now;
      // `error`, not `message`: a field named `message` would replace the line's own message.
      this.logger.error(FIRST_FAILURE_MESSAGES[kind], { error: message, ...context });
      return;
    }
    if (now - this.lastLoggedAt < this.logIntervalMs) return;
    this.lastLoggedAt = now;
    this.logger.error('WAL checkpoints are still failing; SQLite checkpoints alone meanwhile', {
      failures: this.failures,
      since: new Date(this.since).toISOString(),
      error: message,
      ...context,
    });
  }

  /** Ends a run of failures, if one was going on, with one line saying how long and how many. */
  succeeded(): void {
    if (this.since === null) return;
    this.logger.info('WAL checkpoints succeed again', {
      failures: this.failures,
      failingMs: Date.now() - this.since,
    });
    this.since = null;
    this.failures = 0;
    this.lastMessage = '';
  }

  /** When the current run of failures began, or null. */
  get failingSince(): Date | null {
    return this.since === null ? null : new Date(this.since);
  }

  /** Degraded once the current run has lasted `degradedAfterMs`, with the last error. */
  health(): CheckpointerHealth {
    if (this.since === null || Date.now() - this.since < this.degradedAfterMs) {
      return { state: 'ok' };
    }
    return {
      state: 'degraded',
      reason:
        `WAL checkpoints failing since ${new Date(this.since).toISOString()} ` +
        `(${this.failures} failed): ${this.lastMessage}`,
    };
  }
}
