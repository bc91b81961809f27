import type { JSONContent } from '@tiptap/core';
import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachmentDisposition } from '../../../http/attachmentDisposition.ts';
import { connectClient, type TestClient } from '../../../test/collabClient.ts';
import {
  blockTarget,
  buildPerson,
  call,
  expectError,
  quoteTarget,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { buildDocument } from '../../../test/factories.ts';
import { readZipPackage } from '../../../test/readZipPackage.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';
import { insertText } from '../../../test/yEdits.ts';

const TITLE = 'Vägledning öppna licenser';

const draft: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1, id: 'title' }, content: [{ type: 'text', text: TITLE }] },
    { type: 'heading', attrs: { level: 2, id: 's1' }, content: [{ type: 'text', text: 'Syfte' }] },
    {
      type: 'paragraph',
      attrs: { id: 's1p1' },
      content: [{ type: 'text', text: 'Myndigheter ska publicera öppna data.' }],
    },
    {
      type: 'paragraph',
      attrs: { id: 's1p2' },
      content: [{ type: 'text', text: 'Avgifter får tas ut enligt förordningen.' }],
    },
  ],
};

let server: TestServer;
let documentId: string;
let versionId: string;
let viewer: Person;
let commenter: Person;
let outsider: Person;
let editor: TestClient | null = null;

/** GET the export as `as`, with the query given. */
function exportAs(as: Person | null, query: string): Promise<Response> {
  return call(server, as, 'GET', `/documents/${documentId}/export?${query}`);
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

/** The name a browser saves a download under: `filename*`, decoded. */
function savedName(response: Response): string {
  const header = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(header)?.[1];
  if (encoded === undefined) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(encoded);
}

beforeAll(async () => {
  server = await startTestServer();
  const document = await buildDocument(server.storage, server.owner.id, {
    title: TITLE,
    content: draft,
  });
  documentId = document.id;
  viewer = await buildPerson(server, documentId, 'viewer');
  commenter = await buildPerson(server, documentId, 'commenter', {
    name: 'Åsa Öberg',
    organisation: 'Länsstyrelsen',
  });
  outsider = await buildPerson(server, null, null);
  // Made out of document order: the second paragraph first, then the first.
  await startThread(server, commenter, documentId, {
    target: quoteTarget('Avgifter får tas ut'),
    body: 'Vilken förordning?',
  });
  await startThread(server, commenter, documentId, {
    target: blockTarget('s1p1'),
    body: 'Bra, men när?',
  });
  const created = await server.request(`/api/documents/${documentId}/versions`, {
    method: 'POST',
    body: JSON.stringify({ name: 'utkast 2' }),
  });
  versionId = ((await created.json()) as { id: string }).id;

  // After the version: the text changes and a third thread is started.
  editor = connectClient(
    server.url,
    documentId,
    () => server.tokens.issue(server.owner.id, documentId).token,
  );
  await editor.synced;
  insertText(editor.ydoc, TITLE.length + 1 + 'Syfte'.length + 1, 'NYTT STYCKE ');
  await editor.allAcked();
  await startThread(server, commenter, documentId, {
    target: quoteTarget('enligt förordningen'),
    body: 'Efter versionen.',
  });
});

afterAll(async () => {
  editor?.destroy();
  await server.destroy();
});

describe('GET /api/documents/:id/export', () => {
  it('writes the current text as DOCX with Word comments anchored in it', async () => {
    const response = await exportAs(viewer, 'format=docx&comments=annotations&numbers=1');
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const bytes = await bytesOf(response);
    // The length is known up front, so the dialog can show how much of the file has arrived.
    expect(Number(response.headers.get('content-length'))).toBe(bytes.length);
    const pack = readZipPackage(bytes);
    const document = pack.xml['word/document.xml'] ?? '';
    expect(document).toContain('NYTT STYCKE Myndigheter ska publicera öppna data.');
    const comments = pack.xml['word/comments.xml'] ?? '';
    expect(comments).toContain('Vilken förordning?');
    expect(comments).toContain('Efter versionen.');
    expect(comments).toContain('w:author="Åsa Öberg (Länsstyrelsen)"');
    for (const id of ['0', '1', '2']) {
      expect(document).toContain(`<w:commentRangeStart w:id="${id}"/>`);
      expect(document).toContain(`<w:commentRangeEnd w:id="${id}"/>`);
      expect(document).toContain(`<w:commentReference w:id="${id}"/>`);
    }
    expect(savedName(response)).toMatch(/^Vägledning öppna licenser – \d{4}-\d{2}-\d{2}\.docx$/);
  });

  it('exports a version with its own text and the threads as they stood then', async () => {
    const response = await exportAs(
      viewer,
      `format=md&version=${versionId}&comments=appendix&titlePage=1`,
    );
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const markdown = strFromU8(await bytesOf(response));
    expect(markdown).toContain('Myndigheter ska publicera öppna data.');
    expect(markdown).not.toContain('NYTT STYCKE');
    expect(markdown).toContain('Version\\: utkast 2');
    expect(markdown).not.toContain('Efter versionen.');
    // Ordered by paragraph, not by when the threads were made.
    const headings = [...markdown.matchAll(/^### (.*)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(['Tråd 1 – 1 ¶1', 'Tråd 2 – 1 ¶2']);
    expect(markdown.indexOf('Bra, men när?')).toBeLessThan(markdown.indexOf('Vilken förordning?'));
  });

  it('names the file after the title and the version, in UTF-8 with an ASCII stand-in', async () => {
    const response = await exportAs(viewer, `format=docx&version=${versionId}`);
    await bytesOf(response);
    const name = 'Vägledning öppna licenser – utkast 2.docx';
    expect(savedName(response)).toBe(name);
    expect(response.headers.get('content-disposition')).toBe(attachmentDisposition(name));
    expect(response.headers.get('content-disposition')).toContain(
      'filename="Vagledning-oppna-licenser-utkast-2.docx"',
    );
  });

  it('writes one self-contained HTML file with the language set', async () => {
    const response = await exportAs(viewer, 'format=html&lang=en&comments=appendix');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = strFromU8(await bytesOf(response));
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    expect(html).toContain('<section class="appendix" lang="en"');
    expect(html).toContain('Thread 3 – 1 ¶2');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('refuses a bad format or comments value with the field named', async () => {
    const format = await expectError(await exportAs(viewer, 'format=exe'), 400, 'invalid_input');
    expect(format.message).toMatch(/^format:/);
    const comments = await expectError(
      await exportAs(viewer, 'format=docx&comments=margin'),
      400,
      'invalid_input',
    );
    expect(comments.message).toMatch(/^comments:/);
    await expectError(await exportAs(viewer, ''), 400, 'invalid_input');
  });

  it('answers 404 for an unknown version or document', async () => {
    await expectError(await exportAs(viewer, 'format=md&version=nope'), 404, 'not_found');
    const response = await call(server, viewer, 'GET', '/documents/nope/export?format=md');
    await expectError(response, 404, 'not_found');
  });

  it('refuses people who are not members, and anonymous callers', async () => {
    await expectError(await exportAs(outsider, 'format=md'), 403, 'forbidden');
    await expectError(await exportAs(outsider, `format=md&version=${versionId}`), 403, 'forbidden');
    await expectError(await exportAs(null, 'format=md'), 401, 'unauthenticated');
  });

  it('also writes the comment report as DOCX', async () => {
    const response = await call(
      server,
      viewer,
      'GET',
      `/documents/${documentId}/comment-report?format=docx`,
    );
    const pack = readZipPackage(await bytesOf(response));
    const document = pack.xml['word/document.xml'] ?? '';
    expect(document).toContain('Kommentarsrapport');
    expect(document.indexOf('Bra, men när?')).toBeLessThan(document.indexOf('Vilken förordning?'));
    expect(savedName(response)).toMatch(/\.docx$/);
  });
});
