import { describe, expect, it } from 'vitest';
import { SIGN_IN_FREE_ATTEMPTS, SIGN_IN_MAX_LOCK_SECONDS } from '../../shared/limits.ts';
import { SignInRateLimiter } from './SignInRateLimiter.ts';

/** A limiter on a clock the test moves by hand. */
function limiterAt(start = Date.UTC(2025, 0, 1)) {
  const clock = { now: start };
  const limiter = new SignInRateLimiter(() => clock.now);
  return {
    limiter,
    advance: (ms: number) => {
      clock.now += ms;
    },
  };
}

const EMAIL = ['email:someone@example.org'];

describe('SignInRateLimiter', () => {
  it(`lets ${SIGN_IN_FREE_ATTEMPTS - 1} failures pass and locks for a second after the ${SIGN_IN_FREE_ATTEMPTS}th`, () => {
    const { limiter, advance } = limiterAt();
    for (let attempt = 1; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) {
      limiter.fail(EMAIL);
      expect(limiter.retryAfterSeconds(EMAIL)).toBe(0);
    }
    limiter.fail(EMAIL);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(1);
    advance(999);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(1);
    advance(1);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(0);
  });

  it('doubles the wait with every further failure, up to the maximum', () => {
    const { limiter, advance } = limiterAt();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) limiter.fail(EMAIL);
    const waits: number[] = [];
    for (let extra = 0; extra < 14; extra++) {
      advance(limiter.retryAfterSeconds(EMAIL) * 1000);
      limiter.fail(EMAIL);
      waits.push(limiter.retryAfterSeconds(EMAIL));
    }
    expect(waits.slice(0, 6)).toEqual([2, 4, 8, 16, 32, 64]);
    expect(Math.max(...waits)).toBe(SIGN_IN_MAX_LOCK_SECONDS);
    expect(waits.at(-1)).toBe(SIGN_IN_MAX_LOCK_SECONDS);
  });

  it('rounds a partial second up, so a client that waits Retry-After is let in', () => {
    const { limiter, advance } = limiterAt();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS + 1; attempt++) limiter.fail(EMAIL);
    advance(1);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(2);
    advance(1_998);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(1);
    advance(1);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(0);
  });

  it('lets the right password in after the wait and starts counting afresh', () => {
    const { limiter, advance } = limiterAt();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) limiter.fail(EMAIL);
    advance(limiter.retryAfterSeconds(EMAIL) * 1000);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(0);
    limiter.succeed('email:someone@example.org');
    // A later typo is one of a fresh set of free attempts, not a doubled lock.
    limiter.fail(EMAIL);
    expect(limiter.retryAfterSeconds(EMAIL)).toBe(0);
  });

  it('waits for the longest lock among the keys, and keeps keys apart', () => {
    const { limiter } = limiterAt();
    const address = 'ip:192.0.2.1';
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS + 2; attempt++) {
      limiter.fail([`email:guess${attempt}@example.org`, address]);
    }
    expect(limiter.retryAfterSeconds(['email:guess0@example.org'])).toBe(0);
    expect(limiter.retryAfterSeconds(['email:new@example.org', address])).toBe(4);
    expect(limiter.retryAfterSeconds(['email:new@example.org', 'ip:192.0.2.2'])).toBe(0);
  });

  it("clears only the signed-in email's counter, not the address's", () => {
    const { limiter } = limiterAt();
    const keys = ['email:someone@example.org', 'ip:192.0.2.1'];
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) limiter.fail(keys);
    limiter.succeed('email:someone@example.org');
    expect(limiter.retryAfterSeconds(['email:someone@example.org'])).toBe(0);
    expect(limiter.retryAfterSeconds(['ip:192.0.2.1'])).toBe(1);
  });

  it('forgets failures after a day without one, so old typos do not add up', () => {
    const { limiter, advance } = limiterAt();
    const keys = ['email:someone@example.org', 'ip:192.0.2.1'];
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) limiter.fail(keys);
    advance(25 * 60 * 60 * 1000);
    limiter.fail(keys);
    expect(limiter.retryAfterSeconds(keys)).toBe(0);
  });
});
