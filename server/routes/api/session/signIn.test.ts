import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionUserSchema } from '../../../../shared/api/session.ts';
import { errorResponseSchema } from '../../../../shared/api/errors.ts';
import { SIGN_IN_FREE_ATTEMPTS } from '../../../../shared/limits.ts';
import { SESSION_COOKIE } from '../../../auth/cookies.ts';
import { hashSecretToken, newSecretToken } from '../../../auth/secretToken.ts';
import type { UserRecord } from '../../../storage/types.ts';
import { buildUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';

const NEW_PASSWORD = 'another long passphrase';

let server: TestServer;
let addressCounter = 0;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.destroy();
});

/**
 * A client address of its own (the server trusts X-Forwarded-For from loopback). Failed sign-ins
 * also count against the address, so tests that fail on purpose use their own.
 */
function newAddress(): string {
  addressCounter += 1;
  return `192.0.2.${addressCounter}`;
}

interface Call {
  status: number;
  text: string;
  headers: Headers;
  /** `name=value` of the session cookie the response set, if any. */
  cookie: string | null;
  /** The whole Set-Cookie header for the session cookie, if any. */
  setCookie: string | null;
}

async function call(
  target: TestServer,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string | null; address?: string } = {},
): Promise<Call> {
  const response = await target.request(path, {
    method,
    cookie: options.cookie ?? null,
    headers: options.address ? { 'X-Forwarded-For': options.address } : {},
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const setCookie =
    response.headers.getSetCookie().find((value) => value.startsWith(`${SESSION_COOKIE}=`)) ?? null;
  return {
    status: response.status,
    text: await response.text(),
    headers: response.headers,
    cookie: setCookie?.split(';')[0] ?? null,
    setCookie,
  };
}

const signInCall = (email: string, password: string, address: string, cookie?: string) =>
  call(server, 'POST', '/api/session', {
    body: { email, password },
    address,
    ...(cookie === undefined ? {} : { cookie }),
  });

async function signedIn(user: UserRecord, password = TEST_PASSWORD): Promise<string> {
  const result = await signInCall(user.email, password, newAddress());
  expect(result.status).toBe(200);
  if (!result.cookie) throw new Error('no session cookie');
  return result.cookie;
}

/** Who the server takes `cookie` for, or null if it is not a valid session. */
async function whoIs(cookie: string): Promise<string | null> {
  const result = await call(server, 'GET', '/api/session', { cookie });
  if (result.status === 401) return null;
  expect(result.status).toBe(200);
  return sessionUserSchema.parse(JSON.parse(result.text)).id;
}

function expectError(result: Call, status: number, code: string): void {
  expect(result.status, result.text).toBe(status);
  expect(errorResponseSchema.parse(JSON.parse(result.text)).error.code).toBe(code);
}

describe('password guessing', () => {
  it(`answers 429 with Retry-After once one email has failed ${SIGN_IN_FREE_ATTEMPTS} times`, async () => {
    const user = await buildUser(server.storage);
    const address = newAddress();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) {
      expectError(
        await signInCall(user.email, `wrong ${attempt}`, address),
        401,
        'unauthenticated',
      );
    }
    // Locked: even the right password is not checked, and not from another address either.
    for (const from of [address, newAddress()]) {
      const locked = await signInCall(user.email, TEST_PASSWORD, from);
      expectError(locked, 429, 'rate_limited');
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(locked.cookie).toBeNull();
    }
  });

  it('lets the right password in once the Retry-After has passed', async () => {
    const user = await buildUser(server.storage);
    const address = newAddress();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) {
      await signInCall(user.email, 'wrong', address);
    }
    const locked = await signInCall(user.email, TEST_PASSWORD, address);
    expect(locked.status).toBe(429);
    const wait = Number(locked.headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 50));
    const result = await signInCall(user.email, TEST_PASSWORD, address);
    expect(result.status).toBe(200);
    expect(result.cookie).not.toBeNull();
  });

  it('slows down one address guessing many emails', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) {
      await signInCall(`nobody${attempt}@example.org`, 'wrong', address);
    }
    const user = await buildUser(server.storage);
    expectError(await signInCall(user.email, TEST_PASSWORD, address), 429, 'rate_limited');
  });

  it('answers an unknown email exactly as a wrong password', async () => {
    const user = await buildUser(server.storage);
    const wrongPassword = await signInCall(user.email, 'not the password', newAddress());
    const unknownEmail = await signInCall(`${randomUUID()}@example.org`, 'x', newAddress());
    expectError(wrongPassword, 401, 'unauthenticated');
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(unknownEmail.text).toBe(wrongPassword.text);
    expect(unknownEmail.cookie).toBeNull();
  });
});

describe('sessions', () => {
  it('issues a new session at sign-in and ends the one the request carried', async () => {
    const user = await buildUser(server.storage);
    const first = await signedIn(user);
    const second = await signInCall(user.email, TEST_PASSWORD, newAddress(), first);
    expect(second.status).toBe(200);
    expect(second.cookie).not.toBeNull();
    expect(second.cookie).not.toBe(first);
    expect(await whoIs(first)).toBeNull();
    expect(await whoIs(second.cookie ?? '')).toBe(user.id);
  });

  it('never adopts a session id an attacker planted in the browser', async () => {
    const user = await buildUser(server.storage);
    const planted = `${SESSION_COOKIE}=${newSecretToken()}`;
    const result = await signInCall(user.email, TEST_PASSWORD, newAddress(), planted);
    expect(result.status).toBe(200);
    expect(result.cookie).not.toBe(planted);
    expect(await whoIs(planted)).toBeNull();
  });

  it('signs out: the cookie is cleared and no longer works', async () => {
    const user = await buildUser(server.storage);
    const cookie = await signedIn(user);
    const result = await call(server, 'DELETE', '/api/session', { cookie });
    expect(result.status).toBe(204);
    expect(result.setCookie).toMatch(/Max-Age=0/);
    expect(await whoIs(cookie)).toBeNull();
  });

  it('ends every other session on a password change, and keeps this one', async () => {
    const user = await buildUser(server.storage);
    const here = await signedIn(user);
    const elsewhere = await signedIn(user);
    const result = await call(server, 'POST', '/api/account/password', {
      cookie: here,
      body: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(result.status).toBe(204);
    expect(await whoIs(here)).toBe(user.id);
    expect(await whoIs(elsewhere)).toBeNull();
    expect((await signInCall(user.email, TEST_PASSWORD, newAddress())).status).toBe(401);
    expect((await signInCall(user.email, NEW_PASSWORD, newAddress())).status).toBe(200);
  });

  it('refuses a password change with the wrong current password', async () => {
    const user = await buildUser(server.storage);
    const cookie = await signedIn(user);
    const result = await call(server, 'POST', '/api/account/password', {
      cookie,
      body: { currentPassword: 'not it at all', newPassword: NEW_PASSWORD },
      address: newAddress(),
    });
    expectError(result, 401, 'unauthenticated');
    expect((await signInCall(user.email, TEST_PASSWORD, newAddress())).status).toBe(200);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, Path=/ and not Secure over plain http', async () => {
    const user = await buildUser(server.storage);
    const result = await signInCall(user.email, TEST_PASSWORD, newAddress());
    const attributes = (result.setCookie ?? '').split(';').map((part) => part.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/']));
    expect(attributes).not.toContain('Secure');
  });

  it('sets the cookie Secure when PUBLIC_URL is https', async () => {
    const secure = await startTestServer({ config: { publicUrl: 'https://remiss.example' } });
    try {
      const user = await buildUser(secure.storage);
      const result = await call(secure, 'POST', '/api/session', {
        body: { email: user.email, password: TEST_PASSWORD },
      });
      expect(result.status).toBe(200);
      const attributes = (result.setCookie ?? '').split(';').map((part) => part.trim());
      expect(attributes).toEqual(
        expect.arrayContaining(['HttpOnly', 'SameSite=Lax', 'Path=/', 'Secure']),
      );
    } finally {
      await secure.destroy();
    }
  });
});

describe('password reset', () => {
  it('answers 202 with the same body whether or not the email has an account', async () => {
    const user = await buildUser(server.storage);
    const known = await call(server, 'POST', '/api/password-resets', {
      body: { email: user.email },
      address: newAddress(),
    });
    const unknown = await call(server, 'POST', '/api/password-resets', {
      body: { email: `${randomUUID()}@example.org` },
      address: newAddress(),
    });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.text).toBe(known.text);
  });

  it('slows down one address asking for many resets, with Retry-After', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < SIGN_IN_FREE_ATTEMPTS; attempt++) {
      const asked = await call(server, 'POST', '/api/password-resets', {
        body: { email: `${randomUUID()}@example.org` },
        address,
      });
      expect(asked.status).toBe(202);
    }
    const limited = await call(server, 'POST', '/api/password-resets', {
      body: { email: `${randomUUID()}@example.org` },
      address,
    });
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('sets the new password with a link, signs in, ends other sessions, and works once', async () => {
    const user = await buildUser(server.storage);
    const oldSession = await signedIn(user);
    const token = newSecretToken();
    await server.storage.passwordResets.create({
      tokenHash: hashSecretToken(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + 60_000),
    });

    const used = await call(server, 'POST', `/api/password-resets/${token}`, {
      body: { password: NEW_PASSWORD },
    });
    expect(used.status).toBe(204);
    expect(await whoIs(used.cookie ?? '')).toBe(user.id);
    expect(await whoIs(oldSession)).toBeNull();
    expect((await signInCall(user.email, NEW_PASSWORD, newAddress())).status).toBe(200);

    const again = await call(server, 'POST', `/api/password-resets/${token}`, {
      body: { password: 'a third long passphrase' },
    });
    expectError(again, 404, 'not_found');
    expect(again.cookie).toBeNull();
    expect((await signInCall(user.email, NEW_PASSWORD, newAddress())).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    const user = await buildUser(server.storage);
    const token = newSecretToken();
    await server.storage.passwordResets.create({
      tokenHash: hashSecretToken(token),
      userId: user.id,
      expiresAt: new Date(Date.now() - 1_000),
    });
    const result = await call(server, 'POST', `/api/password-resets/${token}`, {
      body: { password: NEW_PASSWORD },
    });
    expectError(result, 404, 'not_found');
    expect((await signInCall(user.email, TEST_PASSWORD, newAddress())).status).toBe(200);
  });
});
