import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { threadSchema } from '../../shared/api/comments.ts';
import { YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { withTimeout } from '../hardening/soakTools.ts';
import { migrateStore, sqliteFileOf } from '../storage/migrateStore.ts';
import { writeParagraph } from '../test/clusterParticipants.ts';
import { freePort, startChildServer, type StartedChildServer } from '../test/childServer.ts';
import { connectClient, connectLocalUser } from '../test/collabClient.ts';
import { signIn, TEST_PASSWORD } from '../test/factories.ts';
import { callApi, createHttpPerson, httpCollabToken, type HttpPerson } from '../test/httpPerson.ts';
import { makeTempDir, startTestServer } from '../test/startTestServer.ts';
import {
  createTestDatabase,
  POSTGRES_SKIP_REASON,
  postgresTestUrl,
  type TestDatabase,
} from '../test/testPostgres.ts';

/** What one person sees of the data through the API of the server at `url`. */
async function viewAs(url: string, cookie: string, documentIds: readonly string[]) {
  const get = async (path: string): Promise<unknown> =>
    (await callApi(url, cookie, 'GET', path, undefined, 200)).json();
  const perDocument = [];
  for (const id of documentIds) {
    perDocument.push({
      document: await get(`/documents/${id}`),
      members: await get(`/documents/${id}/members`),
      versions: await get(`/documents/${id}/versions`),
      threads: threadSchema
        .array()
        .parse(((await get(`/documents/${id}/threads`)) as { threads: unknown }).threads),
    });
  }
  return { session: await get('/session'), documents: await get('/documents'), perDocument };
}

/** The document's text as a provider on `url` receives it. */
async function textOver(url: string, cookie: string, documentId: string): Promise<string> {
  const reader = connectClient(url, documentId, () => httpCollabToken(url, cookie, documentId));
  try {
    await withTimeout(reader.synced, 20_000, `the reader of ${documentId} did not sync`);
    return reader.ydoc.getXmlFragment(YJS_FRAGMENT).toJSON();
  } finally {
    reader.destroy();
  }
}

const adminUrl = postgresTestUrl();

if (adminUrl === null) it.skip(POSTGRES_SKIP_REASON, () => undefined);

describe.skipIf(adminUrl === null)('moving a SQLite installation onto a PostgreSQL node', () => {
  const sourceDir = makeTempDir('remiss-move-source-');
  const nodeDir = makeTempDir('remiss-move-node-');
  let database: TestDatabase | null = null;
  let node: StartedChildServer | null = null;
  const documentIds: string[] = [];
  let owner = { email: '', cookie: '' };
  let commenter: HttpPerson;
  let editor: HttpPerson;
  const before = new Map<string, unknown>();
  const textsBefore = new Map<string, string>();

  beforeAll(async () => {
    // Everything made through the app on SQLite: accounts, documents, text, threads with
    // replies, a resolved thread and named versions.
    const source = await startTestServer({ dataDir: sourceDir });
    try {
      owner = { email: source.owner.email, cookie: source.ownerCookie };
      const url = source.url;
      for (const title of ['Remiss om vägtrafik', 'Remiss om skolans läroplan']) {
        const created = await callApi(url, owner.cookie, 'POST', '/documents', { title }, 201);
        documentIds.push(((await created.json()) as { id: string }).id);
      }
      const [first = '', second = ''] = documentIds;
      commenter = await createHttpPerson(url, owner.cookie, {
        email: 'asa.oberg@region.example',
        name: 'Åsa Öberg',
        documentId: first,
        role: 'commenter',
      });
      editor = await createHttpPerson(url, owner.cookie, {
        email: 'bo.ek@kommun.example',
        name: 'Bo Ek',
        documentId: second,
        role: 'editor',
      });
      await callApi(url, owner.cookie, 'PUT', `/documents/${second}/members/${commenter.id}`, {
        role: 'viewer',
      });

      for (const [index, id] of documentIds.entries()) {
        const writer = connectLocalUser(source, id);
        try {
          await writer.synced;
          writeParagraph(writer.ydoc, `p${index}a`, 'Myndigheten ska publicera sin rapport.');
          writeParagraph(writer.ydoc, `p${index}b`, 'Remissvar lämnas senast i maj.');
          await writer.allAcked();
        } finally {
          writer.destroy();
        }
      }

      const thread = threadSchema.parse(
        await (
          await callApi(
            url,
            commenter.cookie,
            'POST',
            `/documents/${first}/threads`,
            {
              target: { selector: { type: 'TextQuoteSelector', exact: 'publicera sin rapport' } },
              body: 'Räcker det inte vartannat år?',
              stance: 'question',
            },
            201,
          )
        ).json(),
      );
      await callApi(
        url,
        owner.cookie,
        'POST',
        `/threads/${thread.id}/comments`,
        {
          body: 'Nej, lagen kräver varje år.',
        },
        201,
      );
      await callApi(
        url,
        commenter.cookie,
        'POST',
        `/threads/${thread.id}/comments`,
        {
          body: 'Tack, då förstår jag.',
        },
        201,
      );
      const resolved = threadSchema.parse(
        await (
          await callApi(
            url,
            owner.cookie,
            'POST',
            `/documents/${first}/threads`,
            {
              target: { selector: { type: 'TextQuoteSelector', exact: 'senast i maj' } },
              body: 'Stavfel rättat.',
            },
            201,
          )
        ).json(),
      );
      await callApi(
        url,
        owner.cookie,
        'PATCH',
        `/threads/${resolved.id}`,
        {
          status: 'resolved',
        },
        200,
      );
      await callApi(
        url,
        owner.cookie,
        'POST',
        `/documents/${first}/versions`,
        {
          name: 'Remissversion',
        },
        201,
      );
      await callApi(
        url,
        editor.cookie,
        'POST',
        `/documents/${second}/versions`,
        {
          name: 'Första utkast',
        },
        201,
      );

      for (const person of [owner, commenter, editor]) {
        before.set(person.email, await viewAs(url, person.cookie, documentIdsOf(person)));
      }
      for (const id of documentIds) textsBefore.set(id, await textOver(url, owner.cookie, id));
    } finally {
      await source.destroy();
    }

    database = await createTestDatabase(adminUrl ?? '');
    const report = await migrateStore(sqliteFileOf(sourceDir), database.url);
    expect(report.documentsVerified).toBe(documentIds.length);
    node = await startChildServer({
      dataDir: nodeDir,
      port: await freePort(),
      env: { DATABASE_URL: database.url },
    });
  });

  afterAll(async () => {
    await node?.stop();
    await database?.drop();
    for (const dir of [sourceDir, nodeDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The documents a person is a member of, as set up above. */
  function documentIdsOf(person: { email: string }): string[] {
    const [first = '', second = ''] = documentIds;
    if (person.email === editor.email) return [second];
    return [first, second];
  }

  it('lets migrated users sign in with their passwords and shows each the same data', async () => {
    const url = node?.url ?? '';
    // The comparison below is only as good as what was made: check it holds what it should.
    const ownerView = before.get(owner.email) as Awaited<ReturnType<typeof viewAs>>;
    const [firstView, secondView] = ownerView.perDocument;
    expect(
      firstView?.threads.map((thread) => [thread.status, thread.comments.length]).sort(),
    ).toEqual([
      ['open', 3],
      ['resolved', 1],
    ]);
    const named = (view: typeof firstView) =>
      (view?.versions as { versions: { kind: string; name: string | null }[] }).versions
        .filter((version) => version.kind === 'named')
        .map((version) => version.name);
    expect(named(firstView)).toEqual(['Remissversion']);
    expect(named(secondView)).toEqual(['Första utkast']);
    for (const person of [owner, commenter, editor]) {
      const cookie = await signIn(url, person.email, TEST_PASSWORD);
      expect(await viewAs(url, cookie, documentIdsOf(person)), person.email).toEqual(
        before.get(person.email),
      );
    }
  });

  it('keeps sessions: a cookie issued on SQLite still works on the PostgreSQL node', async () => {
    const url = node?.url ?? '';
    const response = await callApi(url, commenter.cookie, 'GET', '/session', undefined, 200);
    expect(await response.json()).toMatchObject({ id: commenter.id, email: commenter.email });
  });

  it('serves the same text of every document on the collaboration socket', async () => {
    const url = node?.url ?? '';
    const cookie = await signIn(url, owner.email, TEST_PASSWORD);
    for (const id of documentIds) {
      const text = await textOver(url, cookie, id);
      expect(text).toContain('Myndigheten ska publicera sin rapport.');
      expect(text).toBe(textsBefore.get(id));
    }
  });
});
