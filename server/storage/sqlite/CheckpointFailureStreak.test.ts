import { describe, expect, it } from 'vitest';
import { createJsonLogger, type LogFields } from '../../logger.ts';
import { CheckpointFailureStreak } from './CheckpointFailureStreak.ts';

/** A real JSON logger whose lines are kept, parsed, for the test to read. */
function recordingLogger() {
  const lines: LogFields[] = [];
  const logger = createJsonLogger({ write: (line) => lines.push(JSON.parse(line) as LogFields) });
  return { logger, lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('CheckpointFailureStreak', () => {
  it('logs the first failure of a run, not each one after it', () => {
    const { logger, lines } = recordingLogger();
    const streak = new CheckpointFailureStreak(logger, 60_000, 60_000);
    for (let n = 0; n < 50; n += 1) streak.failed('checkpoint', 'database or disk is full', {});
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      message: 'a WAL checkpoint failed; it is tried again',
      error: 'database or disk is full',
    });
    expect(streak.failingSince).toBeInstanceOf(Date);
  });

  it('writes one summary per interval while failures last, and one line when they end', async () => {
    const { logger, lines } = recordingLogger();
    const streak = new CheckpointFailureStreak(logger, 60_000, 20);
    streak.failed('worker', 'exited with code 1', {});
    await sleep(50);
    for (let n = 0; n < 10; n += 1) streak.failed('checkpoint', 'disk I/O error', {});
    streak.succeeded();
    // Nothing more to end: a success without failures before it writes nothing.
    streak.succeeded();

    expect(lines.map((line) => line.message)).toEqual([
      'the WAL checkpointer failed; SQLite checkpoints alone until it is back',
      'WAL checkpoints are still failing; SQLite checkpoints alone meanwhile',
      'WAL checkpoints succeed again',
    ]);
    expect(lines[1]).toMatchObject({ level: 'error', failures: 2, error: 'disk I/O error' });
    expect(lines[2]).toMatchObject({ level: 'info', failures: 11 });
    expect(streak.failingSince).toBeNull();
  });

  it('is degraded only once failures have lasted the limit, with the last error, until a success', async () => {
    const { logger } = recordingLogger();
    const streak = new CheckpointFailureStreak(logger, 30, 60_000);
    expect(streak.health()).toEqual({ state: 'ok' });
    streak.failed('checkpoint', 'database is locked', {});
    expect(streak.health()).toEqual({ state: 'ok' });
    await sleep(60);
    streak.failed('checkpoint', 'disk I/O error', {});
    const health = streak.health();
    expect(health.state).toBe('degraded');
    expect(health.state === 'degraded' ? health.reason : '').toMatch(
      /^WAL checkpoints failing since \d{4}-\d\d-\d\dT.* \(2 failed\): disk I\/O error$/,
    );
    streak.succeeded();
    expect(streak.health()).toEqual({ state: 'ok' });
  });
});
