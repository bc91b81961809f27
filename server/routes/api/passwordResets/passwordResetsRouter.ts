import { Router } from 'express';
import {
  completePasswordResetSchema,
  requestPasswordResetSchema,
} from '../../../../shared/api/accounts.ts';
import { PASSWORD_RESET_TTL_MINUTES } from '../../../../shared/limits.ts';
import { hashPassword } from '../../../auth/passwordHash.ts';
import { hashSecretToken, newSecretToken } from '../../../auth/secretToken.ts';
import { NotFound, TooManyRequests } from '../../../http/HttpError.ts';
import { clientAddress } from '../../../http/clientAddress.ts';
import type { Logger } from '../../../logger.ts';
import { parseInput } from '../../../http/parseBody.ts';
import { startSession, type SessionDeps } from '../session/sessionRouter.ts';

/**
 * Password reset. Asking for a reset always answers 202, whether or not the email has an
 * account, so the endpoint cannot be used to find out who is registered. Remiss sends no email
 * yet: the one-time link goes to the server log, where the operator (or an admin reading the
 * log) passes it on. Using the link sets the password, ends every session and signs in.
 */
export function passwordResetsRouter(deps: SessionDeps & { logger: Logger }): Router {
  const router = Router();

  router.post('/password-resets', async (req, res) => {
    const { email } = parseInput(requestPasswordResetSchema, req.body);
    const keys = [`reset:${email}`, `reset-ip:${clientAddress(req)}`];
    const wait = deps.limiter.retryAfterSeconds(keys);
    if (wait > 0) {
      // The error handler turns this into Retry-After, as for sign-ins.
      const error = TooManyRequests(`Too many requests. Try again in ${wait} seconds.`);
      Object.assign(error, { retryAfterSeconds: wait });
      throw error;
    }
    // Every request counts, found or not, so the backoff does not reveal which emails exist.
    deps.limiter.fail(keys);
    const user = await deps.storage.users.getByEmail(email);
    if (user && (await deps.storage.users.passwordHashOf(user.id))) {
      const token = newSecretToken();
      await deps.storage.passwordResets.create({
        tokenHash: hashSecretToken(token),
        userId: user.id,
        expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60_000),
      });
      const base = (
        deps.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`
      ).replace(/\/$/, '');
      deps.logger.info('password reset requested; pass this link to the account holder', {
        email: user.email,
        resetUrl: `${base}/reset/${token}`,
      });
    }
    res.status(202).json({ status: 'accepted' });
  });

  router.post('/password-resets/:token', async (req, res) => {
    const { password } = parseInput(completePasswordResetSchema, req.body);
    const userId = await deps.storage.passwordResets.consume(
      hashSecretToken(req.params.token),
      new Date(),
    );
    const user = userId ? await deps.storage.users.get(userId) : null;
    if (!user) throw NotFound('This reset link is not valid, has been used, or has expired.');
    await deps.storage.users.setPasswordHash(user.id, await hashPassword(password));
    await deps.sessions.endOthers(user.id, null);
    await deps.storage.audit.record({
      action: 'password-reset',
      actorId: user.id,
      documentId: null,
      subjectId: user.id,
      details: {},
    });
    await startSession(deps, req, res, user);
    res.status(204).end();
  });

  return router;
}
