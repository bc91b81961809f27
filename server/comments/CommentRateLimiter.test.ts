import { describe, expect, it } from 'vitest';
import { CommentRateLimiter } from './CommentRateLimiter.ts';

describe('CommentRateLimiter', () => {
  it('allows the limit in a minute, then says how long until the oldest slot frees up', () => {
    let now = 1_000_000;
    const limiter = new CommentRateLimiter(3, () => now);
    expect(limiter.take('a')).toBe(0);
    now += 10_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(50);
    // A refused attempt takes no slot: once the first one is a minute old, one more fits.
    now += 50_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(10);
  });

  it('counts each user separately', () => {
    const limiter = new CommentRateLimiter(1, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });
});
