import * as Y from 'yjs';
import { BLOCK_ID_ATTRIBUTE, YJS_FRAGMENT } from '../../../shared/editor/blockTypes.ts';
import { schema } from '../../editor/schema.ts';

/** A node of the Tiptap tree in Yjs: the root fragment, an element (a subclass), text or a hook. */
export type FlatNode = Y.XmlFragment | Y.XmlText | Y.XmlHook;

/** A half-open range `[from, to)` of offsets into {@link FlatText.text}. */
export interface FlatRange {
  readonly from: number;
  readonly to: number;
}

/** Where one live Y.XmlText sits in the flat text, and which block it belongs to. */
export interface TextSegment {
  readonly text: Y.XmlText;
  /** Offset of its first character in the flat text. */
  readonly start: number;
  /** `start` plus its length: Yjs indexes into the XmlText map one to one onto flat offsets. */
  readonly end: number;
  /** Id of the nearest enclosing element that has one, or null when no ancestor has an id. */
  readonly blockId: string | null;
}

/** The document as the reader sees it, with the bookkeeping to map offsets back to Yjs. */
export interface FlatText {
  /** The plain text: textblocks separated by one "\n", hard breaks read as "\n". */
  readonly text: string;
  /** Every live Y.XmlText in document order (empty ones included). */
  readonly segments: readonly TextSegment[];
  /** The same segments, looked up by their Y.XmlText. */
  readonly texts: ReadonlyMap<Y.XmlText, TextSegment>;
  /**
   * The flat range of every live node. A textblock's range starts after its separator; a
   * container's range runs from its first textblock's start to its last one's end.
   */
  readonly ranges: ReadonlyMap<FlatNode, FlatRange>;
  /** Elements by block id. The first one in document order wins if an id is duplicated. */
  readonly blocks: ReadonlyMap<string, Y.XmlElement>;
}

/** What an inline leaf (a hard break) reads as, like ProseMirror `textBetween(…, '\n', '\n')`. */
const INLINE_LEAF_TEXT = '\n';

/**
 * Stands for a countable non-text item inside an XmlText (an embed). y-prosemirror never writes
 * one, but if it did, the flat text must still take one offset per Yjs index.
 */
const OBJECT_REPLACEMENT = '\uFFFC';

/**
 * Reads the characters of an XmlText. `toString()` would render marks as XML tags, and
 * `toDelta()` builds attribute objects that are not needed here; walking the items reads exactly
 * what Yjs indexes count (format items are not countable), so flat offsets and Yjs indexes agree.
 */
function readXmlText(text: Y.XmlText): string {
  let out = '';
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    out +=
      item.content instanceof Y.ContentString
        ? item.content.str
        : OBJECT_REPLACEMENT.repeat(item.length);
  }
  return out;
}

/**
 * Walks `doc.getXmlFragment('default')` in document order and returns its plain text as the
 * reader sees it, plus maps from every live Y.XmlText, element and block id back into that text.
 *
 * The text equals ProseMirror's `doc.textBetween(0, doc.content.size, '\n', '\n')` for the same
 * document: one "\n" between consecutive textblocks (paragraphs and headings, also inside list
 * items, table cells and quotes, and after an empty one), a hard break reads as "\n", and
 * containers add nothing of their own. Browsers that build a TextQuoteSelector must flatten the
 * same way, or their prefix and suffix will not match. Offsets count UTF-16 code units, as Yjs
 * does.
 *
 * Text is attributed to the nearest enclosing element with an `id`, so a paragraph inside a list
 * item belongs to the paragraph's id, and the list item's id covers all of its paragraphs.
 */
export function flattenText(doc: Y.Doc): FlatText {
  const fragment = doc.getXmlFragment(YJS_FRAGMENT);
  const parts: string[] = [];
  let length = 0;
  let textblocks = 0;
  const segments: TextSegment[] = [];
  const texts = new Map<Y.XmlText, TextSegment>();
  const ranges = new Map<FlatNode, FlatRange>();
  const blocks = new Map<string, Y.XmlElement>();

  const emit = (value: string): void => {
    parts.push(value);
    length += value.length;
  };

  const visit = (node: Y.XmlElement | Y.XmlText | Y.XmlHook, blockId: string | null): void => {
    if (node instanceof Y.XmlText) {
      const value = readXmlText(node);
      const segment: TextSegment = {
        text: node,
        start: length,
        end: length + value.length,
        blockId,
      };
      emit(value);
      segments.push(segment);
      texts.set(node, segment);
      ranges.set(node, { from: segment.start, to: segment.end });
      return;
    }
    if (!(node instanceof Y.XmlElement)) {
      // A hook carries no text of its own.
      ranges.set(node, { from: length, to: length });
      return;
    }
    const id = node.getAttribute(BLOCK_ID_ATTRIBUTE);
    const ownId = typeof id === 'string' && id !== '' ? id : null;
    if (ownId !== null && !blocks.has(ownId)) blocks.set(ownId, node);
    const innerId = ownId ?? blockId;
    const type = schema.nodes[node.nodeName];

    if (type?.isInline === true) {
      // Inline elements are leaves in this schema (hard breaks); they read as one line break.
      const from = length;
      if (type.isLeaf) emit(INLINE_LEAF_TEXT);
      ranges.set(node, { from, to: length });
      return;
    }
    if (type?.isTextblock === true) {
      if (textblocks > 0) emit('\n');
      textblocks += 1;
      const from = length;
      for (const child of node.toArray()) visit(child, innerId);
      ranges.set(node, { from, to: length });
      return;
    }
    // A container (list, list item, table, cell, quote, or a node this schema does not know).
    // Its range starts where its first textblock's text starts, after the separator, so that a
    // list item's text does not begin with the line break before it.
    const before = textblocks;
    const fallbackFrom = length;
    let from: number | null = null;
    for (const child of node.toArray()) {
      visit(child, innerId);
      if (from === null && textblocks > before) from = ranges.get(child)?.from ?? null;
    }
    ranges.set(node, { from: from ?? fallbackFrom, to: length });
  };

  let firstFrom: number | null = null;
  for (const child of fragment.toArray()) {
    visit(child, null);
    if (firstFrom === null && textblocks > 0) firstFrom = ranges.get(child)?.from ?? null;
  }
  ranges.set(fragment, { from: firstFrom ?? 0, to: length });

  return { text: parts.join(''), segments, texts, ranges, blocks };
}
