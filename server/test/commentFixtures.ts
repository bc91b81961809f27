import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { z } from 'zod';
import {
  commentSchema,
  threadSchema,
  type Comment,
  type Thread,
} from '../../shared/api/comments.ts';
import { errorResponseSchema, type ErrorCode } from '../../shared/api/errors.ts';
import { serverMessageSchema, type ServerMessage } from '../../shared/api/serverMessages.ts';
import type { Role } from '../../shared/api/roles.ts';
import { SESSION_COOKIE } from '../auth/cookies.ts';
import * as Y from 'yjs';
import { createAnchor } from '../comments/anchors/createAnchor.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import type { CommentRecord, Storage, UserRecord } from '../storage/types.ts';
import { connectClient, type TestClient } from './collabClient.ts';
import { buildDocument, buildUser } from './factories.ts';
import type { TestServer } from './startTestServer.ts';
import { paragraphsDoc } from './yEdits.ts';

/** A signed-in person: their account and the cookie to send. */
export interface Person {
  user: UserRecord;
  cookie: string;
}

/**
 * A document holding paragraphs `p1`, `p2`, … with the given texts, owned by `ownerId`, stored as
 * the server seeds documents (one state row).
 */
export async function buildTextDocument(
  storage: Storage,
  ownerId: string,
  ...texts: string[]
): Promise<string> {
  const document = await buildDocument(storage, ownerId, {
    title: 'Remissutkast',
    content: paragraphsDoc(...texts),
  });
  return document.id;
}

/** The stored text of a document, as a fresh load would build it. */
async function storedDoc(storage: Storage, documentId: string): Promise<Y.Doc> {
  const content = await storage.updates.load(documentId);
  const doc = new Y.Doc();
  if (content.state) Y.applyUpdate(doc, content.state.data);
  for (const update of content.updates) Y.applyUpdate(doc, update.data);
  return doc;
}

/**
 * Stores a thread on the document's first block straight into storage, with `authorId` as its
 * author whatever their role: for tests of what a person may do to a thread or comment of their
 * own, including people whose role has since been lowered.
 */
export async function seedThread(
  storage: Storage,
  documentId: string,
  authorId: string,
): Promise<{ threadId: string; commentId: string }> {
  const doc = await storedDoc(storage, documentId);
  const [blockId] = flattenText(doc).blocks.keys();
  if (blockId === undefined) throw new Error(`document ${documentId} has no block`);
  const made = createAnchor(doc, { type: 'FragmentSelector', value: blockId });
  doc.destroy();
  if (!made.ok) throw new Error(`could not anchor on ${blockId}: ${made.reason}`);
  const at = new Date().toISOString();
  const threadId = randomUUID();
  const commentId = randomUUID();
  await storage.threads.create(
    {
      id: threadId,
      documentId,
      authorId,
      anchor: made.anchor,
      stance: null,
      status: 'open',
      resolvedBy: null,
      resolvedAt: null,
      disposition: null,
      createdAt: at,
      updatedAt: at,
    },
    seededComment(commentId, threadId, authorId, at),
  );
  return { threadId, commentId };
}

/** Stores a reply by `authorId` straight into storage; returns its id. */
export async function seedComment(
  storage: Storage,
  threadId: string,
  authorId: string,
): Promise<string> {
  const id = randomUUID();
  await storage.comments.create(seededComment(id, threadId, authorId, new Date().toISOString()));
  return id;
}

function seededComment(id: string, threadId: string, authorId: string, at: string): CommentRecord {
  return {
    id,
    threadId,
    authorId,
    body: 'Seeded comment',
    mentions: [],
    createdAt: at,
    editedAt: null,
    deletedAt: null,
    hidden: null,
  };
}

/**
 * A new account holding `role` in the document (or none), with a session. The session comes from
 * the service rather than a password sign-in, which signIn.test.ts covers, to keep tests fast.
 */
export async function buildPerson(
  server: TestServer,
  documentId: string | null,
  role: Role | null,
  profile: { name?: string; organisation?: string; isAdmin?: boolean } = {},
): Promise<Person> {
  const user = await buildUser(server.storage, {
    ...profile,
    ...(role && documentId ? { role, documentId } : {}),
  });
  const token = await server.sessions.start(user.id, 'password', null);
  return { user, cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` };
}

/** Calls the API as `as` (null: nobody) the way a script does, with a JSON body if given. */
export function call(
  server: TestServer,
  as: Person | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return server.request(`/api${path}`, {
    method,
    cookie: as?.cookie ?? null,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Reads a successful JSON answer with the shared schema, failing with the body otherwise. */
export async function expectOk<Schema extends z.ZodType>(
  response: Response,
  status: number,
  schema: Schema,
): Promise<z.output<Schema>> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return schema.parse(JSON.parse(text));
}

/** Checks an error answer's status, code and shape; returns its message and details. */
export async function expectError(
  response: Response,
  status: number,
  code: ErrorCode,
): Promise<{ message: string; details: unknown }> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const { error } = errorResponseSchema.parse(JSON.parse(text));
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  return { message: error.message, details: error.details };
}

/** A quote selector target. */
export const quoteTarget = (exact: string, prefix?: string, suffix?: string) => ({
  selector: {
    type: 'TextQuoteSelector' as const,
    exact,
    ...(prefix === undefined ? {} : { prefix }),
    ...(suffix === undefined ? {} : { suffix }),
  },
});

/** A whole-paragraph target. */
export const blockTarget = (blockId: string) => ({
  selector: { type: 'FragmentSelector' as const, value: blockId },
});

/** Starts a thread through the API, expecting 201. */
export async function startThread(
  server: TestServer,
  as: Person,
  documentId: string,
  body: Record<string, unknown>,
): Promise<Thread> {
  return expectOk(
    await call(server, as, 'POST', `/documents/${documentId}/threads`, body),
    201,
    threadSchema,
  );
}

/** Replies in a thread through the API, expecting 201. */
export async function reply(
  server: TestServer,
  as: Person,
  threadId: string,
  body: Record<string, unknown>,
): Promise<Comment> {
  return expectOk(
    await call(server, as, 'POST', `/threads/${threadId}/comments`, body),
    201,
    commentSchema,
  );
}

/** A document's threads as `as` sees them. */
export async function listThreads(
  server: TestServer,
  as: Person,
  documentId: string,
): Promise<Thread[]> {
  const response = await call(server, as, 'GET', `/documents/${documentId}/threads`);
  const text = await response.text();
  expect(response.status, text).toBe(200);
  const parsed: unknown = JSON.parse(text);
  return threadSchema.array().parse((parsed as { threads: unknown }).threads);
}

/** Polls until `condition` holds, failing after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A provider client that records every server message it receives, with when. */
export interface ListeningClient extends TestClient {
  messages: { message: ServerMessage; at: number }[];
}

/** Connects a real provider as `person` and records the server messages it receives. */
export async function connectListener(
  server: TestServer,
  person: Person,
  documentId: string,
): Promise<ListeningClient> {
  const client = connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(person.user.id, documentId).token,
  );
  const messages: ListeningClient['messages'] = [];
  client.provider.on('stateless', ({ payload }: { payload: string }) => {
    messages.push({
      message: serverMessageSchema.parse(JSON.parse(payload)),
      at: performance.now(),
    });
  });
  await client.synced;
  return Object.assign(client, { messages });
}
