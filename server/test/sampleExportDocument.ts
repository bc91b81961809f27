import type { JSONContent } from '@tiptap/core';
import type { ReportPerson } from '../comments/report/CommentReport.ts';
import { paragraphLabels } from '../comments/report/paragraphLabels.ts';
import { parseContent } from '../editor/schema.ts';
import type { ExportDocument, ExportThread } from '../export/ExportDocument.ts';

const text = (value: string, marks: string[] = []): JSONContent => ({
  type: 'text',
  text: value,
  ...(marks.length > 0 ? { marks: marks.map((type) => ({ type })) } : {}),
});
const paragraph = (id: string, ...content: JSONContent[]): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content,
});
const heading = (id: string, level: number, value: string): JSONContent => ({
  type: 'heading',
  attrs: { id, level },
  content: [text(value)],
});
const item = (id: string, ...content: JSONContent[]): JSONContent => ({
  type: 'listItem',
  attrs: { id },
  content,
});
const cell = (type: 'tableCell' | 'tableHeader', id: string, value: string): JSONContent => ({
  type,
  attrs: { id, colspan: 1, rowspan: 1 },
  content: [paragraph(`${id}-p`, text(value))],
});

/**
 * A Swedish draft that uses every node and mark of the shared schema: a title, numbered
 * sections, bold, italic, bold italic, a link, a hard break, nested bullet and numbered lists,
 * a quote and a table with a header row. Swedish letters appear in headings and text.
 */
export const SAMPLE_CONTENT: JSONContent = {
  type: 'doc',
  content: [
    heading('h-title', 1, 'Vägledning för öppna licenser'),
    heading('h-bakgrund', 2, 'Bakgrund och syfte'),
    paragraph(
      'p-intro',
      text('Myndigheter '),
      text('ska publicera', ['bold']),
      text(' sin rapport med '),
      text('öppna licenser', ['italic']),
      text(' och '),
      text('fetkursiv text', ['bold', 'italic']),
      text('. Läs mer på '),
      {
        type: 'text',
        text: 'Digg',
        marks: [{ type: 'link', attrs: { href: 'https://www.digg.se/?a=1&b=2' } }],
      },
      text('.'),
      { type: 'hardBreak' },
      text('Ny rad: Å Ä Ö å ä ö.'),
    ),
    {
      type: 'bulletList',
      content: [
        item('li-1', paragraph('li-1-p', text('Första punkten'))),
        item('li-2', paragraph('li-2-p', text('Andra punkten med underpunkter')), {
          type: 'orderedList',
          attrs: { start: 1 },
          content: [
            item('li-2-1', paragraph('li-2-1-p', text('Underpunkt ett'))),
            item('li-2-2', paragraph('li-2-2-p', text('Underpunkt två'))),
          ],
        }),
      ],
    },
    heading('h-krav', 3, 'Krav på återanvändning'),
    {
      type: 'blockquote',
      content: [paragraph('q-1', text('Ett citat ur förordningen.'))],
    },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            cell('tableHeader', 'th-1', 'Licens'),
            cell('tableHeader', 'th-2', 'Användning'),
          ],
        },
        {
          type: 'tableRow',
          content: [
            cell('tableCell', 'td-1', 'CC BY 4.0'),
            cell('tableCell', 'td-2', 'Text och bild'),
          ],
        },
      ],
    },
    paragraph('p-last', text('Sista stycket   med  extra mellanslag.')),
  ],
};

const anna: ReportPerson = { name: 'Anna Åström', organisation: 'Länsstyrelsen i Östergötland' };
const bo: ReportPerson = { name: 'Bo Ek', organisation: 'Myndigheten för digital förvaltning' };

function thread(
  number: number,
  overrides: Partial<ExportThread> & Pick<ExportThread, 'blockId' | 'quote'>,
): ExportThread {
  return {
    id: `thread-${number}`,
    number,
    paragraph: null,
    textRemoved: false,
    author: anna,
    stance: null,
    status: 'open',
    resolved: null,
    disposition: null,
    wholeBlock: false,
    comments: [
      {
        id: `thread-${number}-c1`,
        isReply: false,
        author: anna,
        createdAt: '2025-03-14T08:05:00.000Z',
        editedAt: null,
        body: { kind: 'text', text: `Kommentar nummer ${number}: förtydliga <detta> & "det".` },
      },
    ],
    ...overrides,
  };
}

/**
 * Four threads on the sample: a passage that crosses a bold run, a whole list item with a
 * reply, a stance and a disposition, a table cell, and one whose text has been removed.
 */
export function sampleThreads(labels: Record<string, string>): ExportThread[] {
  return [
    thread(1, {
      blockId: 'p-intro',
      quote: 'ska publicera sin rapport',
      paragraph: labels['p-intro'] ?? null,
    }),
    thread(2, {
      blockId: 'li-2',
      quote: 'Andra punkten med underpunkter',
      wholeBlock: true,
      paragraph: labels['li-2'] ?? null,
      stance: 'object',
      status: 'resolved',
      resolved: { at: '2025-03-15T09:00:00.000Z', by: bo },
      disposition: {
        value: 'partly-accepted',
        reason: 'Delvis rimligt.',
        at: '2025-03-15T09:00:00.000Z',
        by: bo,
      },
      comments: [
        {
          id: 'thread-2-c1',
          isReply: false,
          author: anna,
          createdAt: '2025-03-14T08:05:00.000Z',
          editedAt: null,
          body: { kind: 'text', text: 'Punkten är otydlig.' },
        },
        {
          id: 'thread-2-c2',
          isReply: true,
          author: bo,
          createdAt: '2025-03-14T10:00:00.000Z',
          editedAt: null,
          body: { kind: 'text', text: 'Håller med, vi skriver om.' },
        },
      ],
    }),
    thread(3, { blockId: 'td-1', quote: 'BY 4.0', paragraph: labels['td-1'] ?? null }),
    thread(4, { blockId: null, quote: 'Borttagen mening om arkivering.', textRemoved: true }),
  ];
}

/** The sample as an export of its current text, with its threads; override what a test varies. */
export function sampleExportDocument(overrides: Partial<ExportDocument> = {}): ExportDocument {
  const labels = Object.fromEntries(paragraphLabels(parseContent(SAMPLE_CONTENT)));
  return {
    title: 'Vägledning öppna licenser – utkast 2',
    version: null,
    exportedAt: '2025-03-20T12:00:00.000Z',
    timeZone: 'Europe/Stockholm',
    language: 'sv',
    content: SAMPLE_CONTENT,
    labels,
    threads: sampleThreads(labels),
    ...overrides,
  };
}
