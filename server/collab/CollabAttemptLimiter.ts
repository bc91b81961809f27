import {
  COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS,
  COLLAB_FAILED_ATTEMPTS_PER_SECOND_PER_ADDRESS,
} from '../../shared/limits.ts';

/** One address's bucket: tokens left, and when they were last refilled. */
interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Buckets kept before full ones (idle addresses) are forgotten. */
const PRUNE_ABOVE = 10_000;

/** The limiter's sizes; the defaults are the named limits in shared/limits.ts. */
export interface CollabAttemptLimits {
  /** @default COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS */
  burst?: number;
  /** @default COLLAB_FAILED_ATTEMPTS_PER_SECOND_PER_ADDRESS */
  perSecond?: number;
}

/**
 * Limits, per client address, the collaboration sockets that fail: that never authenticate, or
 * that the server closes for a bad frame. A token bucket of `burst`, refilled at `perSecond`:
 * each upgrade takes a token, a socket that authenticates gives it back, and one refused later
 * for a bad frame takes it again. While an address has no token left, its upgrades are refused
 * before the WebSocket handshake (HTTP 429 with Retry-After), which costs the server a few
 * bytes instead of a socket, a Hocuspocus connection and, for a token, a database lookup.
 *
 * Sockets that authenticated and behave cost nothing, so an office behind one NAT address, or
 * a reverse proxy's loopback hop, is limited only by its in-flight handshakes; and a socket
 * that is open and authenticated is never touched, whatever its address does. Buckets live in
 * memory: a restart forgets them, which suits a rate limit.
 */
export class CollabAttemptLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perSecond: number;

  constructor(
    limits: CollabAttemptLimits = {},
    private readonly now: () => number = () => performance.now(),
  ) {
    this.burst = limits.burst ?? COLLAB_FAILED_ATTEMPTS_BURST_PER_ADDRESS;
    this.perSecond = limits.perSecond ?? COLLAB_FAILED_ATTEMPTS_PER_SECOND_PER_ADDRESS;
  }

  /**
   * Takes a token for an upgrade from `address`: 0 if it may go ahead, otherwise the whole
   * seconds (at least 1) until it may try again.
   */
  admit(address: string): number {
    const bucket = this.refill(address);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  /** Gives back the token of a socket from `address` that authenticated. */
  refund(address: string): void {
    const bucket = this.refill(address);
    bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
  }

  /** Takes a token again, for a socket from `address` refused after it had authenticated. */
  charge(address: string): void {
    const bucket = this.refill(address);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
  }

  private refill(address: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(address);
    if (!bucket) {
      if (this.buckets.size >= PRUNE_ABOVE) this.prune(now);
      bucket = { tokens: this.burst, refilledAt: now };
      this.buckets.set(address, bucket);
      return bucket;
    }
    const seconds = (now - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + seconds * this.perSecond);
    bucket.refilledAt = now;
    return bucket;
  }

  /** Forgets addresses whose bucket has refilled: they are no different from new ones. */
  private prune(now: number): void {
    for (const [address, bucket] of this.buckets) {
      const seconds = (now - bucket.refilledAt) / 1000;
      if (bucket.tokens + seconds * this.perSecond >= this.burst) this.buckets.delete(address);
    }
  }
}
