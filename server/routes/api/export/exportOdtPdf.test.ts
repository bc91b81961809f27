import type { JSONContent } from '@tiptap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildPerson,
  call,
  quoteTarget,
  reply,
  startThread,
  type Person,
} from '../../../test/commentFixtures.ts';
import { buildDocument } from '../../../test/factories.ts';
import { poppler } from '../../../test/popplerText.ts';
import { firstZipEntry, parseXmlStrictly, readZipPackage } from '../../../test/readZipPackage.ts';
import { startTestServer, type TestServer } from '../../../test/startTestServer.ts';

const TITLE = 'Remiss om öppna data – utkast';

const draft: JSONContent = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 1, id: 'title' }, content: [{ type: 'text', text: TITLE }] },
    {
      type: 'heading',
      attrs: { level: 2, id: 's1' },
      content: [{ type: 'text', text: 'Förslag' }],
    },
    {
      type: 'paragraph',
      attrs: { id: 's1p1' },
      content: [{ type: 'text', text: 'Kommunerna ska samråda med länsstyrelsen före beslut.' }],
    },
  ],
};

let server: TestServer;
let documentId: string;
let viewer: Person;

function exportAs(query: string): Promise<Response> {
  return call(server, viewer, 'GET', `/documents/${documentId}/export?${query}`);
}

async function bytesOf(response: Response): Promise<Uint8Array> {
  expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

beforeAll(async () => {
  server = await startTestServer();
  documentId = (
    await buildDocument(server.storage, server.owner.id, { title: TITLE, content: draft })
  ).id;
  viewer = await buildPerson(server, documentId, 'viewer');
  const commenter = await buildPerson(server, documentId, 'commenter', {
    name: 'Åsa Öberg',
    organisation: 'Länsstyrelsen',
  });
  const thread = await startThread(server, commenter, documentId, {
    target: quoteTarget('samråda med länsstyrelsen'),
    body: 'Hur långt före beslutet?',
  });
  await reply(server, commenter, thread.id, { body: 'Minst fyra veckor.' });
});

afterAll(async () => {
  await server.destroy();
});

describe('GET /api/documents/:id/export as ODT and PDF', () => {
  it('sends an ODT whose comment is an annotation around the quoted passage', async () => {
    const response = await exportAs('format=odt&comments=annotations&numbers=1&titlePage=1');
    expect(response.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
    expect(response.headers.get('content-disposition')).toContain('.odt');
    const bytes = await bytesOf(response);
    expect(firstZipEntry(bytes)).toEqual({ method: 0, extraLength: 0, name: 'mimetype' });
    const content = readZipPackage(bytes).xml['content.xml'] ?? '';
    const dom = parseXmlStrictly(content, 'content.xml');
    const annotation = dom.getElementsByTagName('office:annotation')[0];
    expect(annotation?.getElementsByTagName('dc:creator')[0]?.textContent).toBe(
      'Åsa Öberg (Länsstyrelsen)',
    );
    expect(annotation?.textContent).toContain('Hur långt före beslutet?');
    expect(annotation?.textContent).toContain('Minst fyra veckor.');
    // The annotation encloses exactly the quoted passage, inside the numbered paragraph.
    expect(content).toMatch(
      /1 ¶1<\/text:span> Kommunerna ska <office:annotation office:name="comment-1">.*?<\/office:annotation>samråda med länsstyrelsen<office:annotation-end office:name="comment-1"\/>/,
    );
    expect(dom.getElementsByTagName('office:annotation-end').length).toBe(1);
  });

  it('sends a PDF with the text, the numbers and the comment appendix', async () => {
    const response = await exportAs('format=pdf&comments=appendix&numbers=1');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const text = poppler('pdftotext', await bytesOf(response)).replace(/\s+/g, ' ');
    expect(text).toContain('1 Förslag');
    expect(text).toContain('1 ¶1 Kommunerna ska samråda med länsstyrelsen före beslut.');
    expect(text).toContain('Kommentarer');
    expect(text).toContain('Tråd 1 – 1 ¶1');
    expect(text).toContain('Kommentar: Åsa Öberg (Länsstyrelsen)');
    expect(text).toContain('Minst fyra veckor.');
  });
});
