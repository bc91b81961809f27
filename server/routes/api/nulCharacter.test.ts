import { Document, Packer, Paragraph, TextRun } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { documentSummarySchema } from '../../../shared/api/documents.ts';
import { importDocumentResponseSchema, UPLOAD_CSRF_HEADER } from '../../../shared/api/import.ts';
import { NUL_REFUSED_MESSAGE } from '../../../shared/api/storableText.ts';
import { flattenText } from '../../comments/anchors/flattenText.ts';
import {
  buildPerson,
  buildTextDocument,
  call,
  expectError,
  expectOk,
  listThreads,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../../test/commentFixtures.ts';
import { LOCAL_USER_ID } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/startTestServer.ts';
import {
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  postgresTestUrl,
  type TestDatabase,
} from '../../test/testPostgres.ts';

/**
 * U+0000 in text a person writes: SQLite would store it and PostgreSQL would fail with a 500,
 * so the API refuses it on both with the same 400, and stores nothing. Runs against both stores.
 */
const postgresUrl = postgresTestUrl();
if (postgresUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);

const TEXT = 'Myndigheten ska publicera sin rapport varje år.';

/** One request carrying U+0000 in a user-written field. */
interface NulCase {
  what: string;
  method: string;
  path: (ids: Ids) => string;
  body: unknown;
  as: 'owner' | 'admin';
}

interface Ids {
  documentId: string;
  threadId: string;
  proposalThreadId: string;
}

const CASES: NulCase[] = [
  {
    what: 'a document title',
    method: 'POST',
    path: () => '/documents',
    body: { title: 'Remiss\u0000utkast' },
    as: 'owner',
  },
  {
    what: 'a new title',
    method: 'PATCH',
    path: ({ documentId }) => `/documents/${documentId}`,
    body: { title: 'Nytt\u0000namn' },
    as: 'owner',
  },
  {
    what: 'a comment body',
    method: 'POST',
    path: ({ documentId }) => `/documents/${documentId}/threads`,
    body: { target: quoteTarget('publicera sin rapport'), body: 'Hur\u0000 ofta?' },
    as: 'owner',
  },
  {
    what: 'a quoted passage',
    method: 'POST',
    path: ({ documentId }) => `/documents/${documentId}/threads`,
    body: { target: quoteTarget('publicera\u0000sin'), body: 'Hur ofta?' },
    as: 'owner',
  },
  {
    what: "a quote's context",
    method: 'POST',
    path: ({ documentId }) => `/documents/${documentId}/threads`,
    body: { target: quoteTarget('publicera', 'ska\u0000', ' sin'), body: 'Hur ofta?' },
    as: 'owner',
  },
  {
    what: 'a proposal',
    method: 'POST',
    path: ({ documentId }) => `/documents/${documentId}/threads`,
    body: {
      target: quoteTarget('varje år'),
      body: 'Oftare.',
      proposal: { text: 'varje\u0000 månad' },
    },
    as: 'owner',
  },
  {
    what: 'a reply',
    method: 'POST',
    path: ({ threadId }) => `/threads/${threadId}/comments`,
    body: { body: 'Instämmer\u0000.' },
    as: 'owner',
  },
  {
    what: "an editor's edited proposal on acceptance",
    method: 'POST',
    path: ({ proposalThreadId }) => `/threads/${proposalThreadId}/accept`,
    body: { text: { text: 'varje\u0000 kvartal' } },
    as: 'owner',
  },
  {
    what: 'a rejection reason',
    method: 'POST',
    path: ({ proposalThreadId }) => `/threads/${proposalThreadId}/reject`,
    body: { reason: 'För\u0000 tätt.' },
    as: 'owner',
  },
  {
    what: 'a disposition reason',
    method: 'PUT',
    path: ({ threadId }) => `/threads/${threadId}/disposition`,
    body: { value: 'noted', reason: 'Noterat\u0000.' },
    as: 'owner',
  },
  {
    what: 'a version name',
    method: 'POST',
    path: ({ documentId }) => `/documents/${documentId}/versions`,
    body: { name: 'Remiss\u0000version' },
    as: 'owner',
  },
  {
    what: "a person's name",
    method: 'POST',
    path: () => '/users',
    body: {
      email: 'ny@example.se',
      name: 'Ny\u0000 Person',
      organisation: 'Testverket',
      password: 'ett långt lösenord',
    },
    as: 'admin',
  },
  {
    what: 'an own organisation',
    method: 'PATCH',
    path: () => '/account',
    body: { name: 'Ägare', organisation: 'Test\u0000verket' },
    as: 'owner',
  },
  {
    what: 'a sign-in email',
    method: 'POST',
    path: () => '/session',
    body: { email: 'agare\u0000@example.se', password: 'vad som helst' },
    as: 'owner',
  },
];

/** Ids in the path reach queries too; PostgreSQL failed on them with a 500 before. */
const PATH_CASES = [
  { method: 'GET', path: '/documents/%00' },
  { method: 'GET', path: '/documents/a%00b/threads' },
  { method: 'POST', path: '/threads/%00/comments', body: { body: 'Hej.' } },
];

/**
 * A Word document whose text and stated title hold U+0000, as a damaged file may: written by
 * the docx library (which leaves the character out), then put into the XML by hand, raw in the
 * text and as a character reference in the title. mammoth passes both through.
 */
async function docxWithNul(): Promise<Uint8Array<ArrayBuffer>> {
  const document = new Document({
    title: 'Remissrubrik',
    sections: [{ children: [new Paragraph({ children: [new TextRun('Föreefter')] })] }],
  });
  const parts = unzipSync(new Uint8Array(await Packer.toBuffer(document)));
  const edit = (name: string, from: string, to: string) => {
    const part = parts[name];
    if (!part) throw new Error(`the docx library wrote no ${name}`);
    parts[name] = strToU8(strFromU8(part).replace(from, to));
  };
  edit('word/document.xml', 'Föreefter', 'Före\u0000efter');
  edit('docProps/core.xml', 'Remissrubrik', 'Remiss\u0000rubrik');
  return new Uint8Array(zipSync(parts));
}

const stores: { name: string; url: string | null }[] = [
  { name: 'SQLite', url: null },
  ...(postgresUrl === null ? [] : [{ name: 'PostgreSQL', url: postgresUrl }]),
];

describe.each(stores)('U+0000 in user-written text on $name', ({ url }) => {
  let database: TestDatabase | null = null;
  let server: TestServer;
  let owner: Person;
  let admin: Person;
  let ids: Ids;

  beforeAll(async () => {
    database = url === null ? null : await createTestDatabase(url);
    server = await startTestServer(
      database === null ? {} : { config: { postgresUrl: database.url } },
    );
    const documentId = await buildTextDocument(server.storage, LOCAL_USER_ID, TEXT);
    owner = await buildPerson(server, documentId, 'owner', { name: 'Ägare' });
    admin = await buildPerson(server, null, null, { isAdmin: true });
    const thread = await startThread(server, owner, documentId, {
      target: quoteTarget('publicera sin rapport'),
      body: 'Hur ofta?',
    });
    const proposal = await startThread(server, owner, documentId, {
      target: quoteTarget('varje år'),
      body: 'Oftare.',
      proposal: { text: 'varje månad' },
    });
    ids = { documentId, threadId: thread.id, proposalThreadId: proposal.id };
  });

  afterAll(async () => {
    await server?.destroy();
    await database?.drop();
  });

  it.each(CASES)('refuses $what with a 400 that names the character', async (nulCase) => {
    const as = nulCase.as === 'admin' ? admin : owner;
    const response = await call(server, as, nulCase.method, nulCase.path(ids), nulCase.body);
    const { message } = await expectError(response, 400, 'invalid_input');
    expect(message).toContain(NUL_REFUSED_MESSAGE);
  });

  it.each(PATH_CASES)(
    'refuses $method $path with the same 400',
    async ({ method, path, ...rest }) => {
      const body = 'body' in rest ? rest.body : undefined;
      const { message } = await expectError(
        await call(server, owner, method, path, body),
        400,
        'invalid_input',
      );
      expect(message).toContain(NUL_REFUSED_MESSAGE);
    },
  );

  it('imports a Word file holding U+0000 without it, and says how many were removed', async () => {
    const form = new FormData();
    form.append('file', new Blob([await docxWithNul()]), 'remiss.docx');
    const response = await fetch(`${server.url}/api/documents/import`, {
      method: 'POST',
      headers: { Cookie: owner.cookie, [UPLOAD_CSRF_HEADER]: 'remiss' },
      body: form,
    });
    const imported = await expectOk(response, 201, importDocumentResponseSchema);
    expect(imported.title).toBe('Remissrubrik');
    expect(imported.warnings).toContainEqual(
      expect.objectContaining({ code: 'nul-characters', count: 2 }),
    );
    const stored = await server.storage.documents.get(imported.id);
    expect(stored?.title).toBe('Remissrubrik');
    const content = await server.storage.updates.load(imported.id);
    const ydoc = new Y.Doc();
    if (content.state) Y.applyUpdate(ydoc, content.state.data);
    for (const update of content.updates) Y.applyUpdate(ydoc, update.data);
    expect(flattenText(ydoc).text).toBe('Föreefter');
  });

  it('stored none of it, and takes the same requests without the character', async () => {
    const threads = await listThreads(server, owner, ids.documentId);
    expect(threads.map((thread) => thread.id).sort()).toEqual(
      [ids.threadId, ids.proposalThreadId].sort(),
    );
    expect(threads.flatMap((thread) => thread.comments)).toHaveLength(2);
    expect(JSON.stringify(threads)).not.toContain('\\u0000');
    const document = await expectOk(
      await call(server, owner, 'GET', `/documents/${ids.documentId}`),
      200,
      documentSummarySchema,
    );
    expect(document.title).not.toContain('\u0000');

    // The refusal is about the character, not the request: without it, each is taken.
    const answer = await reply(server, owner, ids.threadId, { body: 'Instämmer.' });
    expect(answer.body).toBe('Instämmer.');
    const renamed = await call(server, owner, 'PATCH', `/documents/${ids.documentId}`, {
      title: 'Nytt namn',
    });
    expect(renamed.status).toBe(200);
  });
});
