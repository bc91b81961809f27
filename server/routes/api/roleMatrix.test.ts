import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInvitationResponseSchema } from '../../../shared/api/accounts.ts';
import { errorResponseSchema, type ErrorCode } from '../../../shared/api/errors.ts';
import type { Role } from '../../../shared/api/roles.ts';
import { SESSION_COOKIE } from '../../auth/cookies.ts';
import type { UserRecord } from '../../storage/types.ts';
import { seedComment, seedThread } from '../../test/commentFixtures.ts';
import { buildDocument, buildUser, signIn, TEST_PASSWORD } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/startTestServer.ts';
import { paragraphsDoc } from '../../test/yEdits.ts';

/**
 * Every HTTP route mounted in RemissServer.ts, called by every kind of caller, with the status
 * each must get. One `it` per cell, so a failure names the route and the caller.
 */

const callers = [
  'anonymous',
  'non-member',
  'viewer',
  'commenter',
  'editor',
  'owner',
  'admin',
] as const;
type Caller = (typeof callers)[number];

/** Expected statuses in the order of `callers`: anon, non-member, viewer, commenter, editor, owner, admin. */
type Statuses = readonly [number, number, number, number, number, number, number];

/** Who makes a request: no one, or a user with their session cookie. */
interface Identity {
  user: UserRecord | null;
  cookie: string | null;
}

/** What a row may build its path and body from. */
interface CellContext {
  server: TestServer;
  /** The document every role below is a member of (owned by the non-admin `owner`). */
  documentId: string;
  caller: Identity;
  /** A shared invitation link to the document, still valid. */
  invitationToken: string;
  /** A commenter in the document who is none of the callers: author of "someone else's" threads. */
  bystanderId: string;
  /** A thread in the document, started by the bystander, that replies go to. */
  threadId: string;
  /** What this cell created to act on, for `after` to check. */
  made: {
    victim?: UserRecord;
    invitationId?: string;
    email?: string;
    title?: string;
    threadId?: string;
    commentId?: string;
    text?: string;
    closesAt?: string;
    versionId?: string;
    versionCount?: number;
  };
}

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as the table shows it. */
  route: string;
  path: (context: CellContext) => string | Promise<string>;
  body?: (context: CellContext) => unknown;
  /**
   * The call changes the caller's own session, account or membership, so each cell gets a
   * caller of its own instead of the shared one.
   */
  freshCaller?: boolean;
  expected: Statuses;
  /** Checks the call took effect when it succeeded, and left no trace when it was refused. */
  after?: (context: CellContext, succeeded: boolean) => Promise<void>;
}

const ERROR_CODES: Record<number, ErrorCode> = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
};

const documentPath = (context: CellContext, rest = '') =>
  `/api/documents/${encodeURIComponent(context.documentId)}${rest}`;

/** A commenter nobody else uses, for calls that change or remove a membership. */
async function freshVictim(context: CellContext): Promise<UserRecord> {
  const victim = await buildUser(context.server.storage, {
    role: 'commenter',
    documentId: context.documentId,
  });
  context.made.victim = victim;
  return victim;
}

async function victimRole(context: CellContext): Promise<Role | null> {
  const { victim } = context.made;
  if (!victim) throw new Error('no victim was made');
  return context.server.storage.documents.roleOf(context.documentId, victim.id);
}

async function emailTaken(context: CellContext): Promise<boolean> {
  const { email } = context.made;
  if (!email) throw new Error('no email was made');
  return (await context.server.storage.users.getByEmail(email)) !== null;
}

/** An invitation nobody else uses, for calls that revoke one. */
async function freshInvitationId(context: CellContext): Promise<string> {
  const id = randomUUID();
  await context.server.storage.invitations.create({
    id,
    documentId: context.documentId,
    role: 'viewer',
    createdBy: context.server.owner.id,
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    revokedAt: null,
    acceptedCount: 0,
    tokenHash: randomUUID(),
  });
  context.made.invitationId = id;
  return id;
}

/** A named version of the matrix document made by the site admin, for rows that read one. */
async function freshVersion(context: CellContext): Promise<string> {
  const { id } = await context.server.versions.createNamed(
    context.documentId,
    context.server.owner,
    {
      name: `Matris ${randomUUID()}`,
    },
  );
  context.made.versionId = id;
  context.made.versionCount = await context.server.storage.versions.count(context.documentId);
  return id;
}

/** How many versions the matrix document gained since `freshVersion` (or since zero). */
async function versionsAdded(context: CellContext): Promise<number> {
  const count = await context.server.storage.versions.count(context.documentId);
  return count - (context.made.versionCount ?? 0);
}

const uniqueEmail = () => `${randomUUID()}@matrix.invalid`;

/** The caller's id, or the bystander's for the anonymous caller (who is refused anyway). */
const callerOrBystander = (context: CellContext) => context.caller.user?.id ?? context.bystanderId;

/** A fresh thread by `authorId`, remembered with its first comment for `after`. */
async function freshThread(context: CellContext, authorId: string): Promise<string> {
  const { threadId, commentId } = await seedThread(
    context.server.storage,
    context.documentId,
    authorId,
  );
  context.made.threadId = threadId;
  context.made.commentId = commentId;
  return threadId;
}

/** A fresh reply by `authorId` in the shared thread, remembered for `after`. */
async function freshComment(context: CellContext, authorId: string): Promise<string> {
  const id = await seedComment(context.server.storage, context.threadId, authorId);
  context.made.commentId = id;
  return id;
}

async function madeThread(context: CellContext) {
  const thread = await context.server.storage.threads.get(context.made.threadId ?? '');
  if (!thread) throw new Error('no thread was made');
  return thread;
}

async function madeComment(context: CellContext) {
  const comment = await context.server.storage.comments.get(context.made.commentId ?? '');
  if (!comment) throw new Error('no comment was made');
  return comment;
}

/** A comment text nobody else writes, remembered so `after` can look for it. */
function madeText(context: CellContext): string {
  context.made.text = `Matris ${randomUUID()}`;
  return context.made.text;
}

async function textStored(context: CellContext): Promise<boolean> {
  const comments = await context.server.storage.comments.listForDocument(context.documentId);
  return comments.some((comment) => comment.body === context.made.text);
}

/** A new email, remembered so `after` can look for the account. */
function madeEmail(context: CellContext): string {
  context.made.email = uniqueEmail();
  return context.made.email;
}

// Columns, as in `callers`: anonymous, non-member, viewer, commenter, editor, owner, admin.
const ANYONE: Statuses = [200, 200, 200, 200, 200, 200, 200];
const SIGNED_IN: Statuses = [401, 200, 200, 200, 200, 200, 200];
const MEMBER: Statuses = [401, 403, 200, 200, 200, 200, 200];
const EDITOR_UP: Statuses = [401, 403, 403, 403, 200, 200, 200];
const OWNER_UP: Statuses = [401, 403, 403, 403, 403, 200, 200];
const SITE_ADMIN: Statuses = [401, 403, 403, 403, 403, 403, 200];
const COMMENTER_UP: Statuses = [401, 403, 403, 200, 200, 200, 200];
/** Refused to everyone signed in: acts on something that is someone else's. */
const NOBODY: Statuses = [401, 403, 403, 403, 403, 403, 403];
const UNKNOWN: Statuses = [401, 404, 404, 404, 404, 404, 404];
/** The same table with a different success status (201 Created, 204 No Content). */
function succeedsWith(statuses: Statuses, success: number): Statuses {
  const swap = (status: number) => (status === 200 ? success : status);
  const [a, b, c, d, e, f, g] = statuses;
  return [swap(a), swap(b), swap(c), swap(d), swap(e), swap(f), swap(g)];
}

const rows: Row[] = [
  { method: 'GET', route: '/api/health', path: () => '/api/health', expected: ANYONE },

  // Session and account.
  {
    method: 'POST',
    route: '/api/session',
    path: () => '/api/session',
    // Everyone signs in with their own account; the anonymous caller with a new one.
    body: async ({ server, caller }) => ({
      email: (caller.user ?? (await buildUser(server.storage))).email,
      password: TEST_PASSWORD,
    }),
    freshCaller: true,
    expected: ANYONE,
  },
  { method: 'GET', route: '/api/session', path: () => '/api/session', expected: SIGNED_IN },
  {
    method: 'DELETE',
    route: '/api/session',
    path: () => '/api/session',
    freshCaller: true,
    expected: succeedsWith(SIGNED_IN, 204),
  },
  {
    method: 'PATCH',
    route: '/api/account',
    path: () => '/api/account',
    body: () => ({ name: 'Ny Namnsson', organisation: 'Nya verket' }),
    freshCaller: true,
    expected: SIGNED_IN,
  },
  {
    method: 'POST',
    route: '/api/account/password',
    path: () => '/api/account/password',
    body: () => ({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new passphrase' }),
    freshCaller: true,
    expected: succeedsWith(SIGNED_IN, 204),
  },

  // Account administration.
  {
    method: 'POST',
    route: '/api/users',
    path: () => '/api/users',
    body: (context) => ({
      email: madeEmail(context),
      name: 'Ny Användare',
      organisation: 'Verket',
      password: 'a long enough password',
    }),
    expected: succeedsWith(SITE_ADMIN, 201),
    after: async (context, succeeded) => expect(await emailTaken(context)).toBe(succeeded),
  },
  { method: 'GET', route: '/api/users', path: () => '/api/users', expected: SITE_ADMIN },

  // Documents.
  { method: 'GET', route: '/api/documents', path: () => '/api/documents', expected: SIGNED_IN },
  {
    method: 'POST',
    route: '/api/documents',
    path: () => '/api/documents',
    body: () => ({ title: 'Ett nytt dokument' }),
    expected: succeedsWith(SIGNED_IN, 201),
  },
  {
    method: 'GET',
    route: '/api/documents/:id',
    path: (context) => documentPath(context),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:unknown-id',
    path: () => `/api/documents/${randomUUID()}`,
    expected: [401, 404, 404, 404, 404, 404, 404],
  },
  {
    method: 'PATCH',
    route: '/api/documents/:id',
    path: (context) => documentPath(context),
    body: (context) => {
      context.made.title = `Omdöpt ${randomUUID()}`;
      return { title: context.made.title };
    },
    expected: EDITOR_UP,
    after: async (context, succeeded) => {
      const document = await context.server.storage.documents.get(context.documentId);
      expect(document?.title === context.made.title).toBe(succeeded);
    },
  },
  {
    method: 'PATCH',
    route: '/api/documents/:unknown-id',
    path: () => `/api/documents/${randomUUID()}`,
    body: () => ({ title: 'Omdöpt' }),
    expected: [401, 404, 404, 404, 404, 404, 404],
  },
  {
    method: 'POST',
    route: '/api/documents/:id/collab-token',
    path: (context) => documentPath(context, '/collab-token'),
    expected: MEMBER,
  },

  // Members.
  {
    method: 'GET',
    route: '/api/documents/:id/members',
    path: (context) => documentPath(context, '/members'),
    expected: MEMBER,
  },
  {
    method: 'PUT',
    route: '/api/documents/:id/members/:userId',
    path: async (context) => documentPath(context, `/members/${(await freshVictim(context)).id}`),
    body: () => ({ role: 'viewer' }),
    expected: OWNER_UP,
    after: async (context, succeeded) =>
      expect(await victimRole(context)).toBe(succeeded ? 'viewer' : 'commenter'),
  },
  {
    method: 'DELETE',
    route: '/api/documents/:id/members/:userId',
    path: async (context) => documentPath(context, `/members/${(await freshVictim(context)).id}`),
    expected: succeedsWith(OWNER_UP, 204),
    after: async (context, succeeded) =>
      expect(await victimRole(context)).toBe(succeeded ? null : 'commenter'),
  },

  // Invitations.
  {
    method: 'POST',
    route: '/api/invitations',
    path: () => '/api/invitations',
    body: ({ documentId }) => ({ documentId, role: 'viewer' }),
    expected: succeedsWith(OWNER_UP, 201),
  },
  {
    method: 'DELETE',
    route: '/api/invitations/:id',
    path: async (context) => `/api/invitations/${await freshInvitationId(context)}`,
    expected: succeedsWith(OWNER_UP, 204),
    after: async (context, succeeded) => {
      const invitation = await context.server.storage.invitations.get(
        context.made.invitationId ?? '',
      );
      expect(invitation?.revokedAt !== null).toBe(succeeded);
    },
  },
  {
    method: 'GET',
    route: '/api/invitations/:token',
    path: ({ invitationToken }) => `/api/invitations/${invitationToken}`,
    expected: ANYONE,
  },
  {
    method: 'POST',
    route: '/api/invitations/:token/accept',
    path: ({ invitationToken }) => `/api/invitations/${invitationToken}/accept`,
    // Signed-in people accept as themselves; the anonymous caller creates an account.
    body: ({ caller }) =>
      caller.user
        ? {}
        : { email: uniqueEmail(), name: 'Ny', organisation: 'Verket', password: TEST_PASSWORD },
    freshCaller: true,
    expected: ANYONE,
  },

  // Audit log.
  {
    method: 'GET',
    route: '/api/documents/:id/audit',
    path: (context) => documentPath(context, '/audit'),
    expected: OWNER_UP,
  },
  { method: 'GET', route: '/api/audit', path: () => '/api/audit', expected: SITE_ADMIN },

  // Comments: threads, replies, stance, status, disposition, moderation, the comment period.
  {
    method: 'GET',
    route: '/api/documents/:id/threads',
    path: (context) => documentPath(context, '/threads'),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:id/comment-report',
    path: (context) => documentPath(context, '/comment-report?format=csv'),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:unknown-id/comment-report',
    path: () => `/api/documents/${randomUUID()}/comment-report?format=md`,
    expected: UNKNOWN,
  },
  {
    method: 'GET',
    route: '/api/documents/:id/export',
    path: (context) => documentPath(context, '/export?format=md&comments=appendix'),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:unknown-id/export',
    path: () => `/api/documents/${randomUUID()}/export?format=md`,
    expected: UNKNOWN,
  },
  {
    method: 'GET',
    route: '/api/documents/:unknown-id/threads',
    path: () => `/api/documents/${randomUUID()}/threads`,
    expected: UNKNOWN,
  },
  {
    method: 'POST',
    route: '/api/documents/:id/threads',
    path: (context) => documentPath(context, '/threads'),
    body: (context) => ({
      target: { selector: { type: 'FragmentSelector', value: BLOCK_ID } },
      body: madeText(context),
    }),
    expected: succeedsWith(COMMENTER_UP, 201),
    after: async (context, succeeded) => expect(await textStored(context)).toBe(succeeded),
  },
  {
    method: 'POST',
    route: '/api/threads/:id/comments',
    path: ({ threadId }) => `/api/threads/${threadId}/comments`,
    body: (context) => ({ body: madeText(context) }),
    expected: succeedsWith(COMMENTER_UP, 201),
    after: async (context, succeeded) => expect(await textStored(context)).toBe(succeeded),
  },
  {
    method: 'POST',
    route: '/api/threads/:unknown-id/comments',
    path: () => `/api/threads/${randomUUID()}/comments`,
    body: () => ({ body: 'Ingen tråd' }),
    expected: UNKNOWN,
  },
  {
    method: 'PATCH',
    route: "/api/threads/:id {status} (someone else's thread)",
    path: async (context) => `/api/threads/${await freshThread(context, context.bystanderId)}`,
    body: () => ({ status: 'resolved' }),
    expected: EDITOR_UP,
    after: async (context, succeeded) =>
      expect((await madeThread(context)).status).toBe(succeeded ? 'resolved' : 'open'),
  },
  {
    method: 'PATCH',
    route: '/api/threads/:id {status} (own thread)',
    path: async (context) =>
      `/api/threads/${await freshThread(context, callerOrBystander(context))}`,
    body: () => ({ status: 'resolved' }),
    expected: COMMENTER_UP,
    after: async (context, succeeded) =>
      expect((await madeThread(context)).status).toBe(succeeded ? 'resolved' : 'open'),
  },
  {
    method: 'PATCH',
    route: '/api/threads/:id {stance} (own thread)',
    path: async (context) =>
      `/api/threads/${await freshThread(context, callerOrBystander(context))}`,
    body: () => ({ stance: 'object' }),
    expected: COMMENTER_UP,
    after: async (context, succeeded) =>
      expect((await madeThread(context)).stance).toBe(succeeded ? 'object' : null),
  },
  {
    method: 'PATCH',
    route: "/api/threads/:id {stance} (someone else's thread)",
    path: async (context) => `/api/threads/${await freshThread(context, context.bystanderId)}`,
    body: () => ({ stance: 'object' }),
    expected: NOBODY,
    after: async (context) => expect((await madeThread(context)).stance).toBeNull(),
  },
  {
    method: 'PATCH',
    route: '/api/threads/:unknown-id',
    path: () => `/api/threads/${randomUUID()}`,
    body: () => ({ status: 'resolved' }),
    expected: UNKNOWN,
  },
  {
    method: 'PUT',
    route: '/api/threads/:id/disposition',
    path: async (context) =>
      `/api/threads/${await freshThread(context, context.bystanderId)}/disposition`,
    body: () => ({ value: 'noted', reason: 'Tack.' }),
    expected: EDITOR_UP,
    after: async (context, succeeded) =>
      expect((await madeThread(context)).disposition?.value ?? null).toBe(
        succeeded ? 'noted' : null,
      ),
  },
  {
    method: 'PATCH',
    route: '/api/comments/:id (own comment)',
    path: async (context) =>
      `/api/comments/${await freshComment(context, callerOrBystander(context))}`,
    body: (context) => ({ body: madeText(context) }),
    expected: COMMENTER_UP,
    after: async (context, succeeded) =>
      expect((await madeComment(context)).body === context.made.text).toBe(succeeded),
  },
  {
    method: 'PATCH',
    route: "/api/comments/:id (someone else's comment)",
    path: async (context) => `/api/comments/${await freshComment(context, context.bystanderId)}`,
    body: (context) => ({ body: madeText(context) }),
    expected: NOBODY,
    after: async (context) => expect((await madeComment(context)).body).toBe('Seeded comment'),
  },
  {
    method: 'PATCH',
    route: '/api/comments/:unknown-id',
    path: () => `/api/comments/${randomUUID()}`,
    body: () => ({ body: 'Ingen kommentar' }),
    expected: UNKNOWN,
  },
  {
    method: 'DELETE',
    route: '/api/comments/:id (own comment)',
    path: async (context) =>
      `/api/comments/${await freshComment(context, callerOrBystander(context))}`,
    expected: succeedsWith(COMMENTER_UP, 204),
    after: async (context, succeeded) =>
      expect((await madeComment(context)).deletedAt !== null).toBe(succeeded),
  },
  {
    method: 'DELETE',
    route: "/api/comments/:id (someone else's comment)",
    path: async (context) => `/api/comments/${await freshComment(context, context.bystanderId)}`,
    expected: NOBODY,
    after: async (context) => expect((await madeComment(context)).deletedAt).toBeNull(),
  },
  {
    method: 'POST',
    route: '/api/comments/:id/hide',
    path: async (context) =>
      `/api/comments/${await freshComment(context, context.bystanderId)}/hide`,
    body: () => ({ reason: 'Personuppgifter.' }),
    expected: OWNER_UP,
    after: async (context, succeeded) =>
      expect((await madeComment(context)).hidden !== null).toBe(succeeded),
  },
  {
    method: 'DELETE',
    route: '/api/comments/:id/hide',
    path: async (context) => {
      const id = await freshComment(context, context.bystanderId);
      const at = new Date().toISOString();
      const hidden = { at, by: context.bystanderId, reason: 'Dold i förväg.' };
      await context.server.storage.comments.setHidden(id, hidden, at);
      return `/api/comments/${id}/hide`;
    },
    expected: OWNER_UP,
    after: async (context, succeeded) =>
      expect((await madeComment(context)).hidden === null).toBe(succeeded),
  },
  {
    method: 'POST',
    route: '/api/comments/:unknown-id/hide',
    path: () => `/api/comments/${randomUUID()}/hide`,
    body: () => ({ reason: 'Finns inte.' }),
    expected: UNKNOWN,
  },
  {
    method: 'PUT',
    route: '/api/documents/:id/comment-period',
    path: (context) => documentPath(context, '/comment-period'),
    // Far in the future, so the period stays open for the other rows.
    body: (context) => {
      context.made.closesAt = new Date(
        Date.UTC(2099, 0, 1) + Math.floor(Math.random() * 1e9),
      ).toISOString();
      return { closesAt: context.made.closesAt };
    },
    expected: OWNER_UP,
    after: async (context, succeeded) => {
      const document = await context.server.storage.documents.get(context.documentId);
      expect(document?.commentPeriodClosesAt === context.made.closesAt).toBe(succeeded);
    },
  },
  {
    method: 'PUT',
    route: '/api/documents/:unknown-id/comment-period',
    path: () => `/api/documents/${randomUUID()}/comment-period`,
    body: () => ({ closesAt: null }),
    expected: UNKNOWN,
  },

  // Versions.
  {
    method: 'GET',
    route: '/api/documents/:id/versions',
    path: (context) => documentPath(context, '/versions'),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:unknown-id/versions',
    path: () => `/api/documents/${randomUUID()}/versions`,
    expected: UNKNOWN,
  },
  {
    method: 'POST',
    route: '/api/documents/:id/versions',
    path: async (context) => {
      context.made.versionCount = await context.server.storage.versions.count(context.documentId);
      return documentPath(context, '/versions');
    },
    body: () => ({ name: 'Utkast från matrisen' }),
    expected: succeedsWith(EDITOR_UP, 201),
    after: async (context, succeeded) =>
      expect(await versionsAdded(context)).toBe(succeeded ? 1 : 0),
  },
  {
    method: 'GET',
    route: '/api/documents/:id/versions/:versionId',
    path: async (context) => documentPath(context, `/versions/${await freshVersion(context)}`),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:id/versions/:unknown-id',
    path: (context) => documentPath(context, `/versions/${randomUUID()}`),
    expected: [401, 403, 404, 404, 404, 404, 404],
  },
  {
    method: 'GET',
    route: '/api/documents/:id/versions/:versionId/html',
    path: async (context) => documentPath(context, `/versions/${await freshVersion(context)}/html`),
    expected: MEMBER,
  },
  {
    method: 'GET',
    route: '/api/documents/:id/compare',
    path: async (context) =>
      documentPath(context, `/compare?from=${await freshVersion(context)}&to=current`),
    expected: MEMBER,
  },
  {
    method: 'POST',
    route: '/api/documents/:id/versions/:versionId/restore',
    path: async (context) =>
      documentPath(context, `/versions/${await freshVersion(context)}/restore`),
    expected: EDITOR_UP,
    // A restore first keeps the text before it as a checkpoint; a refused one stores nothing.
    after: async (context, succeeded) =>
      expect(await versionsAdded(context)).toBe(succeeded ? 1 : 0),
  },

  // Notifications.
  {
    method: 'GET',
    route: '/api/notifications',
    path: () => '/api/notifications',
    expected: SIGNED_IN,
  },
  {
    method: 'POST',
    route: '/api/notifications/read',
    path: () => '/api/notifications/read',
    body: () => ({}),
    expected: succeedsWith(SIGNED_IN, 204),
  },

  // First-start setup: accounts exist, so the printed link only says so and a guess is unknown.
  {
    method: 'GET',
    route: '/api/setup/:unknown-token',
    path: () => `/api/setup/${randomUUID()}`,
    expected: [404, 404, 404, 404, 404, 404, 404],
  },
  {
    method: 'POST',
    route: '/api/setup/:token',
    path: ({ server }) => {
      if (!server.setupUrl) throw new Error('the test server printed no setup link');
      return new URL(server.setupUrl).pathname.replace(/^\/setup\//, '/api/setup/');
    },
    body: (context) => ({
      email: madeEmail(context),
      name: 'Inkräktare',
      organisation: 'Ingen',
      password: 'a long enough password',
    }),
    expected: [409, 409, 409, 409, 409, 409, 409],
    after: async (context) => expect(await emailTaken(context)).toBe(false),
  },

  // Password resets.
  {
    method: 'POST',
    route: '/api/password-resets',
    path: () => '/api/password-resets',
    body: ({ caller }) => ({ email: caller.user?.email ?? uniqueEmail() }),
    expected: [202, 202, 202, 202, 202, 202, 202],
  },
  {
    method: 'POST',
    route: '/api/password-resets/:unknown-token',
    path: () => `/api/password-resets/${randomUUID()}`,
    body: () => ({ password: 'a long enough password' }),
    expected: [404, 404, 404, 404, 404, 404, 404],
  },
];

/** Id of the matrix document's one paragraph. */
const BLOCK_ID = 'p1';

let server: TestServer;
let documentId: string;
let invitationToken: string;
let bystanderId: string;
let threadId: string;
const shared = new Map<Caller, Identity>();
let addressCounter = 0;

/**
 * Each request comes from its own client address (the server trusts X-Forwarded-For from
 * loopback), so the per-address backoff of sign-ins and reset requests, which the matrix is not
 * about, never answers in place of the route.
 */
function nextAddress(): string {
  addressCounter += 1;
  return `10.${(addressCounter >> 16) & 255}.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
}

const ROLE_OF: Partial<Record<Caller, Role>> = {
  viewer: 'viewer',
  commenter: 'commenter',
  editor: 'editor',
  owner: 'owner',
};

/** A new user holding `caller`'s part in the document, signed in. */
async function newIdentity(caller: Caller): Promise<Identity> {
  if (caller === 'anonymous') return { user: null, cookie: null };
  const role = ROLE_OF[caller];
  const user = await buildUser(server.storage, {
    isAdmin: caller === 'admin',
    ...(role ? { role, documentId } : {}),
  });
  // A session straight from the service: the matrix is about what a session may do, and
  // skipping the password check keeps hundreds of cells fast. signIn.test.ts covers sign-in.
  const token = await server.sessions.start(user.id, 'password', null);
  return { user, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` };
}

beforeAll(async () => {
  server = await startTestServer();
  const documentOwner = await buildUser(server.storage, { name: 'Dokumentägare' });
  documentId = (
    await buildDocument(server.storage, documentOwner.id, {
      title: 'Matris',
      content: paragraphsDoc('Matrisens enda stycke.'),
    })
  ).id;
  bystanderId = (await buildUser(server.storage, { role: 'commenter', documentId })).id;
  threadId = (await seedThread(server.storage, documentId, bystanderId)).threadId;
  shared.set('anonymous', { user: null, cookie: null });
  shared.set('admin', { user: server.owner, cookie: server.ownerCookie });
  shared.set('owner', {
    user: documentOwner,
    cookie: await signIn(server.url, documentOwner.email),
  });
  for (const caller of ['non-member', 'viewer', 'commenter', 'editor'] as const) {
    shared.set(caller, await newIdentity(caller));
  }
  const created = await server.request('/api/invitations', {
    method: 'POST',
    body: JSON.stringify({ documentId, role: 'viewer' }),
  });
  expect(created.status).toBe(201);
  invitationToken = createInvitationResponseSchema.parse(await created.json()).token;
});

afterAll(async () => {
  await server.destroy();
});

describe('role × route matrix', () => {
  for (const row of rows) {
    callers.forEach((caller, index) => {
      const expected = row.expected[index];
      it(`${row.method} ${row.route} as ${caller} → ${String(expected)}`, async () => {
        const identity = row.freshCaller ? await newIdentity(caller) : shared.get(caller);
        if (!identity) throw new Error(`no identity for ${caller}`);
        const context: CellContext = {
          server,
          documentId,
          caller: identity,
          invitationToken,
          bystanderId,
          threadId,
          made: {},
        };
        const path = await row.path(context);
        const body = row.body ? await row.body(context) : undefined;
        const response = await server.request(path, {
          method: row.method,
          cookie: identity.cookie,
          headers: { 'X-Forwarded-For': nextAddress() },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        expect(response.status, text).toBe(expected);
        if (response.status >= 400 && response.status < 500) {
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
          const error = errorResponseSchema.parse(JSON.parse(text));
          expect(error.error.code).toBe(ERROR_CODES[response.status]);
          expect(error.error.message.length).toBeGreaterThan(0);
        }
        await row.after?.(context, response.status < 300);
      });
    });
  }
});
