import type { JSONContent } from '@tiptap/core';
import {
  Document,
  ExternalHyperlink,
  HeadingLevel,
  type IRunOptions,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDocumentResponseSchema, UPLOAD_CSRF_HEADER } from '../../shared/api/import.ts';
import { readLiveDocument } from '../comments/readLiveDocument.ts';
import { toTiptapJson } from '../editor/toTiptapJson.ts';
import { yDocToProseMirror } from '../editor/yDocToProseMirror.ts';
import { expectOk } from '../test/commentFixtures.ts';
import { startTestServer, testLogger, type TestServer } from '../test/startTestServer.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.destroy();
});

/**
 * A Word document written the way Word writes one: heading styles, real list numbering (a
 * bulleted list nested in a numbered one), a table, a hyperlink, bold and italic runs.
 */
async function sourceDocx(): Promise<Uint8Array<ArrayBuffer>> {
  // Typed as run options, so `bold` is not taken for the old String.prototype.bold.
  const run = (options: IRunOptions) => new TextRun(options);
  const item = (text: string, reference: string, level: number) =>
    new Paragraph({ text, numbering: { reference, level } });
  const cell = (text: string) =>
    new TableCell({ children: [new Paragraph(text)], width: { size: 3000, type: WidthType.DXA } });
  const document = new Document({
    numbering: {
      config: [
        {
          reference: 'steps',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.' },
            { level: 1, format: LevelFormat.BULLET, text: '•' },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Vägledning om öppna licenser', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({
            children: [
              new TextRun('Myndigheter ska '),
              run({ text: 'publicera', bold: true }),
              new TextRun(' data med '),
              run({ text: 'öppna', italics: true }),
              new TextRun(' licenser, se '),
              new ExternalHyperlink({
                link: 'https://www.digg.se/licenser',
                children: [new TextRun({ text: 'DIGG', style: 'Hyperlink' })],
              }),
              new TextRun('.'),
            ],
          }),
          new Paragraph({ text: 'Så går det till', heading: HeadingLevel.HEADING_2 }),
          item('Inventera', 'steps', 0),
          item('data', 'steps', 1),
          item('program', 'steps', 1),
          item('Välj licens', 'steps', 0),
          new Paragraph({ text: 'Licenser i korthet', heading: HeadingLevel.HEADING_3 }),
          new Table({
            rows: [
              new TableRow({ children: [cell('Licens'), cell('Villkor')] }),
              new TableRow({ children: [cell('CC0'), cell('Inga')] }),
              new TableRow({ children: [cell('CC BY 4.0'), cell('Erkännande')] }),
            ],
          }),
          new Paragraph('Slut.'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(document));
}

/** Imports a DOCX over HTTP, as the web app does; returns the new document's id. */
async function importDocx(bytes: Uint8Array<ArrayBuffer>, fileName: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([bytes]), fileName);
  const response = await fetch(`${server.url}/api/documents/import`, {
    method: 'POST',
    headers: { Cookie: server.ownerCookie, [UPLOAD_CSRF_HEADER]: 'test' },
    body: form,
  });
  return (await expectOk(response, 201, importDocumentResponseSchema)).id;
}

/** The text of a document as the server holds it, without block ids (they are new each time). */
async function structure(documentId: string): Promise<JSONContent> {
  const json = await readLiveDocument(server.engine.hocuspocus, documentId, testLogger(), (doc) =>
    toTiptapJson(yDocToProseMirror(doc)),
  );
  return JSON.parse(JSON.stringify(json), (key, value: unknown) =>
    key === 'id' ? undefined : value,
  ) as JSONContent;
}

function nodesOf(node: JSONContent, type: string): JSONContent[] {
  const own = node.type === type ? [node] : [];
  return [...own, ...(node.content ?? []).flatMap((child) => nodesOf(child, type))];
}
function textOf(node: JSONContent): string {
  return (node.text ?? '') + (node.content ?? []).map(textOf).join('');
}

describe('DOCX round trip: import, export, import again', () => {
  it('keeps headings, nested lists, tables, links and marks', async () => {
    const firstId = await importDocx(await sourceDocx(), 'Vägledning.docx');
    const first = await structure(firstId);

    // The first import holds everything the source has, so the comparison below means something.
    const headingShape = (node: JSONContent): unknown[] => [node.attrs?.['level'], textOf(node)];
    expect(nodesOf(first, 'heading').map(headingShape)).toEqual([
      [1, 'Vägledning om öppna licenser'],
      [2, 'Så går det till'],
      [3, 'Licenser i korthet'],
    ]);
    const [numbered] = nodesOf(first, 'orderedList');
    expect((numbered?.content ?? []).map(textOf)).toEqual(['Inventeradataprogram', 'Välj licens']);
    expect(nodesOf(numbered ?? {}, 'bulletList').map(textOf)).toEqual(['dataprogram']);
    expect(nodesOf(first, 'tableRow').map((row) => (row.content ?? []).map(textOf))).toEqual([
      ['Licens', 'Villkor'],
      ['CC0', 'Inga'],
      ['CC BY 4.0', 'Erkännande'],
    ]);
    const texts = nodesOf(first, 'text');
    expect(texts.find((node) => node.text === 'publicera')?.marks).toEqual([{ type: 'bold' }]);
    expect(texts.find((node) => node.text === 'öppna')?.marks).toEqual([{ type: 'italic' }]);
    expect(texts.find((node) => node.text === 'DIGG')?.marks?.[0]).toMatchObject({
      type: 'link',
      attrs: { href: 'https://www.digg.se/licenser' },
    });

    // Numbers off: the app's section numbers would become part of the headings' text.
    const exportResponse = await fetch(
      `${server.url}/api/documents/${firstId}/export?format=docx&numbers=0`,
      { headers: { Cookie: server.ownerCookie } },
    );
    expect(exportResponse.status, await exportResponse.clone().text()).toBe(200);
    const again = await importDocx(
      new Uint8Array(await exportResponse.arrayBuffer()),
      'Vägledning (export).docx',
    );
    expect(await structure(again)).toEqual(first);
  });
});
