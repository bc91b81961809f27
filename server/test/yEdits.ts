/**
 * Test helpers: edits to a Tiptap Y.Doc written the way y-prosemirror writes them, addressed by
 * flat offsets (see `flattenText`). y-prosemirror never moves Yjs items: splitting a paragraph
 * deletes the tail and writes it again, as new text, into a new paragraph after it; joining two
 * paragraphs appends the second one's text, as new text, to the first and deletes the second.
 * Anchors must survive exactly these shapes of update.
 */
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { BLOCK_ID_ATTRIBUTE, YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';

/** A Y.Doc holding the given Tiptap JSON, written by the server as documents are seeded. */
export function buildDoc(json: JSONContent, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  Y.applyUpdate(doc, contentToYUpdate(json));
  return doc;
}

/** A document of paragraphs with ids `p1`, `p2`, … holding the given texts. */
export function paragraphsDoc(...texts: string[]): JSONContent {
  return {
    type: 'doc',
    content: texts.map((text, index) => ({
      type: 'paragraph',
      attrs: { id: `p${index + 1}` },
      ...(text === '' ? {} : { content: [{ type: 'text', text }] }),
    })),
  };
}

/** The XmlText and index at a flat offset; an offset between two blocks belongs to the first. */
export function locate(doc: Y.Doc, offset: number): { text: Y.XmlText; index: number } {
  for (const segment of flattenText(doc).segments) {
    if (segment.start <= offset && offset <= segment.end) {
      return { text: segment.text, index: offset - segment.start };
    }
  }
  throw new Error(`No text at flat offset ${offset}`);
}

/** Types text at a flat offset, inheriting the formatting on its left as an editor does. */
export function insertText(doc: Y.Doc, offset: number, value: string): void {
  const { text, index } = locate(doc, offset);
  text.insert(index, value);
}

/** Types the first text into an empty block, which y-prosemirror holds without any XmlText. */
export function typeIntoEmptyBlock(doc: Y.Doc, blockId: string, value: string): void {
  const block = flattenText(doc).blocks.get(blockId);
  if (block === undefined || block.length > 0) throw new Error(`no empty block ${blockId}`);
  block.insert(0, [new Y.XmlText(value)]);
}

/** Deletes `[from, to)` inside one text (one textblock without hard breaks in between). */
export function deleteText(doc: Y.Doc, from: number, to: number): void {
  const { text, index } = locate(doc, from);
  if (index + (to - from) > text.length) throw new Error(`[${from}, ${to}) spans texts`);
  text.delete(index, to - from);
}

/** Sets formatting (marks) on `[from, to)` inside one text, e.g. `{ bold: {} }`. */
export function formatText(
  doc: Y.Doc,
  from: number,
  to: number,
  attributes: Record<string, unknown>,
): void {
  const { text, index } = locate(doc, from);
  text.format(index, to - from, attributes);
}

/** A run of characters with one formatting, read from the items of an XmlText. */
interface Run {
  insert: string;
  attributes: Record<string, unknown>;
}

/** The characters of `text` from `index` on, with their formatting. */
function runsFrom(text: Y.XmlText, index: number): Run[] {
  const runs: Run[] = [];
  const attributes = new Map<string, unknown>();
  let offset = 0;
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted) continue;
    if (item.content instanceof Y.ContentFormat) {
      const { key, value } = item.content;
      if (value === null) attributes.delete(key);
      else attributes.set(key, value);
      continue;
    }
    if (!(item.content instanceof Y.ContentString)) continue;
    const from = Math.max(0, index - offset);
    if (from < item.length) {
      runs.push({
        insert: item.content.str.slice(from),
        attributes: Object.fromEntries(attributes),
      });
    }
    offset += item.length;
  }
  return runs;
}

/** Writes runs into a text at an index, each with its own formatting. */
function writeRuns(text: Y.XmlText, index: number, runs: readonly Run[]): void {
  let at = index;
  for (const run of runs) {
    text.insert(at, run.insert, run.attributes);
    at += run.insert.length;
  }
}

/** The live index of a child in its parent. */
function indexIn(parent: Y.XmlFragment, child: Y.XmlFragment | Y.XmlText): number {
  const index = parent.toArray().findIndex((sibling) => sibling === child);
  if (index < 0) throw new Error('child not in parent');
  return index;
}

/**
 * A new element of the given type with the string attributes of `attributes` (as
 * `getAttributes()` returns them) and a new block id. Attributes come in as unknown because
 * elements reached through `.parent` are typed with `any` attributes. Non-string attributes (a
 * heading's level) are left out: Yjs types element attributes as strings, and anchors do not
 * read them.
 */
function withNewId(nodeName: string, attributes: unknown, id: string): Y.XmlElement {
  const copy = new Y.XmlElement(nodeName);
  const entries = typeof attributes === 'object' && attributes !== null ? attributes : {};
  for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
    if (key !== BLOCK_ID_ATTRIBUTE && typeof value === 'string') copy.setAttribute(key, value);
  }
  copy.setAttribute(BLOCK_ID_ATTRIBUTE, id);
  return copy;
}

/**
 * Presses Enter at a flat offset, as y-prosemirror records it: the tail is deleted from the text
 * and written again into a new block of the same type (a new list item in a one-paragraph list
 * item) inserted after it. `newId` is the new block's id (and `${newId}-item` the list item's).
 */
export function splitBlock(doc: Y.Doc, offset: number, newId: string): void {
  const { text, index } = locate(doc, offset);
  const block = text.parent;
  if (!(block instanceof Y.XmlElement) || block.length !== 1) {
    throw new Error('can only split a textblock that holds one text');
  }
  const container = block.parent;
  if (!(container instanceof Y.XmlFragment)) throw new Error('block has no parent');
  doc.transact(() => {
    const tail = runsFrom(text, index);
    text.delete(index, text.length - index);
    const next = withNewId(block.nodeName, block.getAttributes(), newId);
    const onlyChildOfItem = container instanceof Y.XmlElement && container.nodeName === 'listItem';
    if (onlyChildOfItem && container.length === 1) {
      const list = container.parent;
      if (!(list instanceof Y.XmlFragment)) throw new Error('list item has no list');
      const item = withNewId(container.nodeName, container.getAttributes(), `${newId}-item`);
      list.insert(indexIn(list, container) + 1, [item]);
      item.insert(0, [next]);
    } else {
      container.insert(indexIn(container, block) + 1, [next]);
    }
    if (tail.length > 0) {
      const moved = new Y.XmlText();
      next.insert(0, [moved]);
      writeRuns(moved, 0, tail);
    }
  });
}

/**
 * Joins the block with this id to the textblock right before it in the same parent (Backspace
 * at its start), as y-prosemirror records it: its text is appended to the previous block as new
 * text, and the block is deleted.
 */
export function joinBackward(doc: Y.Doc, blockId: string): void {
  const block = flattenText(doc).blocks.get(blockId);
  const container = block?.parent;
  if (block === undefined || !(container instanceof Y.XmlFragment)) {
    throw new Error(`no block ${blockId}`);
  }
  const index = indexIn(container, block);
  const previous = index > 0 ? container.get(index - 1) : undefined;
  if (!(previous instanceof Y.XmlElement) || previous.length > 1 || block.length > 1) {
    throw new Error('can only join two textblocks that hold at most one text each');
  }
  doc.transact(() => {
    const source = block.get(0);
    const runs = source instanceof Y.XmlText ? runsFrom(source, 0) : [];
    container.delete(index, 1);
    if (runs.length === 0) return;
    let target = previous.get(0);
    if (!(target instanceof Y.XmlText)) {
      target = new Y.XmlText();
      previous.insert(0, [target]);
    }
    writeRuns(target, target.length, runs);
  });
}

/**
 * Deletes `[from, to)` where it may span sibling textblocks, as y-prosemirror records it: the
 * first block loses its tail, blocks in between are deleted, and what is left of the last block
 * is appended to the first as new text before the last block is deleted.
 */
export function deleteAcross(doc: Y.Doc, from: number, to: number): void {
  const start = locate(doc, from);
  const end = locate(doc, to);
  if (start.text === end.text) {
    start.text.delete(start.index, end.index - start.index);
    return;
  }
  const first = start.text.parent;
  const last = end.text.parent;
  const container = first?.parent;
  if (
    !(first instanceof Y.XmlElement) ||
    !(last instanceof Y.XmlElement) ||
    !(container instanceof Y.XmlFragment) ||
    last.parent !== container ||
    first.length !== 1 ||
    last.length !== 1
  ) {
    throw new Error('can only delete across sibling textblocks that hold one text each');
  }
  doc.transact(() => {
    const rest = runsFrom(end.text, end.index);
    start.text.delete(start.index, start.text.length - start.index);
    const firstIndex = indexIn(container, first);
    container.delete(firstIndex + 1, indexIn(container, last) - firstIndex);
    writeRuns(start.text, start.index, rest);
  });
}

/**
 * Presses Enter at the very start of a block, as y-prosemirror records it when the editor's
 * unique-id extension keeps the block's id on the first, now empty, half and gives the second a
 * new one: the block loses its text (and its now empty XmlText), and a new block with `newId`
 * after it holds that text written again as new characters.
 */
export function splitAtBlockStart(doc: Y.Doc, blockId: string, newId: string): void {
  const flat = flattenText(doc);
  const block = flat.blocks.get(blockId);
  const range = block === undefined ? undefined : flat.ranges.get(block);
  if (block === undefined || range === undefined) throw new Error(`no block ${blockId}`);
  doc.transact(() => {
    splitBlock(doc, range.from, newId);
    if (block.length === 1) block.delete(0, 1);
  });
}

/**
 * Runs `edit` on the document's fragment under a Y.UndoManager and then undoes it, as Ctrl+Z in
 * the editor does. Yjs restores deleted text as new items (the old ones stay deleted), which is
 * what makes an undone deletion look like new text to an anchor.
 */
export function editThenUndo(doc: Y.Doc, edit: () => void): void {
  const undo = new Y.UndoManager(doc.getXmlFragment(YJS_FRAGMENT));
  try {
    edit();
    undo.undo();
  } finally {
    undo.destroy();
  }
}
