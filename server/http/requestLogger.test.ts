import { describe, expect, it } from 'vitest';
import { redactSecrets } from './requestLogger.ts';

describe('redactSecrets', () => {
  it.each([
    ['/api/invitations/abcDEF123_-xyz/accept', '/api/invitations/:token/accept'],
    ['/api/invitations/abcDEF123_-xyz', '/api/invitations/:token'],
    ['/api/setup/iXsrTHOlalF86NO-Rc14Ev', '/api/setup/:token'],
    ['/api/password-resets/s3cret', '/api/password-resets/:token'],
  ])('hides the token in %s', (path, logged) => {
    expect(redactSecrets(path)).toBe(logged);
  });

  it.each([
    '/api/documents/123/threads',
    '/api/invitations',
    '/api/password-resets',
    '/api/health',
  ])('leaves %s as it is', (path) => {
    expect(redactSecrets(path)).toBe(path);
  });
});
