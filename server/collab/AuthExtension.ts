import type { IncomingMessage } from 'node:http';
import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import type { IdentityResolver } from '../auth/authenticate.ts';
import { canEditText } from '../../shared/api/roles.ts';
import { presenceName } from '../../shared/editor/presenceName.ts';
import {
  AuthenticationFailed,
  AuthorizationFailed,
  DocumentNotFound,
  TooManyConnections,
} from '../../shared/closeCodes.ts';
import { MAX_CONNECTIONS_PER_USER } from '../../shared/limits.ts';
import { countUserConnections } from './countUserConnections.ts';
import { CloseError } from './CloseError.ts';
import { effectiveRole } from '../access/effectiveRole.ts';
import type { Logger } from '../logger.ts';
import type { Storage } from '../storage/types.ts';
import type { CollabContext } from './CollabContext.ts';
import type { CollabTokens } from './CollabTokens.ts';

/**
 * The one gate of the collaboration socket. Every connection to a document passes through
 * `onAuthenticate`, which verifies the token, looks up the user's role in that document, and
 * decides read or write: only owners and editors get a writable connection. Commenters and
 * viewers are read-only, so Hocuspocus refuses every update they send.
 */
export class AuthExtension implements Extension {
  extensionName = 'remiss-auth';
  priority = 1000;

  constructor(
    private readonly storage: Storage,
    private readonly tokens: CollabTokens,
    private readonly logger: Logger,
    private readonly sessions: IdentityResolver | null = null,
    private readonly authenticated: WeakSet<IncomingMessage> | null = null,
  ) {}

  async onAuthenticate(payload: onAuthenticatePayload): Promise<CollabContext> {
    if (payload.token === '' && this.sessions) {
      // Browsers may authenticate with their session cookie instead of a token.
      const user = await this.sessions.resolve(payload.request);
      if (!user) throw new CloseError(AuthenticationFailed);
      return this.authorize(payload, user.id);
    }
    const verified = this.tokens.verify(payload.token);
    if (!verified.ok) {
      this.logger.warn('collab authentication refused', {
        documentId: payload.documentName,
        problem: verified.problem,
      });
      throw new CloseError(AuthenticationFailed);
    }
    const { claims } = verified;
    if (claims.doc !== payload.documentName) throw new CloseError(AuthorizationFailed);
    return this.authorize(payload, claims.sub);
  }

  private async authorize(payload: onAuthenticatePayload, userId: string): Promise<CollabContext> {
    const document = await this.storage.documents.get(payload.documentName);
    if (!document) throw new CloseError(DocumentNotFound);
    const user = await this.storage.users.get(userId);
    if (!user) throw new CloseError(AuthenticationFailed);
    const role = await effectiveRole(this.storage, document.id, user);
    if (!role) throw new CloseError(AuthorizationFailed);
    // Checked, not reserved: connections authenticating at the same moment may pass together,
    // which overshoots the limit by a few and never locks anyone out.
    if (countUserConnections(payload.instance, userId) >= MAX_CONNECTIONS_PER_USER) {
      this.logger.warn('refused a collab connection: too many for one user', {
        documentId: payload.documentName,
        userId,
      });
      throw new CloseError(TooManyConnections);
    }
    payload.connectionConfig.readOnly = !canEditText(role);
    this.authenticated?.add(payload.request);
    return { userId, role, presenceName: presenceName(user) };
  }
}
