import { collabTokenResponseSchema } from '../../shared/api/documents.ts';
import type { Role } from '../../shared/api/roles.ts';
import { sessionUserSchema } from '../../shared/api/session.ts';
import { signIn, TEST_PASSWORD } from './factories.ts';

/** Someone signed in to a server in another process, known only through its HTTP API. */
export interface HttpPerson {
  id: string;
  email: string;
  cookie: string;
}

/**
 * Calls `url`'s API as the holder of `cookie`, as a script does: JSON body, no Origin header.
 * Fails the test with the answer's body when the status is not `expected`.
 */
export async function callApi(
  url: string,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
  expected?: number,
): Promise<Response> {
  const headers: Record<string, string> = { Cookie: cookie };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${url}/api${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
  if (expected !== undefined && response.status !== expected) {
    throw new Error(
      `${method} ${path} answered ${response.status}, not ${expected}: ${await response.text()}`,
    );
  }
  return response;
}

/**
 * A new account made by an admin through `POST /api/users` (password TEST_PASSWORD), given
 * `role` in `documentId` through `PUT /api/documents/:id/members/:userId`, and signed in with
 * its password, all over HTTP.
 */
export async function createHttpPerson(
  url: string,
  adminCookie: string,
  options: { email: string; name: string; documentId?: string; role?: Role },
): Promise<HttpPerson> {
  const created = await callApi(
    url,
    adminCookie,
    'POST',
    '/users',
    {
      email: options.email,
      name: options.name,
      organisation: 'Testverket',
      password: TEST_PASSWORD,
    },
    201,
  );
  const user = sessionUserSchema.parse(await created.json());
  if (options.documentId !== undefined && options.role !== undefined) {
    await callApi(
      url,
      adminCookie,
      'PUT',
      `/documents/${encodeURIComponent(options.documentId)}/members/${encodeURIComponent(user.id)}`,
      { role: options.role },
      200,
    );
  }
  return { id: user.id, email: user.email, cookie: await signIn(url, user.email) };
}

/** `POST /api/documents/:id/collab-token` on `url` as the holder of `cookie`. */
export async function httpCollabToken(
  url: string,
  cookie: string,
  documentId: string,
): Promise<string> {
  const response = await callApi(
    url,
    cookie,
    'POST',
    `/documents/${encodeURIComponent(documentId)}/collab-token`,
    undefined,
    200,
  );
  return collabTokenResponseSchema.parse(await response.json()).token;
}
