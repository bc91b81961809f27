import { COMMENTS_PER_MINUTE } from '../../shared/limits.ts';

/** The window COMMENTS_PER_MINUTE counts over. */
const WINDOW_MS = 60_000;

/**
 * Counts the comments (threads and replies) each user posts, over all documents, in a sliding
 * minute. Counters live in memory: a restart resets them, which is fine for a limit meant to stop
 * a script or a stuck client, not to keep a record.
 */
export class CommentRateLimiter {
  private readonly recent = new Map<string, number[]>();

  /**
   * @param perMinute Comments one user may post per minute. @default COMMENTS_PER_MINUTE
   * @param now The clock, for tests. @default Date.now
   */
  constructor(
    private readonly perMinute: number = COMMENTS_PER_MINUTE,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes one of the user's slots. Returns 0 when it was free, or the whole seconds until the
   * oldest slot in the window frees up (for Retry-After), taking nothing.
   */
  take(userId: string): number {
    const now = this.now();
    const since = now - WINDOW_MS;
    const times = (this.recent.get(userId) ?? []).filter((time) => time > since);
    if (times.length >= this.perMinute) {
      this.recent.set(userId, times);
      const oldest = times[0] ?? now;
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    }
    times.push(now);
    this.recent.set(userId, times);
    this.prune(since);
    return 0;
  }

  /** Forgets users with no slot in the window, so the map does not grow with every poster. */
  private prune(since: number): void {
    if (this.recent.size < 1_000) return;
    for (const [userId, times] of this.recent) {
      if (times.every((time) => time <= since)) this.recent.delete(userId);
    }
  }
}
