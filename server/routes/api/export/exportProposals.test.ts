import type { JSONContent } from '@tiptap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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

/*
 * Proposals through the real export route: made with `POST /api/documents/:id/threads`, one of
 * them rejected by an editor, then exported as DOCX with tracked changes and as Markdown.
 */

const draft: JSONContent = {
  type: 'doc',
  content: [
    {
      type: 'heading',
      attrs: { level: 1, id: 'title' },
      content: [{ type: 'text', text: 'Syfte' }],
    },
    {
      type: 'paragraph',
      attrs: { id: 'p1' },
      content: [{ type: 'text', text: 'Myndigheter ska publicera öppna data varje år.' }],
    },
  ],
};

let server: TestServer;
let documentId: string;
let commenter: Person;
let editor: Person;

const exportAs = (as: Person, query: string): Promise<Response> =>
  call(server, as, 'GET', `/documents/${documentId}/export?${query}`);

beforeAll(async () => {
  server = await startTestServer();
  documentId = (await buildDocument(server.storage, server.owner.id, { content: draft })).id;
  commenter = await buildPerson(server, documentId, 'commenter', {
    name: 'Åsa Öberg',
    organisation: 'Länsstyrelsen',
  });
  editor = await buildPerson(server, documentId, 'editor', {
    name: 'Erik Lund',
    organisation: 'Digg',
  });
  await startThread(server, commenter, documentId, {
    target: quoteTarget('öppna data'),
    body: 'Tydligare.',
    proposal: {
      text: 'öppna och maskinläsbara data',
      marks: [{ type: 'italic', from: 10, to: 23 }],
    },
  });
  const rejected = await startThread(server, commenter, documentId, {
    target: quoteTarget('varje år'),
    body: 'Oftare.',
    proposal: { text: 'varje månad' },
  });
  const answer = await call(server, editor, 'POST', `/threads/${rejected.id}/reject`, {
    reason: 'För tätt.',
  });
  expect(answer.status, await answer.clone().text()).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

describe('GET /api/documents/:id/export with proposals', () => {
  it('writes the open proposal as a tracked change by its proposer, and lists both', async () => {
    const response = await exportAs(commenter, 'format=docx&trackedChanges=1&comments=appendix');
    expect(response.status, await response.clone().text()).toBe(200);
    const document =
      readZipPackage(new Uint8Array(await response.arrayBuffer())).xml['word/document.xml'] ?? '';
    const author = 'w:author="Åsa Öberg \\(Länsstyrelsen\\)"';
    expect(document).toMatch(
      new RegExp(`<w:del [^>]*${author}[^>]*><w:r><w:delText[^>]*>öppna data</w:delText>`),
    );
    expect(document).toMatch(
      new RegExp(`<w:ins [^>]*${author}[^>]*><w:r><w:t[^>]*>öppna och </w:t>`),
    );
    expect(document).toMatch(
      /<w:ins [^>]*><w:r><w:rPr><w:i\/><w:iCs\/><\/w:rPr><w:t[^>]*>maskinläsbara</,
    );
    // The rejected proposal is not a change: its words are only in the appendix.
    expect(document.match(/<w:ins /g)).toHaveLength(3);
    expect(document).not.toContain('<w:delText xml:space="preserve">varje år');
    expect(document).toContain(
      'Förslagets status: </w:t></w:r><w:r><w:t xml:space="preserve">Avslaget (Erik Lund (Digg), ',
    );
    expect(document).toContain('För tätt.');
  });

  it('states both proposals in a Markdown export', async () => {
    const response = await exportAs(commenter, 'format=md&comments=appendix&lang=en');
    expect(response.status).toBe(200);
    const markdown = await response.text();
    expect(markdown).toContain('- Original wording: ~~öppna data~~');
    expect(markdown).toContain('- Proposed wording: öppna och maskinläsbara data');
    expect(markdown).toContain('- Proposal status: Open proposal');
    expect(markdown).toMatch(
      /- Proposal status: Rejected \(Erik Lund \(Digg\), \d{4}-\d\d-\d\d \d\d\\?:\d\d\)/,
    );
    // The reason is given once, with the disposition that rejecting also sets.
    expect(markdown).toContain('- Disposition: Not accepted (Erik Lund (Digg), ');
    expect(markdown).not.toContain('Reason for rejecting');
  });

  it('refuses tracked changes in a format that has none', async () => {
    const { message } = await expectError(
      await exportAs(commenter, 'format=md&trackedChanges=1'),
      400,
      'invalid_input',
    );
    expect(message).toContain('DOCX');
  });
});
