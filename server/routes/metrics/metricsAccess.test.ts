import { describe, expect, it } from 'vitest';
import { decideMetricsAccess, isLoopback, type MetricsRequest } from './metricsAccess.ts';

const TOKEN = 'k3Vq9sX2pLm8Rt4Wz7Yb1Nc6Hd0Fg5Ja';
const direct = (remoteAddress: string): MetricsRequest => ({
  remoteAddress,
  forwarded: false,
  authorization: undefined,
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('%s is loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['192.0.2.2', '10.0.0.1', '::ffff:10.0.0.1', 'fd00::2', '1127.0.0.1', '', undefined])(
    '%s is not',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});

describe('decideMetricsAccess without METRICS_TOKEN', () => {
  it('serves a direct request from the local host', () => {
    expect(decideMetricsAccess(direct('127.0.0.1'), null)).toBe('allowed');
    expect(decideMetricsAccess(direct('::1'), null)).toBe('allowed');
  });

  it('refuses any other address', () => {
    expect(decideMetricsAccess(direct('192.0.2.2'), null)).toBe('not-loopback');
    expect(decideMetricsAccess(direct('::ffff:203.0.113.7'), null)).toBe('not-loopback');
    expect(decideMetricsAccess({ ...direct('unknown'), remoteAddress: undefined }, null)).toBe(
      'not-loopback',
    );
  });

  it('refuses a request a proxy on the local host forwarded, since it may come from anyone', () => {
    expect(decideMetricsAccess({ ...direct('127.0.0.1'), forwarded: true }, null)).toBe(
      'not-loopback',
    );
  });

  it('does not let a bearer token stand in when no token is configured', () => {
    const request = { ...direct('192.0.2.2'), authorization: `Bearer ${TOKEN}` };
    expect(decideMetricsAccess(request, null)).toBe('not-loopback');
  });
});

describe('decideMetricsAccess with METRICS_TOKEN', () => {
  it('serves anyone with the right bearer token, forwarded or not', () => {
    const request = { remoteAddress: '203.0.113.7', forwarded: true };
    expect(decideMetricsAccess({ ...request, authorization: `Bearer ${TOKEN}` }, TOKEN)).toBe(
      'allowed',
    );
    expect(decideMetricsAccess({ ...request, authorization: `bearer ${TOKEN}` }, TOKEN)).toBe(
      'allowed',
    );
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer k3Vq9sX2pLm8Rt4Wz7Yb1Nc6Hd0Fg5Jb'],
    ['a prefix of the token', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with more after it', `Bearer ${TOKEN}x`],
    ['another scheme', `Basic ${TOKEN}`],
    ['the bare token', TOKEN],
  ])('asks for the token on %s, even from loopback', (_case, authorization) => {
    expect(decideMetricsAccess({ ...direct('127.0.0.1'), authorization }, TOKEN)).toBe(
      'token-required',
    );
  });
});
