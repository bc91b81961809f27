import { Router, type Request, type Response } from 'express';
import { signInRequestSchema } from '../../../../shared/api/accounts.ts';
import type { SessionUser } from '../../../../shared/api/session.ts';
import { SESSION_IDLE_TTL_SECONDS } from '../../../../shared/limits.ts';
import { requireUser } from '../../../auth/authenticate.ts';
import { clearedSessionCookie, sessionCookie } from '../../../auth/cookies.ts';
import type { SessionService } from '../../../auth/SessionService.ts';
import type { SignInRateLimiter } from '../../../auth/SignInRateLimiter.ts';
import { clientAddress, isSecureRequest } from '../../../http/clientAddress.ts';
import { HttpError, TooManyRequests } from '../../../http/HttpError.ts';
import { parseInput } from '../../../http/parseBody.ts';
import type { Storage, UserRecord } from '../../../storage/types.ts';

/** The signed-in user as the API returns it. */
export function toSessionUser(user: UserRecord): SessionUser {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organisation: user.organisation,
    isAdmin: user.isAdmin,
  };
}

/** The one answer to a failed sign-in, whether the email exists or not. */
export const WrongCredentials = () =>
  new HttpError(401, 'unauthenticated', 'Wrong email or password.');

/** Dependencies of the session routes. */
export interface SessionDeps {
  storage: Storage;
  sessions: SessionService;
  limiter: SignInRateLimiter;
  publicUrl: string | null;
}

/**
 * Checks a password sign-in with backoff per email and per address, and the same answer for an
 * unknown email and a wrong password. Returns the user; throws 401 or 429.
 */
export async function signInWithPassword(
  deps: SessionDeps,
  req: Request,
  email: string,
  password: string,
): Promise<UserRecord> {
  const keys = [`email:${email}`, `ip:${clientAddress(req)}`];
  const wait = deps.limiter.retryAfterSeconds(keys);
  if (wait > 0) {
    const error = TooManyRequests(`Too many failed sign-ins. Try again in ${wait} seconds.`);
    Object.assign(error, { retryAfterSeconds: wait });
    throw error;
  }
  const user = await deps.sessions.checkPassword(email, password);
  if (!user) {
    deps.limiter.fail(keys);
    await deps.storage.audit.record({
      action: 'sign-in-failed',
      actorId: null,
      documentId: null,
      subjectId: null,
      details: { email, address: clientAddress(req) },
    });
    throw WrongCredentials();
  }
  deps.limiter.succeed(`email:${email}`);
  return user;
}

/** Starts a session for `user`, replacing any session the request carried, and sets the cookie. */
export async function startSession(
  deps: SessionDeps,
  req: Request,
  res: Response,
  user: UserRecord,
): Promise<void> {
  const token = await deps.sessions.start(user.id, 'password', deps.sessions.tokenOf(req));
  res.setHeader(
    'Set-Cookie',
    sessionCookie(token, {
      secure: isSecureRequest(req, deps.publicUrl),
      maxAgeSeconds: SESSION_IDLE_TTL_SECONDS,
    }),
  );
  await deps.storage.audit.record({
    action: 'sign-in',
    actorId: user.id,
    documentId: null,
    subjectId: user.id,
    details: { address: clientAddress(req) },
  });
}

/** `POST`, `GET` and `DELETE /api/session`: sign in, who am I, sign out. */
export function sessionRouter(deps: SessionDeps): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    const { email, password } = parseInput(signInRequestSchema, req.body);
    const user = await signInWithPassword(deps, req, email, password);
    await startSession(deps, req, res, user);
    res.json(toSessionUser(user));
  });

  router.get('/session', (_req, res) => {
    res.json(toSessionUser(requireUser(res)));
  });

  router.delete('/session', async (req, res) => {
    const user = requireUser(res);
    await deps.sessions.end(deps.sessions.tokenOf(req));
    await deps.storage.audit.record({
      action: 'sign-out',
      actorId: user.id,
      documentId: null,
      subjectId: user.id,
      details: {},
    });
    res.setHeader('Set-Cookie', clearedSessionCookie(isSecureRequest(req, deps.publicUrl)));
    res.status(204).end();
  });

  return router;
}
