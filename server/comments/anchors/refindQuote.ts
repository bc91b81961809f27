import {
  ANCHOR_REFIND_MIN_CONTEXT,
  ANCHOR_REFIND_UNIQUE_QUOTE_LENGTH,
} from '../../../shared/limits.ts';
import { findOriginals } from './findOriginals.ts';
import type { FlatText } from './flattenText.ts';

/** What `flattenText` puts between blocks and where a hard break is. */
const BREAK = '\n';
const BREAK_CODE = BREAK.charCodeAt(0);

/** The context of a passage as it is compared: without its line breaks. */
function withoutBreaks(context: string): string {
  return context.replaceAll(BREAK, '');
}

/** Whether the characters before `at`, line breaks skipped, end with `context` (breakless). */
function precededBy(text: string, at: number, context: string): boolean {
  let index = at - 1;
  for (let k = context.length - 1; k >= 0; k -= 1) {
    while (index >= 0 && text.charCodeAt(index) === BREAK_CODE) index -= 1;
    if (index < 0 || text.charCodeAt(index) !== context.charCodeAt(k)) return false;
    index -= 1;
  }
  return true;
}

/** Whether the characters from `at` on, line breaks skipped, start with `context` (breakless). */
function followedBy(text: string, at: number, context: string): boolean {
  let index = at;
  for (let k = 0; k < context.length; k += 1) {
    while (index < text.length && text.charCodeAt(index) === BREAK_CODE) index += 1;
    if (index >= text.length || text.charCodeAt(index) !== context.charCodeAt(k)) return false;
    index += 1;
  }
  return true;
}

/**
 * Finds a passage again after every one of its characters was re-created: y-prosemirror writes
 * the text of a paragraph merged into the one before (Backspace at its start), of a paragraph
 * split before the passage (Enter), and of an undone deletion as new Yjs items, so the stored
 * positions only see deleted characters although the words are still there.
 *
 * An occurrence qualifies when:
 * - its text is exactly the quote (a quote that starts or ends with a line break is never
 *   re-found: it has no character to start or end on);
 * - the text around it matches the whole stored prefix and suffix, with line breaks left out on
 *   both sides. Line breaks are exactly what a split adds and a merge takes away, while the
 *   words on either side stay as they were; every other character must be the same.
 * - the stored context, breaks left out, has at least {@link ANCHOR_REFIND_MIN_CONTEXT}
 *   characters, unless the quote has at least {@link ANCHOR_REFIND_UNIQUE_QUOTE_LENGTH}.
 *
 * The passage is re-found only when exactly one occurrence qualifies, and that one holds no
 * character the document already held when the anchor was made (`stateVector`): such text was
 * other text then, so it cannot be a re-creation of this passage. Otherwise null, and the thread
 * stays "text removed": a wrong place is worse than none.
 *
 * Words deleted and typed again in the same place, with the same context, are re-found too: the
 * document state cannot tell them from an undo (the undo manager's `redone` link exists only on
 * the replica that undid), and the reader sees the very passage that was commented on.
 */
export function refindQuote(
  flat: FlatText,
  anchor: { quote: string; prefix: string; suffix: string },
  stateVector: Map<number, number>,
): { from: number; to: number } | null {
  const { quote } = anchor;
  if (quote === '' || quote.startsWith(BREAK) || quote.endsWith(BREAK)) return null;
  const prefix = withoutBreaks(anchor.prefix);
  const suffix = withoutBreaks(anchor.suffix);
  if (
    prefix.length + suffix.length < ANCHOR_REFIND_MIN_CONTEXT &&
    quote.length < ANCHOR_REFIND_UNIQUE_QUOTE_LENGTH
  ) {
    return null;
  }
  const { text } = flat;
  let found: { from: number; to: number } | null = null;
  // Overlapping occurrences count, as when anchors are made.
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    const end = at + quote.length;
    if (!precededBy(text, at, prefix) || !followedBy(text, end, suffix)) continue;
    if (found !== null) return null;
    found = { from: at, to: end };
  }
  if (found === null || findOriginals(flat, found.from, found.to, stateVector) !== null) {
    return null;
  }
  return found;
}
