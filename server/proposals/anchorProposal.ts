import type * as Y from 'yjs';
import type { ProposalPlacement } from '../../shared/api/proposals.ts';
import {
  anchorRange,
  createAnchor,
  type AnchorFailure,
  type PassageAnchor,
  type TextQuoteSelector,
} from '../comments/anchors/createAnchor.ts';
import type { FlatText } from '../comments/anchors/flattenText.ts';
import { resolveAnchor } from '../comments/anchors/resolveAnchor.ts';
import { textBounds } from '../comments/anchors/textBounds.ts';

/**
 * Why a proposal could not be anchored: an anchor failure, or `spans-blocks` (the passage is not
 * within one run of text of one paragraph, so replacing it would have to merge paragraphs).
 */
export type ProposalAnchorFailure = AnchorFailure | 'spans-blocks';

/** An anchored proposal: its passage, what it does there, and the text it replaces. */
export interface ProposalAnchor {
  anchor: PassageAnchor;
  placement: ProposalPlacement;
  /** The text the proposal replaces: the passage, or '' for an insertion. */
  original: string;
}

/** Whether `[from, to)` lies within one Y.XmlText, so one delete and insert can rewrite it. */
export function withinOneText(flat: FlatText, from: number, to: number): boolean {
  const bounds = textBounds(flat, from, to);
  return bounds !== null && bounds.firstSegment === bounds.lastSegment;
}

/** The one place where `prefix` ends and `suffix` begins, or why there is not exactly one. */
function findPoint(text: string, prefix: string, suffix: string): number | AnchorFailure {
  if (prefix === '' && suffix === '') return 'invalid';
  const joined = prefix + suffix;
  const first = text.indexOf(joined);
  if (first === -1) return 'not-found';
  if (text.indexOf(joined, first + 1) !== -1) return 'ambiguous';
  return first + prefix.length;
}

/**
 * An insertion point is anchored to the character right before it (`after`), or, at the start
 * of a run of text, right after it (`before`): a passage anchor needs a character to stick to.
 */
function anchorPoint(
  doc: Y.Doc,
  flat: FlatText,
  point: number,
): ProposalAnchor | ProposalAnchorFailure {
  const holds = (offset: number) =>
    flat.segments.some((segment) => segment.start <= offset && offset < segment.end);
  const [from, placement]: [number, ProposalPlacement] | [null, null] =
    point > 0 && holds(point - 1)
      ? [point - 1, 'after']
      : holds(point)
        ? [point, 'before']
        : [null, null];
  if (from === null) return 'invalid';
  const anchor = anchorRange(doc, flat, from, from + 1);
  if (anchor === null) return 'invalid';
  const found: ProposalAnchor = { anchor, placement, original: '' };
  return found;
}

/**
 * Anchors a proposal on the live document. A TextQuoteSelector with text is a passage to replace
 * (an anchor like any thread's, which must lie within one run of text of one paragraph); one with
 * an empty `exact` is the insertion point between its `prefix` and `suffix`, which must occur
 * exactly once.
 */
export function anchorProposal(
  doc: Y.Doc,
  flat: FlatText,
  selector: TextQuoteSelector,
): ProposalAnchor | ProposalAnchorFailure {
  if (selector.exact === '') {
    const point = findPoint(flat.text, selector.prefix ?? '', selector.suffix ?? '');
    return typeof point === 'number' ? anchorPoint(doc, flat, point) : point;
  }
  const created = createAnchor(doc, selector, flat);
  if (!created.ok) return created.reason;
  const { anchor } = created;
  if (anchor.kind !== 'passage') return 'invalid';
  const resolved = resolveAnchor(doc, anchor, flat);
  if (resolved.status !== 'anchored') return 'invalid';
  if (!withinOneText(flat, resolved.from, resolved.to)) return 'spans-blocks';
  const passage: ProposalAnchor = { anchor, placement: 'replace', original: anchor.quote };
  return passage;
}
