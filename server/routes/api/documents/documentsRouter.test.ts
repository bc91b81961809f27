import { afterEach, describe, expect, it } from 'vitest';
import {
  collabTokenResponseSchema,
  createDocumentResponseSchema,
  documentSummarySchema,
  listDocumentsResponseSchema,
  type DocumentSummary,
} from '../../../../shared/api/documents.ts';
import { errorResponseSchema, type ErrorCode } from '../../../../shared/api/errors.ts';
import { MAX_JSON_BODY_BYTES, MAX_TITLE_LENGTH } from '../../../../shared/limits.ts';
import { DEMO_TITLE } from '../../../seed/demoDraft.ts';
import { connectClient, type TestClient } from '../../../test/collabClient.ts';
import { buildUser, signIn } from '../../../test/factories.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';

let server: TestServer | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await server?.destroy();
  server = null;
});

async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  server = await startTestServer(options);
  return server;
}

/**
 * Sends a request the way a script does: with the session cookie (the test owner's unless
 * `cookie` says otherwise, null for none), no Origin header, and a JSON body if one is given.
 */
function api(
  target: TestServer,
  method: string,
  route: string,
  options: { body?: unknown; headers?: Record<string, string>; cookie?: string | null } = {},
): Promise<Response> {
  const { body, headers = {}, cookie } = options;
  return target.request(`/api${route}`, {
    method,
    headers,
    ...(cookie === undefined ? {} : { cookie }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectError(response: Response, status: number, code: ErrorCode): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = errorResponseSchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error.message;
}

async function listDocuments(target: TestServer, cookie?: string): Promise<DocumentSummary[]> {
  const response = await api(target, 'GET', '/documents', cookie === undefined ? {} : { cookie });
  expect(response.status).toBe(200);
  return listDocumentsResponseSchema.parse(await response.json()).documents;
}

async function createDocument(target: TestServer, title: string): Promise<string> {
  const response = await api(target, 'POST', '/documents', { body: { title } });
  expect(response.status).toBe(201);
  return createDocumentResponseSchema.parse(await response.json()).id;
}

describe('listing and creating documents', () => {
  it('lists nothing on an empty installation', async () => {
    const target = await start();
    expect(await listDocuments(target)).toEqual([]);
  });

  it('lists the seeded demo draft', async () => {
    const target = await start({ seedDemo: true });
    const documents = await listDocuments(target);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ title: DEMO_TITLE, role: 'owner', commentPeriod: null });
  });

  it('creates a document: 201 with its Location, then it is listed with the owner role', async () => {
    const target = await start();
    const response = await api(target, 'POST', '/documents', { body: { title: '  Ny remiss  ' } });
    expect(response.status).toBe(201);
    const { id } = createDocumentResponseSchema.parse(await response.json());
    const location = response.headers.get('location');
    expect(location).toBe(`/api/documents/${id}`);

    const documents = await listDocuments(target);
    expect(documents.map(({ id: listed, title, role }) => ({ id: listed, title, role }))).toEqual([
      { id, title: 'Ny remiss', role: 'owner' },
    ]);

    const opened = await target.request(location ?? '');
    expect(opened.status).toBe(200);
    expect(documentSummarySchema.parse(await opened.json())).toMatchObject({
      id,
      title: 'Ny remiss',
      role: 'owner',
    });
  });

  it('makes the creator owner, even when the creator is not a site admin', async () => {
    const target = await start();
    const author = await buildUser(target.storage);
    const cookie = await signIn(target.url, author.email);
    const response = await api(target, 'POST', '/documents', {
      body: { title: 'Eget utkast' },
      cookie,
    });
    expect(response.status).toBe(201);
    const { id } = createDocumentResponseSchema.parse(await response.json());
    expect((await listDocuments(target, cookie)).map((d) => ({ id: d.id, role: d.role }))).toEqual([
      { id, role: 'owner' },
    ]);
  });

  it('accepts a title of exactly the maximum length', async () => {
    const target = await start();
    const title = 'å'.repeat(MAX_TITLE_LENGTH);
    const id = await createDocument(target, title);
    expect((await listDocuments(target)).find((document) => document.id === id)?.title).toBe(title);
  });

  it.each([
    ['an empty title', { title: '' }],
    ['a title of only spaces', { title: '   ' }],
    ['a title that is too long', { title: 'x'.repeat(MAX_TITLE_LENGTH + 1) }],
    ['a missing title', {}],
    ['a title that is not a string', { title: 42 }],
    ['a body that is not an object', ['Ny remiss']],
  ])('refuses %s with 400 invalid_input and creates nothing', async (_name, body) => {
    const target = await start();
    await expectError(await api(target, 'POST', '/documents', { body }), 400, 'invalid_input');
    expect(await listDocuments(target)).toEqual([]);
  });

  it('refuses a body that is not valid JSON with 400', async () => {
    const target = await start();
    const response = await target.request('/api/documents', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"title": "Ny remiss"',
    });
    await expectError(response, 400, 'invalid_input');
    expect(await listDocuments(target)).toEqual([]);
  });

  it('refuses a body larger than the limit with 413', async () => {
    const target = await start();
    const response = await api(target, 'POST', '/documents', {
      body: { title: 'x'.repeat(MAX_JSON_BODY_BYTES + 1) },
    });
    await expectError(response, 413, 'payload_too_large');
    expect(await listDocuments(target)).toEqual([]);
  });
});

describe('opening and renaming a document', () => {
  it('renames a document; the new title is what everyone sees', async () => {
    const target = await start();
    const id = await createDocument(target, 'Utkast');
    const response = await api(target, 'PATCH', `/documents/${id}`, {
      body: { title: 'Slutversion' },
    });
    expect(response.status).toBe(200);
    expect(documentSummarySchema.parse(await response.json())).toMatchObject({
      id,
      title: 'Slutversion',
      role: 'owner',
    });
    const opened = await api(target, 'GET', `/documents/${id}`);
    expect(documentSummarySchema.parse(await opened.json()).title).toBe('Slutversion');
    expect((await listDocuments(target)).map((document) => document.title)).toEqual([
      'Slutversion',
    ]);
  });

  it('refuses to rename to an invalid title and keeps the old one', async () => {
    const target = await start();
    const id = await createDocument(target, 'Utkast');
    await expectError(
      await api(target, 'PATCH', `/documents/${id}`, { body: { title: ' ' } }),
      400,
      'invalid_input',
    );
    expect((await listDocuments(target)).map((document) => document.title)).toEqual(['Utkast']);
  });

  it('answers 404 for an unknown document, when opening, renaming and asking for a token', async () => {
    const target = await start();
    await expectError(await api(target, 'GET', '/documents/no-such-id'), 404, 'not_found');
    await expectError(
      await api(target, 'PATCH', '/documents/no-such-id', { body: { title: 'Ny' } }),
      404,
      'not_found',
    );
    await expectError(
      await api(target, 'POST', '/documents/no-such-id/collab-token'),
      404,
      'not_found',
    );
  });

  it('issues a short-lived collaboration token that opens the document', async () => {
    const target = await start();
    const id = await createDocument(target, 'Utkast');
    const response = await api(target, 'POST', `/documents/${id}/collab-token`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { token, expiresAt } = collabTokenResponseSchema.parse(await response.json());

    const verified = target.tokens.verify(token);
    expect(verified.ok && verified.claims.doc).toBe(id);
    expect(verified.ok && verified.claims.sub).toBe(target.owner.id);
    const lifetime = Date.parse(expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(15 * 60 * 1000);

    const client = connectClient(target.url, id, () => token);
    clients.push(client);
    await client.synced;
  });
});

describe('who may see what', () => {
  it('answers 401 to a request without a session', async () => {
    const target = await start();
    const id = await createDocument(target, 'Utkast');
    await expectError(
      await api(target, 'GET', '/documents', { cookie: null }),
      401,
      'unauthenticated',
    );
    await expectError(
      await api(target, 'POST', '/documents', { body: { title: 'Anonym' }, cookie: null }),
      401,
      'unauthenticated',
    );
    await expectError(
      await api(target, 'POST', `/documents/${id}/collab-token`, { cookie: null }),
      401,
      'unauthenticated',
    );
    expect((await listDocuments(target)).map((document) => document.title)).toEqual(['Utkast']);
  });

  it('keeps a document from a signed-in user who is not a member', async () => {
    const target = await start();
    const id = await createDocument(target, 'Hemligt utkast');
    const outsider = await buildUser(target.storage);
    const cookie = await signIn(target.url, outsider.email);

    expect(await listDocuments(target, cookie)).toEqual([]);
    await expectError(await api(target, 'GET', `/documents/${id}`, { cookie }), 403, 'forbidden');
    await expectError(
      await api(target, 'PATCH', `/documents/${id}`, { body: { title: 'Kapat' }, cookie }),
      403,
      'forbidden',
    );
    await expectError(
      await api(target, 'POST', `/documents/${id}/collab-token`, { cookie }),
      403,
      'forbidden',
    );
    expect((await listDocuments(target)).map((document) => document.title)).toEqual([
      'Hemligt utkast',
    ]);
  });

  it('lets a commenter open the document and get a token, but not rename it', async () => {
    const target = await start();
    const id = await createDocument(target, 'Utkast');
    const commenter = await buildUser(target.storage, { role: 'commenter', documentId: id });
    const cookie = await signIn(target.url, commenter.email);

    expect((await listDocuments(target, cookie)).map((d) => ({ id: d.id, role: d.role }))).toEqual([
      { id, role: 'commenter' },
    ]);
    const opened = await api(target, 'GET', `/documents/${id}`, { cookie });
    expect(documentSummarySchema.parse(await opened.json()).role).toBe('commenter');
    const token = await api(target, 'POST', `/documents/${id}/collab-token`, { cookie });
    expect(token.status).toBe(200);
    await expectError(
      await api(target, 'PATCH', `/documents/${id}`, { body: { title: 'Omdöpt' }, cookie }),
      403,
      'forbidden',
    );
    expect((await listDocuments(target)).map((document) => document.title)).toEqual(['Utkast']);
  });
});

describe('the API surface', () => {
  it('answers unknown API routes with a JSON 404, not the web app', async () => {
    const target = await start();
    await expectError(await api(target, 'GET', '/no-such-route'), 404, 'not_found');
    await expectError(await api(target, 'POST', '/no-such-route', { body: {} }), 404, 'not_found');
  });

  it('refuses a state change from a foreign Origin with 403 and changes nothing', async () => {
    const target = await start();
    const response = await api(target, 'POST', '/documents', {
      body: { title: 'Från en annan webbplats' },
      headers: { Origin: 'https://evil.example' },
    });
    await expectError(response, 403, 'forbidden');
    expect(await listDocuments(target)).toEqual([]);
  });

  it('accepts a state change from its own origin and from PUBLIC_URL', async () => {
    const target = await start({ config: { publicUrl: 'https://remiss.example.se/app' } });
    const own = await api(target, 'POST', '/documents', {
      body: { title: 'Egen' },
      headers: { Origin: target.url },
    });
    expect(own.status).toBe(201);
    const viaProxy = await api(target, 'POST', '/documents', {
      body: { title: 'Via proxy' },
      headers: { Origin: 'https://remiss.example.se' },
    });
    expect(viaProxy.status).toBe(201);
    expect((await listDocuments(target)).map((document) => document.title).sort()).toEqual([
      'Egen',
      'Via proxy',
    ]);
  });

  it('refuses a body that is not JSON, as a cross-site form would send it, with 400', async () => {
    const target = await start();
    const response = await target.request('/api/documents', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({ title: 'Formulär' }),
    });
    await expectError(response, 400, 'invalid_input');
    expect(await listDocuments(target)).toEqual([]);
  });

  it('accepts a non-browser client that keeps its cookie and sends no Origin', async () => {
    const target = await start();
    const response = await fetch(`${target.url}/api/documents`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: target.ownerCookie },
      body: JSON.stringify({ title: 'Skript' }),
    });
    expect(response.status).toBe(201);
    expect((await listDocuments(target)).map((document) => document.title)).toEqual(['Skript']);
  });

  it('sends the security headers on API answers, errors included, and on the web app', async () => {
    const target = await start();
    const responses = [
      await api(target, 'GET', '/documents'),
      await api(target, 'GET', '/no-such-route'),
      await fetch(`${target.url}/`),
    ];
    for (const response of responses) {
      const csp = response.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp
        .split(';')
        .map((directive) => directive.trim())
        .find((directive) => directive.startsWith('script-src'));
      expect(scriptSrc).toBeDefined();
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
    expect(responses[0]?.headers.get('cache-control')).toBe('no-store');
  });
});
