import * as Y from 'yjs';
import {
  anchorRange,
  type BlockAnchor,
  type PassageAnchor,
  type StoredAnchor,
} from './createAnchor.ts';
import { findOriginals } from './findOriginals.ts';
import { flattenText, type FlatText } from './flattenText.ts';
import { quoteContext } from '../../../shared/editor/quoteContext.ts';
import { refindQuote } from './refindQuote.ts';
import { resolveBoundary } from './resolveBoundary.ts';
import { textBounds } from './textBounds.ts';

/** An anchor that still points at its text: the selector as it stands now, and where it is. */
export interface AnchoredResult {
  status: 'anchored';
  kind: StoredAnchor['kind'];
  /** The current text of the passage, including text typed inside it since creation. */
  exact: string;
  prefix: string;
  suffix: string;
  /** Id of the block holding the first character now (for a block anchor, the block's id). */
  blockId: string | null;
  /** Flat offsets (see `flattenText`) of the passage: `[from, to)`. */
  from: number;
  to: number;
  /**
   * Set when every character of the passage had been re-created and it was found again by its
   * quote and context (see `refindQuote`): a new anchor on the new characters, to be stored in
   * place of the old one so that later edits are followed. It keeps the original quote and
   * context, which are what the thread was made on.
   */
  refound?: StoredAnchor;
}

/** An anchor whose text is gone: it keeps the quote and context it had at creation. */
export interface RemovedResult {
  status: 'removed';
  kind: StoredAnchor['kind'];
  exact: string;
  prefix: string;
  suffix: string;
  blockId: string | null;
}

/** Where a stored anchor stands in the current document. */
export type ResolvedAnchor = AnchoredResult | RemovedResult;

/** Thrown when the document does not hold the state an anchor was created on. */
export class AnchorStateMissingError extends Error {
  override name = 'AnchorStateMissingError';
}

const removed = (anchor: StoredAnchor): RemovedResult => ({
  status: 'removed',
  kind: anchor.kind,
  exact: anchor.quote,
  prefix: anchor.prefix,
  suffix: anchor.suffix,
  blockId: anchor.blockId,
});

/**
 * What an anchor whose characters are all gone resolves to: its passage found again by quote and
 * context if `refindQuote` allows it, otherwise removed. A re-found anchor is a passage anchor,
 * even if it was made on a block: the block's id is gone, and its text now lies inside another
 * block.
 */
function refindOrRemoved(
  doc: Y.Doc,
  flat: FlatText,
  anchor: StoredAnchor,
  stateVector: Map<number, number>,
): ResolvedAnchor {
  const range = refindQuote(flat, anchor, stateVector);
  const fresh = range === null ? null : anchorRange(doc, flat, range.from, range.to);
  // anchorRange starts and ends on text; the quote has no break at its edges, so it covers the
  // whole occurrence, but a different quote would mean a different passage.
  if (range === null || fresh === null || fresh.quote !== anchor.quote) return removed(anchor);
  return {
    status: 'anchored',
    kind: 'passage',
    exact: anchor.quote,
    ...quoteContext(flat.text, range.from, range.to),
    blockId: fresh.blockId,
    from: range.from,
    to: range.to,
    refound: { ...fresh, quote: anchor.quote, prefix: anchor.prefix, suffix: anchor.suffix },
  };
}

/**
 * Follows the part of a passage that was moved rather than edited. y-prosemirror splits a
 * paragraph by deleting the tail and writing it again as new text in a new paragraph, and merges
 * one by appending its text, as new text, to the paragraph before. That new text is not
 * original, so without this the passage would shrink to the part that stayed.
 *
 * A lost end (or start) is followed only when the text that is left is exactly the rest of the
 * quote, and the text right after it (or before it) is exactly the missing part of the quote,
 * with a line break added or removed at the block boundary, and holds no original character.
 * So it never takes in text that was outside the passage; a passage whose every original
 * character is gone is left to `refindQuote`.
 */
function followMovedText(
  flat: FlatText,
  stateVector: Map<number, number>,
  quote: string,
  range: { from: number; to: number },
  startLost: boolean,
  endLost: boolean,
): { from: number; to: number } {
  let { from, to } = range;
  const current = flat.text.slice(from, to);
  let at: number;
  if (startLost && endLost) {
    at = quote.indexOf(current);
    if (at === -1 || quote.indexOf(current, at + 1) !== -1) return range;
  } else if (endLost) {
    if (!quote.startsWith(current)) return range;
    at = 0;
  } else if (startLost) {
    if (!quote.endsWith(current)) return range;
    at = quote.length - current.length;
  } else {
    return range;
  }
  const before = quote.slice(0, at);
  const after = quote.slice(at + current.length);
  if (startLost && before !== '') {
    const candidates = [before, `${before}\n`, before.endsWith('\n') ? before.slice(0, -1) : ''];
    for (const candidate of candidates) {
      const start = from - candidate.length;
      if (candidate === '' || start < 0 || flat.text.slice(start, from) !== candidate) continue;
      if (findOriginals(flat, start, from, stateVector) !== null) continue;
      from = start;
      break;
    }
  }
  if (endLost && after !== '') {
    const candidates = [after, `\n${after}`, after.startsWith('\n') ? after.slice(1) : ''];
    for (const candidate of candidates) {
      const end = to + candidate.length;
      if (candidate === '' || flat.text.slice(to, end) !== candidate) continue;
      if (findOriginals(flat, to, end, stateVector) !== null) continue;
      to = end;
      break;
    }
  }
  return { from, to };
}

/** Resolves a passage anchor by its relative positions and the characters that survive. */
function resolvePassage(
  doc: Y.Doc,
  flat: FlatText,
  anchor: PassageAnchor,
  stateVector: Map<number, number>,
): ResolvedAnchor {
  const start = resolveBoundary(doc, flat, anchor.start, anchor.startPath, 'start');
  const end = resolveBoundary(doc, flat, anchor.end, anchor.endPath, 'end');
  if (start === null || end === null || start.offset >= end.offset) {
    return refindOrRemoved(doc, flat, anchor, stateVector);
  }
  // "Never points at other text": the range must still hold a character of the original
  // passage. New text in the gap is the passage only if refindQuote's rules find it so.
  const originals = findOriginals(flat, start.offset, end.offset, stateVector);
  if (originals === null) return refindOrRemoved(doc, flat, anchor, stateVector);
  // When an end's own text is gone, its offset is only where a deleted block was; new text next
  // to that place (such as text merged in from that block) may not belong to the passage, so the
  // range ends at the outermost original character instead.
  const inner = {
    from: start.exact ? start.offset : originals.first,
    to: end.exact ? end.offset : originals.last + 1,
  };
  const trimmed = textBounds(flat, inner.from, inner.to);
  if (trimmed === null) return removed(anchor);
  const followed = followMovedText(
    flat,
    stateVector,
    anchor.quote,
    { from: trimmed.first, to: trimmed.last + 1 },
    !start.intact,
    !end.intact,
  );
  const bounds = textBounds(flat, followed.from, followed.to);
  if (bounds === null) return removed(anchor);
  const from = bounds.first;
  const to = bounds.last + 1;
  return {
    status: 'anchored',
    kind: 'passage',
    exact: flat.text.slice(from, to),
    ...quoteContext(flat.text, from, to),
    blockId: bounds.firstSegment.blockId,
    from,
    to,
  };
}

/**
 * Resolves a block anchor by its id: it follows its block. Once no block has the id (merged into
 * the one before, or deleted), its text is looked for as a passage.
 */
function resolveBlock(
  doc: Y.Doc,
  flat: FlatText,
  anchor: BlockAnchor,
  stateVector: Map<number, number>,
): ResolvedAnchor {
  const element = flat.blocks.get(anchor.blockId);
  const range = element === undefined ? undefined : flat.ranges.get(element);
  if (range === undefined) return refindOrRemoved(doc, flat, anchor, stateVector);
  return {
    status: 'anchored',
    kind: 'block',
    exact: flat.text.slice(range.from, range.to),
    ...quoteContext(flat.text, range.from, range.to),
    blockId: anchor.blockId,
    from: range.from,
    to: range.to,
  };
}

/**
 * Resolves a stored anchor against the current state of `doc`.
 *
 * A passage is 'anchored' while at least one of its original characters survives; its text is
 * then everything between its two ends, with text typed inside and text split off into a new
 * paragraph (joined by "\n") or merged in from the next one. Text typed just before or after it
 * stays out. Once every original character is gone, the passage is looked for by its quote and
 * context (see `refindQuote`: y-prosemirror re-creates the text of merged paragraphs, of a split
 * before the passage and of an undone deletion). Found exactly once, in matching context and in
 * new text only, it is 'anchored' with `refound` set; otherwise it is 'removed' and keeps its
 * quote.
 *
 * A block anchor follows its block by id. When no block has that id, its text is looked for as a
 * passage in the same way, and it is 'removed' unless found.
 *
 * The result depends only on the document state, so every replica resolves alike. Pass `flat`
 * to resolve many anchors with one walk over the document.
 *
 * @throws AnchorStateMissingError when `doc` lacks updates the anchor was created on (an older
 *   copy of the document, or another document): any answer would be a guess.
 */
export function resolveAnchor(
  doc: Y.Doc,
  anchor: StoredAnchor,
  flat: FlatText = flattenText(doc),
): ResolvedAnchor {
  const stateVector = Y.decodeStateVector(anchor.stateVector);
  for (const [client, clock] of stateVector) {
    if (Y.getState(doc.store, client) < clock) {
      throw new AnchorStateMissingError(
        `The document lacks updates of client ${client} up to clock ${clock} that the anchor was created on`,
      );
    }
  }
  return anchor.kind === 'block'
    ? resolveBlock(doc, flat, anchor, stateVector)
    : resolvePassage(doc, flat, anchor, stateVector);
}
