import type { JSONContent } from '@tiptap/core';
import {
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  ExternalHyperlink,
  InsertedTextRun,
  TextRun,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import type { ProposalRun } from '../../../shared/editor/proposalRuns.ts';
import { sanitizeUrl } from '../../../shared/sanitizeUrl.ts';

/**
 * A run from options only. `TextRun` also takes a plain string, so an object literal passed to
 * it straight is checked against `String` too, whose `bold()` and `italics()` lint flags.
 */
export function textRun(options: IRunOptions): TextRun {
  return new TextRun(options);
}

/** One run of a paragraph's text with its marks, or a line break. */
type Piece =
  | { kind: 'text'; text: string; bold: boolean; italic: boolean; href: string | null }
  | { kind: 'break' };

/** A Word comment to anchor in a paragraph: `start`/`end` are offsets in its plain text. */
export interface CommentRange {
  id: number;
  start: number;
  end: number;
}

/**
 * A proposal written as a Word tracked change: the text at `[start, end)` of the paragraph's
 * plain text deleted (`w:del`), and `insert` inserted right after it (`w:ins`). An insertion has
 * `start === end`; a deletion has no `insert`. `deleteId` and `insertId` are unique in the file.
 */
export interface TrackedChange {
  start: number;
  end: number;
  insert: readonly ProposalRun[];
  author: string;
  /** xsd:dateTime. */
  date: string;
  deleteId: number;
  insertId: number;
}

/**
 * Characters XML 1.0 forbids that docx does not drop itself (it drops control characters):
 * Word refuses a file that holds one.
 */
const NOT_IN_XML = /[\uFFFE\uFFFF]/g;

/** Text made safe to stand in a Word XML part. */
export const xmlText = (text: string): string => text.replace(NOT_IN_XML, '');

/** What a hard break reads as in anchors (`flattenText`), so quotes across one are found. */
const BREAK_TEXT = '\n';

function markHref(node: JSONContent): string | null {
  const link = node.marks?.find((mark) => mark.type === 'link');
  const href: unknown = link?.attrs?.['href'];
  return typeof href === 'string' ? sanitizeUrl(href) : null;
}

/** The inline content of a textblock as pieces; anything the schema lacks keeps its text. */
export function inlinePieces(content: readonly JSONContent[] | undefined): Piece[] {
  const pieces: Piece[] = [];
  for (const node of content ?? []) {
    if (node.type === 'hardBreak') {
      pieces.push({ kind: 'break' });
    } else if (typeof node.text === 'string' && node.text !== '') {
      const marks = new Set((node.marks ?? []).map((mark) => mark.type));
      pieces.push({
        kind: 'text',
        text: xmlText(node.text),
        bold: marks.has('bold'),
        italic: marks.has('italic'),
        href: markHref(node),
      });
    } else if (node.content) {
      pieces.push(...inlinePieces(node.content));
    }
  }
  return pieces;
}

/** The plain text of pieces, as anchors read it. */
export function piecesText(pieces: readonly Piece[]): string {
  return pieces.map((piece) => (piece.kind === 'break' ? BREAK_TEXT : piece.text)).join('');
}

/** Only marks that are on: `bold: false` would add `<w:b w:val="false"/>` to every run. */
function runMarks(look: { bold: boolean; italic: boolean; href: string | null }): IRunOptions {
  return {
    ...(look.bold ? { bold: true } : {}),
    ...(look.italic ? { italics: true } : {}),
    ...(look.href === null ? {} : { style: 'Hyperlink' }),
  };
}

/** A run inside a link, when it is one; an unsafe address keeps the words and loses the link. */
function linked(href: string | null, child: ParagraphChild): ParagraphChild {
  const safe = href === null ? null : sanitizeUrl(href);
  return safe === null ? child : new ExternalHyperlink({ link: safe, children: [child] });
}

/** The proposed runs of a tracked change, each `w:ins`, linked where the proposal links. */
function insertedRuns(change: TrackedChange): ParagraphChild[] {
  return change.insert
    .filter((one) => one.text !== '')
    .map((one) =>
      linked(
        one.href,
        new InsertedTextRun({
          id: change.insertId,
          author: change.author,
          date: change.date,
          text: xmlText(one.text),
          ...runMarks(one),
        }),
      ),
    );
}

function run(
  piece: Extract<Piece, { kind: 'text' }>,
  text: string,
  deletedBy?: TrackedChange,
): ParagraphChild {
  const marks = runMarks({ ...piece, href: null });
  if (deletedBy) {
    return linked(
      piece.href,
      new DeletedTextRun({
        id: deletedBy.deleteId,
        author: deletedBy.author,
        date: deletedBy.date,
        text,
        ...runMarks(piece),
      }),
    );
  }
  if (piece.href === null) return textRun({ text, ...marks });
  // A link cut by a comment's edge becomes two links to the same address, which Word shows
  // as one; the comment markers must stand between runs, not inside a hyperlink.
  return new ExternalHyperlink({
    link: piece.href,
    children: [textRun({ text, ...marks, style: 'Hyperlink' })],
  });
}

interface Marker {
  at: number;
  /** Ends before starts at one offset, so touching comments do not overlap; empty ones last. */
  order: number;
  make: () => ParagraphChild[];
}

function markers(
  ranges: readonly CommentRange[],
  changes: readonly TrackedChange[],
  length: number,
): Marker[] {
  const list: Marker[] = [];
  for (const change of changes) {
    // The deletion's start only cuts the run; its end writes the insertion after the old words,
    // before a comment on the same passage closes, so the comment covers the whole change.
    list.push({ at: change.start, order: 1, make: () => [] });
    list.push({ at: change.end, order: -1, make: () => insertedRuns(change) });
  }
  for (const range of ranges) {
    const start = Math.max(0, Math.min(range.start, length));
    const end = Math.max(start, Math.min(range.end, length));
    list.push({ at: start, order: 1, make: () => [new CommentRangeStart(range.id)] });
    list.push({
      at: end,
      order: end === start ? 2 : 0,
      make: () => [
        new CommentRangeEnd(range.id),
        new TextRun({ children: [new CommentReference(range.id)] }),
      ],
    });
  }
  return list.sort((a, b) => a.at - b.at || a.order - b.order);
}

/**
 * The runs of a paragraph: its text with bold, italic and links (through `sanitizeUrl`; an
 * unsafe link keeps its words and loses only the link), with Word comment ranges
 * (`commentRangeStart` … `commentRangeEnd` and the `commentReference` run) placed at the given
 * offsets of its plain text, splitting runs where a comment starts or ends; and proposals as
 * tracked changes (`w:del` around the old words, `w:ins` with the new ones after them). The
 * changes must not overlap one another.
 */
export function inlineChildren(
  pieces: readonly Piece[],
  ranges: readonly CommentRange[] = [],
  changes: readonly TrackedChange[] = [],
): ParagraphChild[] {
  const events = markers(ranges, changes, piecesText(pieces).length);
  const deletedAt = (at: number) => changes.find((change) => change.start <= at && at < change.end);
  const out: ParagraphChild[] = [];
  let next = 0;
  const flush = (upTo: number) => {
    while (next < events.length && (events[next]?.at ?? Infinity) <= upTo) {
      out.push(...(events[next]?.make() ?? []));
      next += 1;
    }
  };
  let offset = 0;
  for (const piece of pieces) {
    if (piece.kind === 'break') {
      flush(offset);
      out.push(new TextRun({ break: 1 }));
      offset += BREAK_TEXT.length;
      continue;
    }
    let position = 0;
    while (position < piece.text.length) {
      flush(offset + position);
      const cutAt = events[next]?.at;
      const cut =
        cutAt !== undefined && cutAt < offset + piece.text.length
          ? cutAt - offset
          : piece.text.length;
      out.push(run(piece, piece.text.slice(position, cut), deletedAt(offset + position)));
      position = cut;
    }
    offset += piece.text.length;
  }
  flush(Infinity);
  return out;
}
