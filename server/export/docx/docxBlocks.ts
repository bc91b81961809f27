import type { JSONContent } from '@tiptap/core';
import {
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import {
  BULLET_LIST,
  MAX_LIST_LEVEL,
  ORDERED_LIST,
  orderedListFrom,
  QUOTE_STYLE,
} from './docxStyles.ts';
import {
  inlineChildren,
  inlinePieces,
  piecesText,
  type CommentRange,
  type TrackedChange,
} from './docxInline.ts';

/** A Word comment waiting to be anchored in the text. */
export interface PendingComment {
  /** The comment's id in word/comments.xml. */
  id: number;
  /** The passage to anchor, searched in the block's text; empty for a whole block. */
  quote: string;
}

/** A proposal waiting to be written as a tracked change in its block. */
export interface PendingChange extends Omit<TrackedChange, 'start' | 'end'> {
  /** The thread's id, to tell which proposals found their passage. */
  threadId: string;
  /** The anchored passage, searched in the block's text. */
  quote: string;
  /** `replace` deletes the passage; `before`/`after` insert next to it and delete nothing. */
  placement: 'replace' | 'before' | 'after';
}

type Block = Paragraph | Table;

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
] as const;

/** Width of the text column of an A4 page with Word's default margins, in twips. */
const TEXT_WIDTH = 9_000;

/** Grey of paragraph numbers: contrast 4.6:1 on white, quieter than the text. */
const NUMBER_COLOUR = '707070';

function idOf(node: JSONContent): string | null {
  const id: unknown = node.attrs?.['id'];
  return typeof id === 'string' && id !== '' ? id : null;
}

function positive(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 1 ? value : undefined;
}

/** How a textblock is written, besides its text. */
interface TextblockLook {
  paragraph?: Omit<IParagraphOptions, 'children' | 'text'>;
  /** Runs before the text (a paragraph number), outside any comment. */
  prefix?: ParagraphChild[];
  bold?: boolean;
}

/**
 * Writes Tiptap JSON of the shared schema as Word paragraphs and tables, anchoring Word comments
 * in the blocks they belong to. One writer per export: it counts list instances, so every list
 * numbers from 1, and it hands each comment to exactly one block.
 */
export class DocxBlockWriter {
  private listInstance = 0;
  private readonly comments: Map<string, PendingComment[]>;
  private readonly changes: Map<string, PendingChange[]>;
  /** Ids of the threads whose proposal was written as a tracked change. */
  readonly tracked = new Set<string>();

  /**
   * @param comments Word comments to anchor, by the id of the block they sit in. A comment on a
   *   list item or a table cell is anchored in its first paragraph.
   * @param changes Proposals to write as tracked changes, by block id, likewise.
   */
  constructor(
    comments: ReadonlyMap<string, PendingComment[]> = new Map(),
    changes: ReadonlyMap<string, PendingChange[]> = new Map(),
  ) {
    this.comments = new Map(comments);
    this.changes = new Map(changes);
  }

  /**
   * The whole text. `labels` holds each top-level block's number ("3.2", "3.2 ¶4"), or is null
   * when the export leaves numbers out.
   */
  document(content: JSONContent, labels: readonly (string | null)[] | null): Block[] {
    const out: Block[] = [];
    (content.content ?? []).forEach((node, index) => {
      const label = labels?.[index] ?? null;
      if (label === null) {
        out.push(...this.block(node, []));
      } else if (node.type === 'heading') {
        out.push(...this.block(node, [], { prefix: [new TextRun(`${label} `)] }));
      } else if (node.type === 'paragraph') {
        const prefix = [new TextRun({ text: `${label}  `, color: NUMBER_COLOUR, size: 18 })];
        out.push(...this.block(node, [], { prefix }));
      } else {
        // A whole list, quote or table is one numbered paragraph: its number stands above it.
        out.push(
          new Paragraph({
            keepNext: true,
            children: [new TextRun({ text: label, color: NUMBER_COLOUR, size: 18 })],
          }),
          ...this.block(node, []),
        );
      }
    });
    return out;
  }

  /**
   * One block. `inherited` are ids of the containers (list item, table cell) whose first
   * paragraph this is, so comments on the container are anchored here.
   */
  private block(node: JSONContent, inherited: string[], look: TextblockLook = {}): Block[] {
    switch (node.type) {
      case 'heading': {
        const level: unknown = node.attrs?.['level'];
        const index = typeof level === 'number' && level >= 1 && level <= 6 ? level - 1 : 1;
        return [
          this.textblock(node, inherited, {
            ...look,
            paragraph: { ...look.paragraph, heading: HEADINGS[index] },
          }),
        ];
      }
      case 'paragraph':
        return [this.textblock(node, inherited, look)];
      case 'blockquote':
        return this.children(node, inherited, {
          ...look,
          paragraph: { ...look.paragraph, style: QUOTE_STYLE },
        });
      case 'bulletList':
      case 'orderedList':
        return this.list(node, 0);
      case 'table':
        return [this.table(node)];
      default:
        // A node type added to the schema later still shows its text.
        return node.content ? this.children(node, inherited, look) : [];
    }
  }

  /** Blocks of a container; the first inherits the container's comments. */
  private children(node: JSONContent, inherited: string[], look: TextblockLook): Block[] {
    return (node.content ?? []).flatMap((child, index) =>
      this.block(child, index === 0 ? inherited : [], index === 0 ? look : { ...look, prefix: [] }),
    );
  }

  /**
   * A list and the lists nested in it. Every list is an instance of its own, so each counts
   * from its start, a nested list again under every item, and its parent goes on after it.
   */
  private list(node: JSONContent, depth: number): Block[] {
    this.listInstance += 1;
    const instance = this.listInstance;
    const start: unknown = node.attrs?.['start'];
    const reference =
      node.type !== 'orderedList'
        ? BULLET_LIST
        : typeof start === 'number' && Number.isInteger(start) && start > 1
          ? orderedListFrom(start)
          : ORDERED_LIST;
    const level = Math.min(depth, MAX_LIST_LEVEL);
    const out: Block[] = [];
    for (const item of node.content ?? []) {
      const itemId = idOf(item);
      let first = true;
      for (const child of item.content ?? []) {
        if (child.type === 'bulletList' || child.type === 'orderedList') {
          out.push(...this.list(child, depth + 1));
          continue;
        }
        const paragraph: TextblockLook['paragraph'] = first
          ? { numbering: { reference, level, instance } }
          : { indent: { left: 720 * (level + 1) } };
        out.push(...this.block(child, first && itemId ? [itemId] : [], { paragraph }));
        first = false;
      }
    }
    return out;
  }

  private table(node: JSONContent): Table {
    const rows = node.content ?? [];
    const columns = Math.max(
      1,
      ...rows.map((row) =>
        (row.content ?? []).reduce(
          (sum, cell) => sum + (positive(cell.attrs?.['colspan']) ?? 1),
          0,
        ),
      ),
    );
    return new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: Array.from({ length: columns }, () => Math.floor(TEXT_WIDTH / columns)),
      rows: rows.map((row) => {
        const cells = row.content ?? [];
        const header = cells.length > 0 && cells.every((cell) => cell.type === 'tableHeader');
        // Only header rows say so: the docx package writes `false` as w:val="off", which
        // mammoth (and so our own import) reads as a header row.
        return new TableRow({
          ...(header ? { tableHeader: true } : {}),
          children: cells.map((cell) => this.cell(cell)),
        });
      }),
    });
  }

  private cell(cell: JSONContent): TableCell {
    const header = cell.type === 'tableHeader';
    const id = idOf(cell);
    const children = this.children(cell, id ? [id] : [], header ? { bold: true } : {});
    const columnSpan = positive(cell.attrs?.['colspan']);
    const rowSpan = positive(cell.attrs?.['rowspan']);
    return new TableCell({
      // Word refuses a cell without a paragraph.
      children: children.length > 0 ? children : [new Paragraph({})],
      ...(columnSpan ? { columnSpan } : {}),
      ...(rowSpan ? { rowSpan } : {}),
      ...(header ? { shading: { fill: 'F2F2F2' } } : {}),
    });
  }

  /** Takes the comments of these block ids, so each is anchored once. */
  private takeComments(ids: readonly string[]): PendingComment[] {
    const taken: PendingComment[] = [];
    for (const id of ids) {
      taken.push(...(this.comments.get(id) ?? []));
      this.comments.delete(id);
    }
    return taken;
  }

  /**
   * Places the proposals of these block ids in `text`. One whose passage is not found (the text
   * changed since), spans a line break, or overlaps one placed before it is left out: it is
   * listed with its thread instead, never written over the wrong words.
   */
  private placeChanges(ids: readonly string[], text: string): TrackedChange[] {
    const placed: TrackedChange[] = [];
    for (const id of ids) {
      for (const pending of this.changes.get(id) ?? []) {
        const at = pending.quote === '' ? -1 : text.indexOf(pending.quote);
        if (at < 0 || pending.quote.includes('\n')) continue;
        const end = at + pending.quote.length;
        const [start, stop] =
          pending.placement === 'replace'
            ? [at, end]
            : pending.placement === 'before'
              ? [at, at]
              : [end, end];
        const overlaps = placed.some(
          (other) =>
            (start < other.end && other.start < stop) ||
            start === other.start ||
            stop === other.end,
        );
        if (overlaps) continue;
        placed.push({
          start,
          end: stop,
          insert: pending.insert,
          author: pending.author,
          date: pending.date,
          deleteId: pending.deleteId,
          insertId: pending.insertId,
        });
        this.tracked.add(pending.threadId);
      }
      this.changes.delete(id);
    }
    return placed;
  }

  private textblock(node: JSONContent, inherited: string[], look: TextblockLook): Paragraph {
    const own = idOf(node);
    const pieces = inlinePieces(node.content).map((piece) =>
      look.bold && piece.kind === 'text' ? { ...piece, bold: true } : piece,
    );
    const text = piecesText(pieces);
    const ranges = this.takeComments(own ? [own, ...inherited] : inherited).map(
      (comment): CommentRange => {
        // A passage is found in its block; one whose text changed since, or a thread on the
        // whole paragraph, spans the whole block.
        const at = comment.quote === '' ? -1 : text.indexOf(comment.quote);
        return at < 0
          ? { id: comment.id, start: 0, end: text.length }
          : { id: comment.id, start: at, end: at + comment.quote.length };
      },
    );
    return new Paragraph({
      ...look.paragraph,
      children: [
        ...(look.prefix ?? []),
        ...inlineChildren(
          pieces,
          ranges,
          this.placeChanges(own ? [own, ...inherited] : inherited, text),
        ),
      ],
    });
  }
}

/** Every block id in a text, in document order, for finding comments whose block is gone. */
export function blockIds(content: JSONContent): string[] {
  const ids: string[] = [];
  const walk = (node: JSONContent) => {
    const id = idOf(node);
    if (id !== null) ids.push(id);
    node.content?.forEach(walk);
  };
  walk(content);
  return ids;
}
