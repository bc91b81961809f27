import type { JSONContent } from '@tiptap/core';
import { translate } from '../../../shared/i18n/translate.ts';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';
import {
  escapeMarkdownBlock,
  escapeMarkdownInline,
  escapeMarkdownLine,
} from '../../comments/report/escapeMarkdown.ts';
import type { ExportDocument, ExportOptions } from '../ExportDocument.ts';
import { threadEntry } from '../threadEntry.ts';
import { titlePageLines } from '../titlePageLines.ts';
import { topLevelLabels } from '../topLevelLabels.ts';

/*
 * Every piece of text from the document or a comment goes through escapeMarkdownInline,
 * escapeMarkdownLine or escapeMarkdownBlock; only the export's own markup is written raw. A
 * paragraph that reads "# not a heading" or "[x](javascript:…)" therefore stays text, and every
 * link that is written has passed sanitizeUrl.
 */

/**
 * A link destination that cannot end early or break the line: whitespace, parentheses, angle
 * brackets and backslashes are percent-encoded, as a browser would send them anyway.
 */
function linkDestination(url: string): string {
  return url.replace(/[\s()<>\\]/g, (char) =>
    char === '(' ? '%28' : char === ')' ? '%29' : encodeURIComponent(char),
  );
}

interface Styled {
  text: string;
  bold: boolean;
  italic: boolean;
  href: string | null;
}

/** Wraps escaped text in a marker, keeping its edge spaces outside (CommonMark needs that). */
function wrap(inner: string, marker: string): string {
  const match = /^(\s*)(.*?)(\s*)$/s.exec(inner);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  return core === '' ? inner : `${lead}${marker}${core}${marker}${trail}`;
}

function styledPieces(content: readonly JSONContent[] | undefined, lineBreak: string): string {
  const pieces: (Styled | 'break')[] = [];
  for (const node of content ?? []) {
    if (node.type === 'hardBreak') {
      pieces.push('break');
      continue;
    }
    if (typeof node.text !== 'string') continue;
    const marks = new Set((node.marks ?? []).map((mark) => mark.type));
    const link = node.marks?.find((mark) => mark.type === 'link');
    const href: unknown = link?.attrs?.['href'];
    const piece: Styled = {
      text: node.text,
      bold: marks.has('bold'),
      italic: marks.has('italic'),
      href: typeof href === 'string' ? sanitizeUrl(href) : null,
    };
    // Neighbours with the same marks become one, so "**a****b**" never appears.
    const last = pieces.at(-1);
    if (
      last !== undefined &&
      last !== 'break' &&
      last.bold === piece.bold &&
      last.italic === piece.italic &&
      last.href === piece.href
    ) {
      last.text += piece.text;
    } else {
      pieces.push(piece);
    }
  }
  return pieces
    .map((piece) => {
      if (piece === 'break') return lineBreak;
      let out = escapeMarkdownInline(piece.text);
      if (piece.italic) out = wrap(out, '_');
      if (piece.bold) out = wrap(out, '**');
      if (piece.href !== null) out = `[${out}](${linkDestination(piece.href)})`;
      return out;
    })
    .join('');
}

/**
 * A textblock's inline content as one Markdown line (or several joined by hard breaks). What
 * could start a list, heading or code block at the start of the line is escaped.
 */
function inline(node: JSONContent, lineBreak = '\\\n'): string {
  const text = styledPieces(node.content, lineBreak).replace(/^\s+/, '');
  return text.replace(/^[-+=]/, '\\$&').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Plain, one-line text of a table cell. */
function cellText(cell: JSONContent): string {
  const parts = (cell.content ?? []).flatMap((block): string[] => {
    if (block.type === 'paragraph' || block.type === 'heading') return [inline(block, ' ')];
    return block.content ? [cellText(block)] : [];
  });
  return parts.filter((part) => part !== '').join(' ');
}

function table(node: JSONContent): string[] {
  const rows = (node.content ?? []).map((row) =>
    (row.content ?? []).flatMap((cell) => {
      const span: unknown = cell.attrs?.['colspan'];
      const extra = typeof span === 'number' && span > 1 ? span - 1 : 0;
      return [cellText(cell), ...Array.from({ length: extra }, () => '')];
    }),
  );
  const width = Math.max(1, ...rows.map((row) => row.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: width }, (_, index) => cells[index] ?? '').join(' | ')} |`;
  // GFM needs a header row; a table without one gets its first row as the header.
  const [head = [], ...body] = rows;
  return [line(head), `|${' --- |'.repeat(width)}`, ...body.map(line)];
}

/** Indents continuation lines of a list item under its text. */
function indent(lines: string[], by: number): string[] {
  const pad = ' '.repeat(by);
  return lines.map((line) => (line === '' ? '' : `${pad}${line}`));
}

function list(node: JSONContent): string[] {
  const ordered = node.type === 'orderedList';
  const startAttr: unknown = node.attrs?.['start'];
  let number = typeof startAttr === 'number' && startAttr >= 0 ? startAttr : 1;
  const out: string[] = [];
  for (const item of node.content ?? []) {
    const marker = ordered ? `${number}. ` : '- ';
    number += 1;
    // A nested list follows its item's text directly, so the list stays tight.
    const inner = (item.content ?? []).flatMap((child, index) =>
      index === 0 || child.type === 'bulletList' || child.type === 'orderedList'
        ? block(child)
        : ['', ...block(child)],
    );
    const [first = '', ...rest] = inner;
    out.push(`${marker}${first}`, ...indent(rest, marker.length));
  }
  return out;
}

/** One block as Markdown lines. `label` is its number ("3.2 ¶4"), when numbers are shown. */
function block(node: JSONContent, label: string | null = null): string[] {
  switch (node.type) {
    case 'heading': {
      const level: unknown = node.attrs?.['level'];
      const hashes = '#'.repeat(typeof level === 'number' && level >= 1 && level <= 6 ? level : 2);
      const text = inline(node, ' ');
      return [`${hashes} ${label === null ? '' : `${label} `}${text}`.trimEnd()];
    }
    case 'paragraph': {
      const text = inline(node);
      // Numbers are made of digits, dots and "¶" by numberBlocks: nothing to escape.
      return [label === null ? text : `**${label}** ${text}`];
    }
    case 'blockquote':
      return blocks(node.content ?? []).map((line) => (line === '' ? '>' : `> ${line}`));
    case 'bulletList':
    case 'orderedList':
      return list(node);
    case 'table':
      return table(node);
    default:
      return node.content ? blocks(node.content) : [];
  }
}

/** Blocks separated by blank lines. */
function blocks(nodes: readonly JSONContent[]): string[] {
  return nodes.flatMap((node, index) => (index === 0 ? block(node) : ['', ...block(node)]));
}

function withLabel(node: JSONContent, label: string | null): string[] {
  if (label === null || node.type === 'heading' || node.type === 'paragraph') {
    return block(node, label);
  }
  // A whole list, quote or table is one numbered paragraph: its number stands above it.
  return [`**${label}**`, '', ...block(node)];
}

function appendix(doc: ExportDocument): string[] {
  const writing = { locale: doc.language, timeZone: doc.timeZone };
  const lines = [
    `## ${escapeMarkdownLine(translate(doc.language, 'exportDoc.comments'))}`,
    '',
    `${escapeMarkdownLine(translate(doc.language, 'report.timeZone'))}: ${escapeMarkdownLine(doc.timeZone)}`,
    '',
  ];
  if (doc.threads.length === 0) lines.push(translate(doc.language, 'report.empty'), '');
  for (const thread of doc.threads) {
    const entry = threadEntry(thread, writing);
    lines.push(`### ${escapeMarkdownLine(entry.heading)}`, '');
    const quote = escapeMarkdownBlock(entry.quote);
    if (quote.length > 0) {
      lines.push(...quote.map((line) => (line === '' ? '>' : `> ${line}`)), '');
    }
    for (const fact of entry.facts) {
      // Markdown can strike old text; it has no underline, so new text stands plain.
      const value = escapeMarkdownLine(fact.value);
      lines.push(
        `- ${escapeMarkdownLine(fact.label)}: ${fact.look === 'deleted' ? `~~${value}~~` : value}`,
      );
    }
    lines.push('');
    if (entry.reason) {
      lines.push(`**${escapeMarkdownLine(entry.reason.label)}:**`, '');
      lines.push(...escapeMarkdownBlock(entry.reason.value), '');
    }
    for (const comment of entry.comments) {
      lines.push(`#### ${escapeMarkdownLine(comment.heading)}`, '');
      if (comment.note !== null) lines.push(`_${escapeMarkdownLine(comment.note)}_`, '');
      if (comment.text !== null) lines.push(...escapeMarkdownBlock(comment.text), '');
    }
  }
  return lines;
}

/**
 * Writes an export as Markdown (CommonMark with GFM tables): headings, paragraphs with bold,
 * italic and links, nested lists, quotes and tables; optionally a title block, the app's section
 * and paragraph numbers, and the comments as an appendix ordered by paragraph. Markdown has no
 * margin comments, so `annotations` writes the appendix too.
 */
export function renderMarkdown(doc: ExportDocument, options: ExportOptions): string {
  const lines: string[] = [];
  if (options.titlePage) {
    lines.push(`# ${escapeMarkdownLine(doc.title)}`, '');
    for (const line of titlePageLines(doc)) lines.push(escapeMarkdownLine(line), '');
    lines.push('---', '');
  }
  const labels = options.numbers ? topLevelLabels(doc.content) : null;
  (doc.content.content ?? []).forEach((node, index) => {
    lines.push(...withLabel(node, labels?.[index] ?? null), '');
  });
  if (options.comments !== 'none') lines.push('---', '', ...appendix(doc));
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
