import { SIGN_IN_FREE_ATTEMPTS, SIGN_IN_MAX_LOCK_SECONDS } from '../../shared/limits.ts';

interface Counter {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

/** Counters idle for this long are forgotten. */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Slows down password guessing. Failures are counted per key (the email, and separately the
 * client address); after SIGN_IN_FREE_ATTEMPTS each further failure doubles the wait before the
 * next attempt is even checked, up to SIGN_IN_MAX_LOCK_SECONDS. A success clears the email's
 * counter. Counters live in memory: a single node's restart resets them, which is acceptable
 * for a backoff (not a permanent lockout).
 */
export class SignInRateLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds until `keys` may try again, or 0 if they may try now. */
  retryAfterSeconds(keys: readonly string[]): number {
    const now = this.now();
    let wait = 0;
    for (const key of keys) {
      const counter = this.counters.get(key);
      if (counter && counter.lockedUntil > now) {
        wait = Math.max(wait, Math.ceil((counter.lockedUntil - now) / 1000));
      }
    }
    return wait;
  }

  /** Records a failed attempt for every key. */
  fail(keys: readonly string[]): void {
    const now = this.now();
    this.prune(now);
    for (const key of keys) {
      const existing = this.counters.get(key);
      // A counter idle for a day starts over, whether or not the map was large enough to prune.
      const counter =
        existing && now - existing.lastFailure <= FORGET_AFTER_MS
          ? existing
          : { failures: 0, lockedUntil: 0, lastFailure: now };
      counter.failures += 1;
      counter.lastFailure = now;
      const excess = counter.failures - SIGN_IN_FREE_ATTEMPTS;
      if (excess >= 0) {
        const seconds = Math.min(2 ** excess, SIGN_IN_MAX_LOCK_SECONDS);
        counter.lockedUntil = now + seconds * 1000;
      }
      this.counters.set(key, counter);
    }
  }

  /** Clears the counter of a key after a successful sign-in. */
  succeed(key: string): void {
    this.counters.delete(key);
  }

  private prune(now: number): void {
    if (this.counters.size < 10_000) return;
    for (const [key, counter] of this.counters) {
      if (now - counter.lastFailure > FORGET_AFTER_MS) this.counters.delete(key);
    }
  }
}
