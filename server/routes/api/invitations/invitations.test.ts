import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptInvitationResponseSchema,
  createInvitationResponseSchema,
  invitationInfoSchema,
  listAuditResponseSchema,
} from '../../../../shared/api/accounts.ts';
import { listDocumentsResponseSchema } from '../../../../shared/api/documents.ts';
import { errorResponseSchema } from '../../../../shared/api/errors.ts';
import type { Role } from '../../../../shared/api/roles.ts';
import { sessionUserSchema } from '../../../../shared/api/session.ts';
import { SESSION_COOKIE } from '../../../auth/cookies.ts';
import { hashSecretToken, newSecretToken } from '../../../auth/secretToken.ts';
import { SYSTEM_USER_ID } from '../../../auth/systemUser.ts';
import type { Config } from '../../../config.ts';
import { startRemissServer, type RemissServer } from '../../../RemissServer.ts';
import type { UserRecord } from '../../../storage/types.ts';
import { buildDocument, buildUser, signIn, TEST_PASSWORD } from '../../../test/factories.ts';
import { makeTempDir, startTestServer, testLogger } from '../../../test/startTestServer.ts';
import type { TestServer } from '../../../test/startTestServer.ts';

const NEW_PASSWORD = 'a fresh long passphrase';

let server: TestServer;
/** A document's owner who is not a site admin, and their session. */
let owner: UserRecord;
let ownerCookie: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await buildUser(server.storage, { name: 'Ägare' });
  ownerCookie = await signIn(server.url, owner.email);
});

afterAll(async () => {
  await server.destroy();
});

interface Call {
  status: number;
  json: unknown;
  /** `name=value` of a session cookie the response set, if any. */
  cookie: string | null;
}

async function call(
  target: { url: string },
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string | null } = {},
): Promise<Call> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers['Cookie'] = options.cookie;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const setCookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith(`${SESSION_COOKIE}=`));
  return {
    status: response.status,
    json: text === '' ? null : JSON.parse(text),
    cookie: setCookie?.split(';')[0] ?? null,
  };
}

function expectError(result: Call, status: number, code: string): void {
  expect(result.status, JSON.stringify(result.json)).toBe(status);
  expect(errorResponseSchema.parse(result.json).error.code).toBe(code);
}

async function newDocument(): Promise<string> {
  return (await buildDocument(server.storage, owner.id, { title: 'Remissversion' })).id;
}

async function createLink(
  documentId: string,
  role: Role,
  cookie = ownerCookie,
): Promise<{ id: string; token: string; url: string }> {
  const result = await call(server, 'POST', '/api/invitations', {
    cookie,
    body: { documentId, role },
  });
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return createInvitationResponseSchema.parse(result.json);
}

const accept = (token: string, body: unknown, cookie: string | null = null) =>
  call(server, 'POST', `/api/invitations/${token}/accept`, { body, cookie });

const roleIn = (documentId: string, userId: string) =>
  server.storage.documents.roleOf(documentId, userId);

describe('accepting an invitation link', () => {
  it('creates an account for a new person, signs them in and lists the document', async () => {
    const documentId = await newDocument();
    const link = await createLink(documentId, 'commenter');
    expect(link.url).toMatch(new RegExp(`/invite/${link.token}$`));
    const info = await call(server, 'GET', `/api/invitations/${link.token}`);
    expect(invitationInfoSchema.parse(info.json)).toMatchObject({
      documentTitle: 'Remissversion',
      role: 'commenter',
    });

    const email = `${randomUUID()}@myndigheten.example`;
    const result = await accept(link.token, {
      email,
      name: 'Remissinstans',
      organisation: 'Myndigheten',
      password: NEW_PASSWORD,
    });
    expect(result.status).toBe(200);
    expect(acceptInvitationResponseSchema.parse(result.json)).toEqual({
      documentId,
      role: 'commenter',
    });
    const cookie = result.cookie;
    if (!cookie) throw new Error('accepting set no session cookie');

    const me = sessionUserSchema.parse(
      (await call(server, 'GET', '/api/session', { cookie })).json,
    );
    expect(me).toMatchObject({ email, name: 'Remissinstans', organisation: 'Myndigheten' });
    expect(me.isAdmin).toBe(false);
    const listed = listDocumentsResponseSchema.parse(
      (await call(server, 'GET', '/api/documents', { cookie })).json,
    ).documents;
    expect(listed.map((d) => ({ id: d.id, role: d.role }))).toEqual([
      { id: documentId, role: 'commenter' },
    ]);
    // The account is real: it signs in with the password chosen.
    expect(await signIn(server.url, email, NEW_PASSWORD)).toMatch(`${SESSION_COOKIE}=`);
  });

  it('refuses a new account with too short a password and creates nothing', async () => {
    const documentId = await newDocument();
    const link = await createLink(documentId, 'commenter');
    const email = `${randomUUID()}@myndigheten.example`;
    const result = await accept(link.token, {
      email,
      name: 'Kort',
      organisation: 'Lösenord',
      password: 'short',
    });
    expectError(result, 400, 'invalid_input');
    expect(result.cookie).toBeNull();
    expect(await server.storage.users.getByEmail(email)).toBeNull();
  });

  it('joins an existing account with its email and password, and refuses a wrong one', async () => {
    const documentId = await newDocument();
    const link = await createLink(documentId, 'viewer');
    const existing = await buildUser(server.storage);

    const wrong = await accept(link.token, { email: existing.email, password: 'not the password' });
    expectError(wrong, 401, 'unauthenticated');
    expect(wrong.cookie).toBeNull();
    expect(await roleIn(documentId, existing.id)).toBeNull();

    const right = await accept(link.token, { email: existing.email, password: TEST_PASSWORD });
    expect(right.status).toBe(200);
    expect(right.json).toEqual({ documentId, role: 'viewer' });
    expect(right.cookie).not.toBeNull();
    expect(await roleIn(documentId, existing.id)).toBe('viewer');
  });

  it('lets a signed-in person accept with an empty body, keeping their session', async () => {
    const documentId = await newDocument();
    const link = await createLink(documentId, 'editor');
    const user = await buildUser(server.storage);
    const cookie = await signIn(server.url, user.email);
    const result = await accept(link.token, {}, cookie);
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ documentId, role: 'editor' });
    expect(await roleIn(documentId, user.id)).toBe('editor');
    expect((await call(server, 'GET', '/api/session', { cookie })).status).toBe(200);
  });

  it('asks an anonymous caller with an empty body who they are', async () => {
    const link = await createLink(await newDocument(), 'viewer');
    expectError(await accept(link.token, {}), 400, 'invalid_input');
  });

  it('never lowers a role: an editor accepting a viewer link stays editor', async () => {
    const documentId = await newDocument();
    const editor = await buildUser(server.storage, { role: 'editor', documentId });
    const cookie = await signIn(server.url, editor.email);
    const link = await createLink(documentId, 'viewer');
    const result = await accept(link.token, {}, cookie);
    expect(result.status).toBe(200);
    expect(result.json).toEqual({ documentId, role: 'editor' });
    expect(await roleIn(documentId, editor.id)).toBe('editor');
  });

  it('answers 404 for a revoked link and grants nothing', async () => {
    const documentId = await newDocument();
    const link = await createLink(documentId, 'commenter');
    expect(
      (await call(server, 'DELETE', `/api/invitations/${link.id}`, { cookie: ownerCookie })).status,
    ).toBe(204);
    const user = await buildUser(server.storage);
    const cookie = await signIn(server.url, user.email);
    expectError(await call(server, 'GET', `/api/invitations/${link.token}`), 404, 'not_found');
    expectError(await accept(link.token, {}, cookie), 404, 'not_found');
    expect(await roleIn(documentId, user.id)).toBeNull();
  });

  it('answers 404 for an expired link and grants nothing', async () => {
    const documentId = await newDocument();
    const token = newSecretToken();
    await server.storage.invitations.create({
      id: randomUUID(),
      documentId,
      role: 'editor',
      createdBy: owner.id,
      createdAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
      expiresAt: new Date(Date.now() - 1_000).toISOString(),
      revokedAt: null,
      acceptedCount: 0,
      tokenHash: hashSecretToken(token),
    });
    const user = await buildUser(server.storage);
    const cookie = await signIn(server.url, user.email);
    expectError(await call(server, 'GET', `/api/invitations/${token}`), 404, 'not_found');
    expectError(await accept(token, {}, cookie), 404, 'not_found');
    expect(await roleIn(documentId, user.id)).toBeNull();
  });
});

describe('managing invitation links', () => {
  it('lets only owners create and revoke links', async () => {
    const documentId = await newDocument();
    const commenter = await buildUser(server.storage, { role: 'commenter', documentId });
    const cookie = await signIn(server.url, commenter.email);

    const created = await call(server, 'POST', '/api/invitations', {
      cookie,
      body: { documentId, role: 'owner' },
    });
    expectError(created, 403, 'forbidden');

    const link = await createLink(documentId, 'viewer');
    expectError(
      await call(server, 'DELETE', `/api/invitations/${link.id}`, { cookie }),
      403,
      'forbidden',
    );
    // The owner's link still works.
    expect((await call(server, 'GET', `/api/invitations/${link.token}`)).status).toBe(200);
  });

  it('records invitations and membership changes in the audit log, for owners only', async () => {
    const documentId = await newDocument();
    const link = await createLink(documentId, 'commenter');
    const joiner = await buildUser(server.storage);
    const joinerCookie = await signIn(server.url, joiner.email);
    expect((await accept(link.token, {}, joinerCookie)).status).toBe(200);
    const changed = await call(server, 'PUT', `/api/documents/${documentId}/members/${joiner.id}`, {
      cookie: ownerCookie,
      body: { role: 'editor' },
    });
    expect(changed.status).toBe(200);

    // While still a member, a commenter cannot read who did what.
    const commenter = await buildUser(server.storage, { role: 'commenter', documentId });
    const commenterCookie = await signIn(server.url, commenter.email);
    expectError(
      await call(server, 'GET', `/api/documents/${documentId}/audit`, { cookie: commenterCookie }),
      403,
      'forbidden',
    );

    const removed = await call(
      server,
      'DELETE',
      `/api/documents/${documentId}/members/${joiner.id}`,
      { cookie: ownerCookie },
    );
    expect(removed.status).toBe(204);

    const audit = await call(server, 'GET', `/api/documents/${documentId}/audit`, {
      cookie: ownerCookie,
    });
    expect(audit.status).toBe(200);
    const entries = listAuditResponseSchema.parse(audit.json).entries;
    const find = (action: string) => entries.find((entry) => entry.action === action);
    expect(find('invitation-created')).toMatchObject({
      actor: { id: owner.id },
      documentId,
      details: { invitationId: link.id, role: 'commenter' },
    });
    expect(find('invitation-accepted')).toMatchObject({
      actor: { id: joiner.id },
      subject: { id: joiner.id },
      details: { invitationId: link.id, role: 'commenter' },
    });
    expect(find('member-role-changed')).toMatchObject({
      actor: { id: owner.id },
      subject: { id: joiner.id },
      details: { from: 'commenter', to: 'editor' },
    });
    expect(find('member-removed')).toMatchObject({
      actor: { id: owner.id },
      subject: { id: joiner.id },
      details: { role: 'editor' },
    });
  });
});

describe('the first-start setup link', () => {
  let first: RemissServer | null = null;
  let dataDir: string | null = null;

  afterEach(async () => {
    await first?.close();
    first = null;
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    dataDir = null;
  });

  async function startEmpty(): Promise<RemissServer & { token: string }> {
    dataDir = makeTempDir();
    const config: Config = {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      publicUrl: null,
      admin: null,
      seedDemo: true,
      metricsToken: null,
    };
    first = await startRemissServer(config, { logger: testLogger() });
    if (!first.setupUrl) throw new Error('no setup link on an empty installation');
    const token = new URL(first.setupUrl).pathname.split('/').at(-1) ?? '';
    return Object.assign(first, { token });
  }

  const setupBody = () => ({
    email: `${randomUUID()}@admin.example`,
    name: 'Första administratören',
    organisation: 'Departementet',
    password: NEW_PASSWORD,
  });

  it('creates the first admin, who takes over the demo draft, and then answers no more', async () => {
    const target = await startEmpty();
    const [demo] = await target.storage.documents.listAll(10);
    if (!demo) throw new Error('the demo draft was not seeded');
    expect(await target.storage.documents.roleOf(demo.id, SYSTEM_USER_ID)).toBe('owner');
    expect((await call(target, 'GET', `/api/setup/${target.token}`)).json).toEqual({
      valid: true,
    });

    const body = setupBody();
    const created = await call(target, 'POST', `/api/setup/${target.token}`, { body });
    expect(created.status).toBe(201);
    const admin = sessionUserSchema.parse(created.json);
    expect(admin).toMatchObject({ email: body.email, isAdmin: true });
    const cookie = created.cookie;
    if (!cookie) throw new Error('setup set no session cookie');
    expect((await call(target, 'GET', '/api/session', { cookie })).json).toMatchObject({
      id: admin.id,
    });
    expect(await target.storage.documents.roleOf(demo.id, admin.id)).toBe('owner');
    expect((await target.storage.documents.get(demo.id))?.ownerId).toBe(admin.id);
    expect(await target.storage.documents.roleOf(demo.id, SYSTEM_USER_ID)).toBeNull();

    for (const method of ['GET', 'POST'] as const) {
      const again = await call(target, method, `/api/setup/${target.token}`, {
        ...(method === 'POST' ? { body: setupBody() } : {}),
      });
      expect([404, 409]).toContain(again.status);
      expect(errorResponseSchema.safeParse(again.json).success).toBe(true);
    }
    expect((await target.storage.users.list(100)).filter((user) => user.isAdmin)).toHaveLength(1);
  });

  it('creates one admin only, even when the link is submitted twice at once', async () => {
    const target = await startEmpty();
    const results = await Promise.all([
      call(target, 'POST', `/api/setup/${target.token}`, { body: setupBody() }),
      call(target, 'POST', `/api/setup/${target.token}`, { body: setupBody() }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 404]);
    expect((await target.storage.users.list(100)).filter((user) => user.isAdmin)).toHaveLength(1);
  });

  it('refuses a wrong token', async () => {
    const target = await startEmpty();
    const result = await call(target, 'POST', `/api/setup/${newSecretToken()}`, {
      body: setupBody(),
    });
    expectError(result, 404, 'not_found');
    expect(await target.storage.users.countWithPassword()).toBe(0);
  });
});
