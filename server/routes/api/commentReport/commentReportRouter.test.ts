import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JSONContent } from '@tiptap/core';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../../../shared/editor/blockTypes.ts';
import { errorResponseSchema, type ErrorCode } from '../../../../shared/api/errors.ts';
import { authenticate } from '../../../auth/authenticate.ts';
import { ServerMessages } from '../../../collab/ServerMessages.ts';
import { flattenText } from '../../../comments/anchors/flattenText.ts';
import { CommentService } from '../../../comments/CommentService.ts';
import { readLiveDocument } from '../../../comments/readLiveDocument.ts';
import { contentToYUpdate } from '../../../editor/contentToYUpdate.ts';
import { apiNotFound, errorHandler } from '../../../http/errorHandler.ts';
import type { UserRecord } from '../../../storage/types.ts';
import { connectClient, type TestClient } from '../../../test/collabClient.ts';
import { buildUser, signIn } from '../../../test/factories.ts';
import { startTestServer, testLogger, type TestServer } from '../../../test/startTestServer.ts';
import { firstZipEntry, readZipPackage } from '../../../test/readZipPackage.ts';
import { deleteText } from '../../../test/yEdits.ts';
import { commentReportRouter } from './commentReportRouter.ts';

/** A remiss draft with two numbered sections, as the report route reads it from Yjs. */
const draft: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1, id: 'title' }, content: [{ type: 'text', text: 'PM' }] },
    {
      type: 'heading',
      attrs: { level: 2, id: 's1' },
      content: [{ type: 'text', text: 'Bakgrund' }],
    },
    {
      type: 'paragraph',
      attrs: { id: 's1p1' },
      content: [{ type: 'text', text: 'Myndigheten ska publicera öppna data varje år.' }],
    },
    {
      type: 'paragraph',
      attrs: { id: 's1p2' },
      content: [{ type: 'text', text: 'Avgifter får tas ut enligt avgiftsförordningen.' }],
    },
    {
      type: 'heading',
      attrs: { level: 2, id: 's2' },
      content: [{ type: 'text', text: 'Förslag' }],
    },
    {
      type: 'paragraph',
      attrs: { id: 's2p1' },
      content: [{ type: 'text', text: 'Kommunerna ska samråda med länsstyrelsen före beslut.' }],
    },
    {
      type: 'bulletList',
      content: [
        {
          type: 'listItem',
          attrs: { id: 'li1' },
          content: [
            {
              type: 'paragraph',
              attrs: { id: 'li1p' },
              content: [{ type: 'text', text: 'Första punkten' }],
            },
          ],
        },
      ],
    },
  ],
};

interface Fixture {
  server: TestServer;
  /** Base URL of the Express app that mounts only the report router. */
  url: string;
  documentId: string;
  commenter: UserRecord;
  editor: UserRecord;
  cookies: { owner: string; commenter: string; editor: string; outsider: string };
  /** Thread ids in the order they were created (not document order). */
  created: string[];
}

let fixture: Fixture | null = null;
let app: http.Server | null = null;
const clients: TestClient[] = [];

/** Stops the clients, the report app and the server of the current fixture. */
async function tearDown(): Promise<void> {
  for (const client of clients.splice(0)) client.destroy();
  await new Promise<void>((resolve) => (app ? app.close(() => resolve()) : resolve()));
  app = null;
  await fixture?.server.destroy();
  fixture = null;
}

/** The fixture of the current describe block. */
function current(): Fixture {
  if (!fixture) throw new Error('no fixture: setUp did not run');
  return fixture;
}

/**
 * Edits the document as an editor's browser does: through a real collaboration client, which
 * sends the update over the socket and waits until the server has stored it. The client stays
 * connected (so the document stays loaded) until the test ends.
 */
async function editLive(
  server: TestServer,
  documentId: string,
  edit: (doc: Y.Doc) => void,
): Promise<void> {
  const client = connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(server.owner.id, documentId).token,
  );
  clients.push(client);
  await client.synced;
  edit(client.ydoc);
  await client.allAcked();
}

const quote = (exact: string) => ({ selector: { type: 'TextQuoteSelector' as const, exact } });

/**
 * A real Remiss server (storage, sessions, collaboration engine), the real CommentService on it,
 * and the report router mounted on its own Express app exactly as the lead wires it: with the
 * session middleware, the service's listThreads and readLiveDocument. Four threads are made out
 * of document order; one has its text deleted, one a hidden comment, one a deleted comment.
 */
async function setUp(): Promise<Fixture> {
  const server = await startTestServer();
  const logger = testLogger();
  const { hocuspocus } = server.engine;
  const comments = new CommentService({
    storage: server.storage,
    hocuspocus,
    messages: new ServerMessages(hocuspocus),
    logger,
  });

  const api = express.Router();
  api.use(authenticate(server.sessions));
  api.use(
    commentReportRouter({
      storage: server.storage,
      listThreads: (documentId, viewer) => comments.listThreads(documentId, viewer),
      readDocument: (documentId, read) => readLiveDocument(hocuspocus, documentId, logger, read),
    }),
  );
  api.use(apiNotFound);
  const reportApp = express();
  reportApp.use('/api', api);
  reportApp.use(errorHandler(logger));
  app = http.createServer(reportApp);
  const listening = app;
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  const { port } = listening.address() as AddressInfo;

  const document = await server.storage.documents.create({
    id: 'remiss-1',
    title: 'Promemoria: Öppna data, "andra utkastet"',
    ownerId: server.owner.id,
    initialState: contentToYUpdate(draft),
  });
  const documentId = document.id;
  const commenter = await buildUser(server.storage, {
    name: 'Bo Ek',
    organisation: 'Sveriges kommuner och regioner',
    role: 'commenter',
    documentId,
  });
  const editor = await buildUser(server.storage, {
    name: 'Åsa Öberg',
    organisation: 'Myndigheten för digital förvaltning',
    role: 'editor',
    documentId,
  });
  const outsider = await buildUser(server.storage, { name: 'Utomstående' });

  // Made in an order different from the text's, so the report must sort them.
  const onProposal = await comments.createThread(documentId, commenter, {
    target: quote('samråda med länsstyrelsen'),
    body: 'Samrådet behöver en tidsgräns.',
    stance: 'object',
  });
  const onPublishing = await comments.createThread(documentId, commenter, {
    target: quote('publicera öppna data'),
    body: 'Ring mig på 070-123 45 67.',
    stance: 'support',
  });
  const onFees = await comments.createThread(documentId, commenter, {
    target: quote('Avgifter får tas ut'),
    body: '=HYPERLINK("https://evil.example","Klicka")',
  });
  const onList = await comments.createThread(documentId, commenter, {
    target: { selector: { type: 'FragmentSelector', value: 'li1' } },
    body: 'Punkten är otydlig, [se här](javascript:alert(1)).',
    stance: 'question',
  });

  await comments.addComment(onProposal.id, editor, { body: 'Vi föreslår 30 dagar.' });
  await comments.setDisposition(onProposal.id, editor, {
    value: 'partly-accepted',
    reason: 'Tidsgräns införs, men 30 dagar.',
  });
  await comments.updateThread(onProposal.id, editor, { status: 'resolved' });

  const [publishingComment] = onPublishing.comments;
  if (!publishingComment) throw new Error('thread without its first comment');
  await comments.hideComment(publishingComment.id, server.owner, 'Personuppgifter');

  const [feesComment] = onFees.comments;
  if (!feesComment) throw new Error('thread without its first comment');
  await comments.addComment(onFees.id, editor, { body: 'Noterat.' });
  await comments.deleteComment(feesComment.id, commenter);

  // The owner deletes the commented words in the editor: the thread must stay, as removed text.
  await editLive(server, documentId, (doc) => {
    const from = flattenText(doc).text.indexOf('Avgifter får tas ut ');
    deleteText(doc, from, from + 'Avgifter får tas ut '.length);
  });

  fixture = {
    server,
    url: `http://127.0.0.1:${port}`,
    documentId,
    commenter,
    editor,
    cookies: {
      owner: server.ownerCookie,
      commenter: await signIn(server.url, commenter.email),
      editor: await signIn(server.url, editor.email),
      outsider: await signIn(server.url, outsider.email),
    },
    created: [onProposal.id, onPublishing.id, onFees.id, onList.id],
  };
  return fixture;
}

function report(target: Fixture, query: string, cookie: string | null): Promise<Response> {
  return fetch(`${target.url}/api/documents/${target.documentId}/comment-report${query}`, {
    headers: cookie === null ? {} : { Cookie: cookie },
  });
}

async function expectError(response: Response, status: number, code: ErrorCode): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(errorResponseSchema.parse(await response.json()).error.code).toBe(code);
}

/** The CSV's data rows (after the column headings), split naively: these cells hold no commas. */
function dataRows(csv: string, firstHeading: string): string[] {
  const lines = csv.split('\r\n');
  return lines.slice(lines.findIndex((line) => line.startsWith(firstHeading)) + 1, -1);
}

// These requests change nothing, so they share one server and one set of threads.
describe('GET /api/documents/:id/comment-report', () => {
  beforeAll(setUp);
  afterAll(tearDown);

  it('sends a commenter a CSV download of every thread in document order', async () => {
    const target = current();
    const response = await report(target, '?format=csv', target.cookies.commenter);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(
      /^attachment; filename="kommentarsrapport-Promemoria-Oppna-data-andra-utkastet-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''kommentarsrapport-Promemoria-%20%C3%96ppna%20data%2C%20-andra%20utkastet-/,
    );

    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(csv).toContain('Dokument,"Promemoria: Öppna data, ""andra utkastet"""');
    expect(csv).toContain('Antal trådar,4');

    const rows = dataRows(csv, 'Tråd,Stycke');
    // Thread number, paragraph and quote of each row: sorted by place in the text.
    expect(rows.map((row) => row.split(',').slice(0, 4).join(','))).toEqual([
      '1,1 ¶1,publicera öppna data,Finns kvar',
      '2,1 ¶2,Avgifter får tas ut,Texten borttagen',
      '2,1 ¶2,Avgifter får tas ut,Texten borttagen',
      '3,2 ¶1,samråda med länsstyrelsen,Finns kvar',
      '3,2 ¶1,samråda med länsstyrelsen,Finns kvar',
      '4,2 ¶2,Första punkten,Finns kvar',
    ]);
    expect(rows[0]).toContain('Stöder');
    expect(rows[0]).toContain('Dold av moderator');
    expect(csv).not.toContain('070-123 45 67');
    expect(csv).not.toContain('Personuppgifter');
    expect(rows[1]).toContain(',Borttagen,');
    expect(csv).not.toContain('HYPERLINK');
    expect(rows[3]).toContain('Invänder,Löst,Åsa Öberg (Myndigheten för digital förvaltning),');
    expect(rows[3]).toContain('Godtas delvis,"Tidsgräns införs, men 30 dagar."');
    expect(rows[4]).toContain(',Svar,Åsa Öberg,Myndigheten för digital förvaltning,');
    expect(rows[5]).toContain('Fråga');
  });

  it('sends the owner a Markdown report in English, with the hidden comment and its reason', async () => {
    const target = current();
    const response = await report(target, '?format=md&lang=en', target.cookies.owner);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="comment-report-[^"]+\.md"; filename\*=UTF-8''comment-report-/,
    );
    const markdown = await response.text();
    expect(
      markdown.startsWith('# Comment report: Promemoria\\: Öppna data, "andra utkastet"'),
    ).toBe(true);
    expect(markdown.split('\n').filter((line) => line.startsWith('## '))).toEqual([
      '## Thread 1 – 1 ¶1',
      '## Thread 2 – 1 ¶2',
      '## Thread 3 – 2 ¶1',
      '## Thread 4 – 2 ¶2',
    ]);
    expect(markdown).toContain('*Hidden by Test Owner (Testmyndigheten): Personuppgifter*');
    expect(markdown).toContain('Ring mig på 070-123 45 67.');
    expect(markdown).toContain('- Text status: Text removed');
    expect(markdown).toContain('*Removed*');
    // The comment's link is text, not a link.
    expect(markdown).toContain('\\[se här\\](javascript\\:alert(1))');
    expect(markdown).not.toContain('HYPERLINK');
  });

  it('sends an OpenDocument report that withholds hidden text from a commenter', async () => {
    const target = current();
    const response = await report(target, '?format=odt', target.cookies.commenter);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="kommentarsrapport-[^"]+\.odt"; filename\*=UTF-8''kommentarsrapport-/,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(firstZipEntry(bytes).name).toBe('mimetype');
    const content = readZipPackage(bytes).xml['content.xml'] ?? '';
    expect(content).toContain('>Tråd 1 – 1 ¶1</text:h>');
    expect(content).toContain('Dold av moderator');
    expect(content).not.toContain('Personuppgifter');
    expect(content).not.toContain('070-123 45 67');
  });

  it('shows an editor, who does not moderate, only that a comment was hidden', async () => {
    const target = current();
    const response = await report(target, '?format=md', target.cookies.editor);
    expect(response.status).toBe(200);
    const markdown = await response.text();
    expect(markdown).toContain('*Dold av moderator*');
    expect(markdown).not.toContain('070-123 45 67');
    expect(markdown).not.toContain('Personuppgifter');
  });

  it.each([
    ['an unknown format', '?format=pdf'],
    ['no format', ''],
    ['two formats', '?format=csv&format=md'],
    ['an unknown language', '?format=csv&lang=de'],
  ])('refuses %s with 400', async (_name, query) => {
    const target = current();
    await expectError(await report(target, query, target.cookies.owner), 400, 'invalid_input');
  });

  it('answers 401 without a session, 403 to a non-member and 404 for an unknown document', async () => {
    const target = current();
    await expectError(await report(target, '?format=csv', null), 401, 'unauthenticated');
    await expectError(
      await report(target, '?format=csv', target.cookies.outsider),
      403,
      'forbidden',
    );
    const unknown = await fetch(
      `${target.url}/api/documents/no-such-id/comment-report?format=csv`,
      {
        headers: { Cookie: target.cookies.owner },
      },
    );
    await expectError(unknown, 404, 'not_found');
  });

  it('relies on CommentService.listThreads, which sorts by place in the text', async () => {
    // The report keeps the order listThreads gives, so it lists threads as the sidebar does.
    const target = current();
    const service = new CommentService({
      storage: target.server.storage,
      hocuspocus: target.server.engine.hocuspocus,
      messages: new ServerMessages(target.server.engine.hocuspocus),
      logger: testLogger(),
    });
    const threads = await service.listThreads(target.documentId, target.commenter);
    const [proposal, publishing, fees, list] = target.created;
    expect(threads.map((thread) => thread.id)).toEqual([publishing, fees, proposal, list]);
  });
});

describe('GET /api/documents/:id/comment-report while the document is being edited', () => {
  it('numbers paragraphs as the text stands now, with an editor still typing', async () => {
    const target = await setUp();
    onTestFinished(tearDown);
    // A new first paragraph in section 1, typed in a browser that is still connected.
    await editLive(target.server, target.documentId, (doc) => {
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.setAttribute('id', 'new-first');
      paragraph.insert(0, [new Y.XmlText('Ett nytt första stycke.')]);
      doc.getXmlFragment(YJS_FRAGMENT).insert(2, [paragraph]);
    });
    const response = await report(target, '?format=md', target.cookies.commenter);
    const markdown = await response.text();
    expect(markdown.split('\n').filter((line) => line.startsWith('## '))).toEqual([
      '## Tråd 1 – 1 ¶2',
      '## Tråd 2 – 1 ¶3',
      '## Tråd 3 – 2 ¶1',
      '## Tråd 4 – 2 ¶2',
    ]);
  });
});
