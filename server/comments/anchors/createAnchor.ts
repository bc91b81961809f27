import * as Y from 'yjs';
import { encodeContainerPath } from './containerPath.ts';
import { flattenText, type FlatText } from './flattenText.ts';
import { quoteContext } from '../../../shared/editor/quoteContext.ts';
import { textBounds } from './textBounds.ts';

/** W3C Web Annotation TextQuoteSelector: a passage, told apart from repeats by its context. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** W3C Web Annotation FragmentSelector: a whole block, by its stable block id. */
export interface FragmentSelector {
  type: 'FragmentSelector';
  value: string;
}

/** The selectors a comment thread can target. */
export type AnchorSelector = TextQuoteSelector | FragmentSelector;

/** What both kinds of stored anchor hold. All byte fields are opaque; store them as blobs. */
interface StoredAnchorBase {
  /** Yjs relative position (`Y.encodeRelativePosition`) of the first character, assoc 0. */
  start: Uint8Array;
  /** Yjs relative position just after the last character, assoc -1. */
  end: Uint8Array;
  /**
   * Where the first character's text sits in the tree (see `encodeContainerPath`). Needed
   * because Yjs garbage-collects the text of a deleted paragraph, and then `start` alone cannot
   * say where the passage began.
   */
  startPath: Uint8Array;
  /** Where the last character's text sits in the tree, for the same reason. */
  endPath: Uint8Array;
  /** The text of the passage at creation, shown when it has been removed. */
  quote: string;
  /** Up to 32 characters before the passage at creation. */
  prefix: string;
  /** Up to 32 characters after the passage at creation. */
  suffix: string;
  /**
   * `Y.encodeStateVector` of the document at creation. A character is part of the original
   * passage only if the document already held it then; this is how resolution tells original
   * text from text typed later.
   */
  stateVector: Uint8Array;
}

/** An anchor on a passage of text. */
export interface PassageAnchor extends StoredAnchorBase {
  kind: 'passage';
  /** Id of the block that contained the first character at creation. */
  blockId: string | null;
}

/** An anchor on a whole block: it follows the block by id, not by its characters. */
export interface BlockAnchor extends StoredAnchorBase {
  kind: 'block';
  /** Id of the anchored block. */
  blockId: string;
}

/** The form in which a thread's anchor is stored: it survives concurrent edits. */
export type StoredAnchor = PassageAnchor | BlockAnchor;

/**
 * Why a selector could not be anchored: `not-found` (no such text or block, or the quote is there
 * but never with the given context), `ambiguous` (the quote occurs more than once and the
 * context does not single one out), `invalid` (nothing to anchor: an empty quote or value, or a
 * quote of line breaks only). The API turns these into its 409 and 400 answers.
 */
export type AnchorFailure = 'not-found' | 'ambiguous' | 'invalid';

/** The outcome of {@link createAnchor}. */
export type CreateAnchorResult =
  { ok: true; anchor: StoredAnchor } | { ok: false; reason: AnchorFailure };

/** Whether the text right before and after one occurrence is the selector's prefix and suffix. */
function contextFits(
  text: string,
  from: number,
  to: number,
  prefix: string,
  suffix: string,
): boolean {
  // A prefix longer than the text before the occurrence cannot fit (and `slice` with a negative
  // start would count from the end).
  return (
    from >= prefix.length &&
    text.slice(from - prefix.length, from) === prefix &&
    text.slice(to, to + suffix.length) === suffix
  );
}

/** Finds the one occurrence of a quote, or says why there is not exactly one. */
function findQuote(
  text: string,
  selector: TextQuoteSelector,
): { from: number; to: number } | AnchorFailure {
  const { exact } = selector;
  if (exact === '') return 'invalid';
  const starts: number[] = [];
  // Overlapping occurrences count: in "aaa", "aa" occurs twice.
  for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) starts.push(at);
  if (starts.length === 0) return 'not-found';
  const only = starts.length === 1 ? starts[0] : undefined;
  if (only !== undefined) return { from: only, to: only + exact.length };
  const prefix = selector.prefix ?? '';
  const suffix = selector.suffix ?? '';
  if (prefix === '' && suffix === '') return 'ambiguous';
  const fitting = starts.filter((at) => contextFits(text, at, at + exact.length, prefix, suffix));
  const chosen = fitting.length === 1 ? fitting[0] : undefined;
  if (chosen !== undefined) return { from: chosen, to: chosen + exact.length };
  // The quote is there but in no place that fits the context: the passage the client saw is not.
  return fitting.length === 0 ? 'not-found' : 'ambiguous';
}

/**
 * The anchor fields of the passage `[from, to)` and the block id of its first character, or null
 * when it holds no text.
 */
function passageFields(
  doc: Y.Doc,
  flat: FlatText,
  from: number,
  to: number,
): { fields: StoredAnchorBase; startBlockId: string | null } | null {
  const bounds = textBounds(flat, from, to);
  if (bounds === null) return null;
  const { first, firstSegment, last, lastSegment } = bounds;
  // assoc 0 sticks to the first character, so text typed just before the passage stays out;
  // assoc -1 sticks to the last character, so text typed just after it stays out too.
  const start = Y.createRelativePositionFromTypeIndex(
    firstSegment.text,
    first - firstSegment.start,
    0,
  );
  const end = Y.createRelativePositionFromTypeIndex(
    lastSegment.text,
    last + 1 - lastSegment.start,
    -1,
  );
  return {
    fields: {
      start: Y.encodeRelativePosition(start),
      end: Y.encodeRelativePosition(end),
      startPath: encodeContainerPath(firstSegment.text),
      endPath: encodeContainerPath(lastSegment.text),
      quote: flat.text.slice(first, last + 1),
      ...quoteContext(flat.text, first, last + 1),
      stateVector: Y.encodeStateVector(doc),
    },
    startBlockId: firstSegment.blockId,
  };
}

/**
 * A passage anchor on `[from, to)` of the current document, made as {@link createAnchor} makes
 * one (quote and context included, from the text as it is now), or null when the range holds no
 * text. Resolution uses it to re-anchor a thread whose characters were re-created.
 */
export function anchorRange(
  doc: Y.Doc,
  flat: FlatText,
  from: number,
  to: number,
): PassageAnchor | null {
  const passage = passageFields(doc, flat, from, to);
  if (passage === null) return null;
  return { ...passage.fields, kind: 'passage', blockId: passage.startBlockId };
}

/** Anchors a whole block by id; an empty block is anchored by its id alone. */
function createBlockAnchor(
  doc: Y.Doc,
  flat: FlatText,
  selector: FragmentSelector,
): CreateAnchorResult {
  if (selector.value === '') return { ok: false, reason: 'invalid' };
  const element = flat.blocks.get(selector.value);
  const range = element === undefined ? undefined : flat.ranges.get(element);
  if (element === undefined || range === undefined) return { ok: false, reason: 'not-found' };
  // The quote is the whole block as resolution will show it, line breaks at its edges included.
  const whole = {
    quote: flat.text.slice(range.from, range.to),
    ...quoteContext(flat.text, range.from, range.to),
  };
  const passage = passageFields(doc, flat, range.from, range.to);
  if (passage !== null) {
    return {
      ok: true,
      anchor: { ...passage.fields, ...whole, kind: 'block', blockId: selector.value },
    };
  }
  // Nothing to stick a character position to: point at the element itself. Resolution goes by
  // id, so these positions only record where the block was.
  const here = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(element, 0, 0));
  const path = encodeContainerPath(element);
  return {
    ok: true,
    anchor: {
      kind: 'block',
      blockId: selector.value,
      start: here,
      end: here,
      startPath: path,
      endPath: path,
      ...whole,
      stateVector: Y.encodeStateVector(doc),
    },
  };
}

/**
 * Anchors a comment thread to the current document in `doc.getXmlFragment('default')`.
 *
 * - TextQuoteSelector: finds `exact` in the flat text (see `flattenText`; a passage may span
 *   blocks). If it occurs more than once, the prefix and suffix must single out one occurrence:
 *   each must equal the text right before and after it. A unique quote is taken even if its
 *   context has changed since the client read it.
 *   Leading or trailing line breaks are dropped from the passage, since they are no text.
 * - FragmentSelector: the whole text of the block with that id.
 *
 * Pass `flat` (from `flattenText(doc)`, for the same state) when anchoring several threads in
 * one go, to flatten the document once.
 */
export function createAnchor(
  doc: Y.Doc,
  selector: AnchorSelector,
  flat: FlatText = flattenText(doc),
): CreateAnchorResult {
  if (selector.type === 'FragmentSelector') return createBlockAnchor(doc, flat, selector);
  const found = findQuote(flat.text, selector);
  if (typeof found === 'string') return { ok: false, reason: found };
  const anchor = anchorRange(doc, flat, found.from, found.to);
  return anchor === null ? { ok: false, reason: 'invalid' } : { ok: true, anchor };
}
