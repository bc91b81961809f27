import type { JSONContent } from '@tiptap/core';
import { blockIdOf } from '../blockIdOf.ts';
import { escapeXml } from './escapeXml.ts';
import type { OdfAnnotation } from './odfAnnotation.ts';
import { inlineText, odfInline, type InlineMarker } from './odfInline.ts';
import { STYLE, headingStyle } from './odfStyleNames.ts';

/** What the body writer needs besides the text. */
export interface OdfBodyOptions {
  /**
   * The number of each top-level block by its index (`topLevelLabels`), or null to write no
   * numbers.
   */
  labels: readonly (string | null)[] | null;
  /** Annotations by the id of the block they anchor to, in the order they should appear. */
  annotations: ReadonlyMap<string, readonly OdfAnnotation[]>;
}

/** The body as ODF, and which block ids received their annotations. */
export interface OdfBody {
  xml: string;
  /** Ids of the blocks whose annotations were placed; the others have no block in the text. */
  anchoredBlocks: Set<string>;
}

/**
 * State of one walk. `pending` carries what the next paragraph written must take: the number of
 * a list, quote or table row's block, and the annotations of a list item or table cell, whose
 * text sits in the paragraph inside them.
 */
interface Walk {
  options: OdfBodyOptions;
  anchoredBlocks: Set<string>;
  pending: { label: string | null; annotations: OdfAnnotation[] };
  tables: number;
}

/** Places each annotation on its passage, or on the whole paragraph when the passage is not in it. */
function annotationMarkers(text: string, annotations: readonly OdfAnnotation[]): InlineMarker[] {
  const markers: InlineMarker[] = [];
  for (const annotation of annotations) {
    const found = annotation.quote === null ? -1 : text.indexOf(annotation.quote);
    const start = found >= 0 ? found : 0;
    const end = found >= 0 ? found + (annotation.quote?.length ?? 0) : text.length;
    markers.push({ offset: start, xml: annotation.start });
    // An empty paragraph gets a point annotation: an end at the same place would enclose nothing.
    if (end > start) markers.push({ offset: end, xml: annotation.end });
  }
  return markers;
}

function takeAnnotations(node: JSONContent, walk: Walk): OdfAnnotation[] {
  const id = blockIdOf(node);
  const own = id === null ? undefined : walk.options.annotations.get(id);
  if (id !== null && own !== undefined) walk.anchoredBlocks.add(id);
  return own === undefined ? [] : [...own];
}

function textBlock(node: JSONContent, walk: Walk, paragraphStyle: string): string {
  const children = node.content ?? [];
  const annotations = [...walk.pending.annotations, ...takeAnnotations(node, walk)];
  const label = walk.pending.label;
  walk.pending = { label: null, annotations: [] };
  const prefix =
    label === null
      ? ''
      : `<text:span text:style-name="${STYLE.number}">${escapeXml(label)}</text:span> `;
  const inline = prefix + odfInline(children, annotationMarkers(inlineText(children), annotations));
  if (node.type === 'heading') {
    const raw = Number(node.attrs?.['level'] ?? 1);
    const level = Number.isInteger(raw) ? Math.min(4, Math.max(1, raw)) : 1;
    return `<text:h text:style-name="${headingStyle(level)}" text:outline-level="${level}">${inline}</text:h>`;
  }
  return `<text:p text:style-name="${paragraphStyle}">${inline}</text:p>`;
}

function list(node: JSONContent, walk: Walk, paragraphStyle: string): string {
  const numbered = node.type === 'orderedList';
  const style = numbered ? STYLE.numberList : STYLE.bulletList;
  const startRaw = Number(node.attrs?.['start'] ?? 1);
  const start = Number.isInteger(startRaw) && startRaw !== 1 ? startRaw : null;
  const items = (node.content ?? []).map((item, index) => {
    walk.pending.annotations.push(...takeAnnotations(item, walk));
    const startValue = index === 0 && start !== null ? ` text:start-value="${start}"` : '';
    const inner = (item.content ?? []).map((child) => block(child, walk, paragraphStyle)).join('');
    // A list item must hold a paragraph; an empty one still gets one, so numbering stays right.
    return `<text:list-item${startValue}>${inner === '' ? `<text:p text:style-name="${paragraphStyle}"/>` : inner}</text:list-item>`;
  });
  return `<text:list text:style-name="${style}">${items.join('')}</text:list>`;
}

function table(node: JSONContent, walk: Walk): string {
  walk.tables += 1;
  const rows = node.content ?? [];
  // Rows can differ in length when cells span columns: the table is as wide as its widest row.
  const span = (cell: JSONContent, name: string): number => {
    const value = Number(cell.attrs?.[name] ?? 1);
    return Number.isInteger(value) && value > 1 ? value : 1;
  };
  // Columns still covered by a cell spanning rows from above, with how many rows remain.
  const coveredBelow: number[] = [];
  const rowXml: { xml: string; width: number }[] = [];
  let columns = 0;
  for (const row of rows) {
    const cells = [...(row.content ?? [])];
    let xml = '';
    let column = 0;
    while (cells.length > 0 || (coveredBelow[column] ?? 0) > 0) {
      if ((coveredBelow[column] ?? 0) > 0) {
        coveredBelow[column] = (coveredBelow[column] ?? 0) - 1;
        xml += '<table:covered-table-cell/>';
        column += 1;
        continue;
      }
      const cell = cells.shift();
      if (cell === undefined) break;
      const colspan = span(cell, 'colspan');
      const rowspan = span(cell, 'rowspan');
      const spans =
        (colspan > 1 ? ` table:number-columns-spanned="${colspan}"` : '') +
        (rowspan > 1 ? ` table:number-rows-spanned="${rowspan}"` : '');
      walk.pending.annotations.push(...takeAnnotations(cell, walk));
      const style = cell.type === 'tableHeader' ? STYLE.tableHeading : STYLE.tableContents;
      const inner = (cell.content ?? []).map((child) => block(child, walk, style)).join('');
      xml += `<table:table-cell table:style-name="${STYLE.cell}" office:value-type="string"${spans}>${inner}</table:table-cell>`;
      for (let offset = 0; offset < colspan; offset += 1) {
        if (rowspan > 1) coveredBelow[column + offset] = rowspan - 1;
        if (offset > 0) xml += '<table:covered-table-cell/>';
      }
      column += colspan;
    }
    columns = Math.max(columns, column);
    rowXml.push({ xml, width: column });
  }
  // ODF wants every row as wide as the table; short rows are padded with empty cells.
  const padded = rowXml.map(({ xml, width }) => {
    const missing = Math.max(0, columns - width);
    const filler = `<table:table-cell table:style-name="${STYLE.cell}" office:value-type="string"><text:p text:style-name="${STYLE.tableContents}"/></table:table-cell>`;
    return `<table:table-row>${xml}${filler.repeat(missing)}</table:table-row>`;
  });
  return (
    `<table:table table:name="Table${walk.tables}" table:style-name="${STYLE.table}">` +
    `<table:table-column table:number-columns-repeated="${Math.max(1, columns)}"/>` +
    padded.join('') +
    '</table:table>'
  );
}

function block(node: JSONContent, walk: Walk, paragraphStyle: string): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return textBlock(node, walk, paragraphStyle);
    case 'bulletList':
    case 'orderedList':
      return list(node, walk, paragraphStyle);
    case 'blockquote':
      return (node.content ?? []).map((child) => block(child, walk, STYLE.quote)).join('');
    case 'table': {
      // A number cannot stand inside a table row, so the table's number gets its own line.
      const label = walk.pending.label;
      walk.pending.label = null;
      const before =
        label === null
          ? ''
          : `<text:p text:style-name="${paragraphStyle}"><text:span text:style-name="${STYLE.number}">${escapeXml(label)}</text:span></text:p>`;
      return before + table(node, walk);
    }
    default:
      // The shared schema has no other block; anything else is written as its children.
      return (node.content ?? []).map((child) => block(child, walk, paragraphStyle)).join('');
  }
}

/**
 * Writes the document's blocks as the inside of `office:text`: headings as `text:h` with their
 * outline level, paragraphs, nested bullet and numbered lists, quotes (as the Quotations
 * style), tables with spanned cells, and inline bold, italic and links. With `labels`, each
 * top-level block starts with its number as the app shows it. Each annotation is placed in its
 * block's paragraph (for a list item or table cell, the first paragraph inside it), around the
 * thread's passage when the passage is found there, else around the whole paragraph.
 */
export function odfBody(content: JSONContent, options: OdfBodyOptions): OdfBody {
  const walk: Walk = {
    options,
    anchoredBlocks: new Set(),
    pending: { label: null, annotations: [] },
    tables: 0,
  };
  const xml = (content.content ?? [])
    .map((node, index) => {
      walk.pending = {
        label: options.labels?.[index] ?? null,
        annotations: [],
      };
      return block(node, walk, STYLE.body);
    })
    .join('');
  return { xml, anchoredBlocks: walk.anchoredBlocks };
}
