import type { JSONContent } from '@tiptap/core';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import { pdfInline } from './pdfInline.ts';
import { MUTED_COLOUR } from './pdfStyles.ts';

/** State of one walk: the number the next paragraph written must take, if any. */
interface Walk {
  label: string | null;
}

const numberRun = (label: string): Content => ({ text: `${label} `, color: MUTED_COLOUR });

function textBlock(node: JSONContent, walk: Walk, style: string): Content {
  const runs = pdfInline(node.content ?? []);
  const label = walk.label;
  walk.label = null;
  const text = label === null ? runs : [numberRun(label), ...runs];
  if (node.type === 'heading') {
    const raw = Number(node.attrs?.['level'] ?? 1);
    const level = Number.isInteger(raw) ? Math.min(4, Math.max(1, raw)) : 1;
    // headlineLevel marks the heading for readers of the layout (and pdfmake's own hooks).
    return { text, style: `h${level}`, headlineLevel: level };
  }
  // An empty paragraph still takes a line, as it does on screen.
  return { text: text.length === 0 ? ' ' : text, style };
}

function list(node: JSONContent, walk: Walk, style: string): Content {
  const items = (node.content ?? []).map((item): Content => {
    const children = (item.content ?? []).map((child) => block(child, walk, style));
    return children.length === 1 && children[0] !== undefined ? children[0] : { stack: children };
  });
  if (node.type === 'orderedList') {
    const start = Number(node.attrs?.['start'] ?? 1);
    return {
      ol: items,
      ...(Number.isInteger(start) && start !== 1 ? { start } : {}),
      margin: [0, 0, 0, 6],
    };
  }
  return { ul: items, margin: [0, 0, 0, 6] };
}

function table(node: JSONContent, walk: Walk): Content {
  const span = (cell: JSONContent, name: string): number => {
    const value = Number(cell.attrs?.[name] ?? 1);
    return Number.isInteger(value) && value > 1 ? value : 1;
  };
  // pdfmake wants a full grid: a spanned position holds an empty cell object.
  const coveredBelow: number[] = [];
  const body: TableCell[][] = [];
  let columns = 0;
  let headerRows = 0;
  let stillHeader = true;
  for (const row of node.content ?? []) {
    const cells = [...(row.content ?? [])];
    const out: TableCell[] = [];
    let column = 0;
    const isHeader = cells.length > 0 && cells.every((cell) => cell.type === 'tableHeader');
    while (cells.length > 0 || (coveredBelow[column] ?? 0) > 0) {
      if ((coveredBelow[column] ?? 0) > 0) {
        coveredBelow[column] = (coveredBelow[column] ?? 0) - 1;
        out.push({});
        column += 1;
        continue;
      }
      const cell = cells.shift();
      if (cell === undefined) break;
      const colSpan = span(cell, 'colspan');
      const rowSpan = span(cell, 'rowspan');
      const style = cell.type === 'tableHeader' ? 'tableHeader' : 'cell';
      out.push({
        stack: (cell.content ?? []).map((child) => block(child, walk, style)),
        ...(colSpan > 1 ? { colSpan } : {}),
        ...(rowSpan > 1 ? { rowSpan } : {}),
      });
      for (let offset = 0; offset < colSpan; offset += 1) {
        if (rowSpan > 1) coveredBelow[column + offset] = rowSpan - 1;
        if (offset > 0) out.push({});
      }
      column += colSpan;
    }
    columns = Math.max(columns, column);
    body.push(out);
    if (stillHeader && isHeader) headerRows += 1;
    else stillHeader = false;
  }
  const width = Math.max(1, columns);
  for (const row of body) while (row.length < width) row.push({ text: '' });
  return {
    table: { headerRows, widths: Array.from({ length: width }, () => '*'), body },
    layout: { paddingTop: () => 3, paddingBottom: () => 3 },
    margin: [0, 0, 0, 8],
  };
}

function block(node: JSONContent, walk: Walk, style: string): Content {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return textBlock(node, walk, style);
    case 'bulletList':
    case 'orderedList':
      return list(node, walk, style);
    case 'blockquote':
      return { stack: (node.content ?? []).map((child) => block(child, walk, 'quote')) };
    case 'table': {
      // A number cannot stand inside a table row, so the table's number gets its own line.
      const label = walk.label;
      walk.label = null;
      const before: Content[] = label === null ? [] : [{ text: [numberRun(label)], style }];
      return { stack: [...before, table(node, walk)] };
    }
    default:
      return { stack: (node.content ?? []).map((child) => block(child, walk, style)) };
  }
}

/**
 * Longest paragraph, in characters, kept on one page with the headings above it. About twenty
 * lines of A4 text: a group that short always fits a page, so `unbreakable` only ever moves it
 * whole to the next page and never has to cut it. A longer paragraph is not grouped, and its
 * heading may then end a page.
 * @default 1_500
 */
export const KEEP_WITH_HEADING_MAX_CHARS = 1_500;

const textLength = (node: JSONContent): number =>
  (node.content ?? []).reduce((sum, child) => sum + (child.text?.length ?? 1), 0);

/**
 * The document's blocks as pdfmake content: headings (styles `h1`–`h4`), paragraphs, nested
 * bullet and numbered lists, quotes, tables with header rows and spanned cells, and inline
 * bold, italic and links. With `labels` (`topLevelLabels`), each top-level block starts with its
 * number as the app shows it.
 *
 * A run of headings and the short paragraph after them are one unbreakable group, so a heading
 * never ends a page away from its text. pdfmake's `pageBreakBefore` could do the same for any
 * block, but it lays the whole document out again for every break it adds, which on a long
 * draft costs more than the export worker's time allows.
 */
export function pdfBlocks(
  content: JSONContent,
  labels: readonly (string | null)[] | null,
): Content[] {
  const walk: Walk = { label: null };
  const nodes = content.content ?? [];
  const out: Content[] = [];
  let group: Content[] = [];
  nodes.forEach((node, index) => {
    walk.label = labels?.[index] ?? null;
    const written = block(node, walk, 'body');
    if (node.type === 'heading') {
      group.push(written);
      return;
    }
    if (
      group.length > 0 &&
      node.type === 'paragraph' &&
      textLength(node) <= KEEP_WITH_HEADING_MAX_CHARS
    ) {
      out.push({ stack: [...group, written], unbreakable: true });
    } else {
      out.push(...group, written);
    }
    group = [];
  });
  out.push(...group);
  return out;
}
