import { randomUUID } from 'node:crypto';
import type { Role } from '../../shared/api/roles.ts';
import { hashPassword } from '../auth/passwordHash.ts';
import type { JSONContent } from '@tiptap/core';
import { contentToYUpdate, emptyDocumentUpdate } from '../editor/contentToYUpdate.ts';
import type { DocumentRecord, Storage, UserRecord } from '../storage/types.ts';

/** Id of the site-admin account every test server starts with (owner of everything). */
export const LOCAL_USER_ID = 'local-user';

/** The password every factory-built account has. */
export const TEST_PASSWORD = 'correct horse battery staple';

// Hashing with scrypt's production cost for every test user would be slow; hash once.
let cachedHash: Promise<string> | null = null;
function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

/** Creates an account (password TEST_PASSWORD), optionally with a role in a document. */
export async function buildUser(
  storage: Storage,
  options: {
    id?: string;
    email?: string;
    name?: string;
    organisation?: string;
    isAdmin?: boolean;
    role?: Role;
    documentId?: string;
  } = {},
): Promise<UserRecord> {
  const id = options.id ?? randomUUID();
  const user = await storage.users.create({
    id,
    email: options.email ?? `${id}@test.invalid`,
    name: options.name ?? `Test ${id.slice(0, 6)}`,
    organisation: options.organisation ?? 'Testmyndigheten',
    passwordHash: await testPasswordHash(),
    isAdmin: options.isAdmin ?? false,
  });
  if (!user) throw new Error(`could not create test user ${id}`);
  if (options.role && options.documentId) {
    await storage.memberships.set(options.documentId, user.id, options.role);
  }
  return user;
}

/** Creates a document owned by `ownerId`: empty, or holding `content` (Tiptap JSON). */
export async function buildDocument(
  storage: Storage,
  ownerId: string,
  options: { id?: string; title?: string; content?: JSONContent } = {},
): Promise<DocumentRecord> {
  return storage.documents.create({
    id: options.id ?? randomUUID(),
    title: options.title ?? 'Testdokument',
    ownerId,
    initialState: options.content ? contentToYUpdate(options.content) : emptyDocumentUpdate(),
  });
}

/** Signs in over HTTP and returns the session cookie (`name=value`) to send back. */
export async function signIn(
  url: string,
  email: string,
  password = TEST_PASSWORD,
): Promise<string> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in as ${email} failed: ${response.status}`);
  const cookie = response.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie.split(';')[0] ?? '';
}
