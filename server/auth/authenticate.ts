import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { UserRecord } from '../storage/types.ts';
import { Unauthenticated } from '../http/HttpError.ts';

/**
 * Finds out who is making a request. Today the only resolver is the single local user; signing
 * in with a password, and later with the agencies' identity providers, are further resolvers
 * behind the same interface, so no route changes when they arrive.
 */
export interface IdentityResolver {
  resolve(req: { headers: IncomingHttpHeaders }): Promise<UserRecord | null>;
}

/**
 * The one authentication middleware every HTTP route passes through. It records the caller (or
 * null) for the handlers; routes that need a user call `requireUser`.
 */
export function authenticate(resolver: IdentityResolver): RequestHandler {
  return async (req, res, next) => {
    res.locals['user'] = await resolver.resolve(req);
    next();
  };
}

/** The signed-in user of this request, or a 401. */
export function requireUser(res: Response): UserRecord {
  const user = res.locals['user'] as UserRecord | null | undefined;
  if (!user) throw Unauthenticated();
  return user;
}
