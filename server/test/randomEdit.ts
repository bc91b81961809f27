import type * as Y from 'yjs';
import type { SeededRandom } from '../../shared/random/seededRandom.ts';
import { flattenText } from '../comments/anchors/flattenText.ts';
import { deleteAcross, joinBackward, splitBlock } from './yEdits.ts';

/** The kinds of edit `randomEdit` makes, for statistics. */
export type EditKind = 'insert' | 'delete' | 'format' | 'split' | 'join' | 'delete-across';

const WORDS: readonly [string, ...string[]] = [
  'remiss',
  'och',
  'svar',
  ' ',
  'förslag',
  'å',
  '§ 3',
  'myndighet',
  '—',
  'ök',
];
const FORMATS: readonly [Record<string, unknown>, ...Record<string, unknown>[]] = [
  { bold: {} },
  { italic: {} },
  { bold: null },
  { italic: null },
  { bold: {}, italic: {} },
];

/**
 * Makes one random edit to a Tiptap Y.Doc, shaped as the editor writes it (see yEdits.ts):
 * typing (45 %), deleting inside a paragraph (20 %), bold or italic on or off (20 %), Enter (7 %),
 * Backspace at a paragraph's start (5 %) and deleting across two paragraphs (3 %). A structural
 * edit that does not fit where it landed (concurrent edits can leave a paragraph with two texts)
 * becomes typing instead. `newId` names a paragraph that Enter creates. Returns what it did.
 */
export function randomEdit(doc: Y.Doc, random: SeededRandom, newId: string): EditKind {
  const { segments } = flattenText(doc);
  const segment = segments.length === 0 ? undefined : segments[random.int(segments.length)];
  if (segment === undefined) throw new Error('the document has no text to edit');
  const length = segment.end - segment.start;
  const at = segment.start + random.int(length + 1);
  const word = random.pick(WORDS);
  const roll = random.next();
  // Typing, deleting and formatting act on the chosen text itself, as insertText, deleteText and
  // formatText in yEdits.ts do once they have found it. Finding it again by flat offset would
  // pick the wrong one where concurrent edits left two texts side by side in one paragraph.
  const { text } = segment;
  const type = (): EditKind => {
    text.insert(at - segment.start, word);
    return 'insert';
  };
  /** An index into the text and a length of 1–12 characters inside it. */
  const span = (): [number, number] => {
    const index = random.int(length);
    return [index, Math.min(length - index, 1 + random.int(12))];
  };
  if (roll < 0.45) return type();
  if (roll < 0.65) {
    if (length === 0) return type();
    text.delete(...span());
    return 'delete';
  }
  if (roll < 0.85) {
    if (length === 0) return type();
    text.format(...span(), random.pick(FORMATS));
    return 'format';
  }
  try {
    if (roll < 0.92) {
      splitBlock(doc, at, newId);
      return 'split';
    }
    if (roll < 0.97) {
      if (segment.blockId === null) return type();
      joinBackward(doc, segment.blockId);
      return 'join';
    }
    const index = segments.indexOf(segment);
    const next = segments[index + 1];
    if (next === undefined) return type();
    deleteAcross(doc, at, next.start + random.int(next.end - next.start + 1));
    return 'delete-across';
  } catch {
    // The helpers check the shape before they change anything, so nothing was written.
    return type();
  }
}
