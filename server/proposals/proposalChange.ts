import * as Y from 'yjs';
import type { ProposalText } from '../../shared/api/proposals.ts';
import { proposalRuns, type ProposalRun } from '../../shared/editor/proposalRuns.ts';
import { flattenText, type FlatText, type TextSegment } from '../comments/anchors/flattenText.ts';
import { resolveAnchor } from '../comments/anchors/resolveAnchor.ts';
import { textBounds } from '../comments/anchors/textBounds.ts';
import { schema } from '../editor/schema.ts';
import type { ProposalRecord, ThreadRecord } from '../storage/types.ts';

/** A proposal with its thread, whose anchor says where it is. */
export interface ProposalWithThread {
  thread: ThreadRecord;
  proposal: ProposalRecord;
}

/**
 * Where a proposal's change would go in the current text: the flat range it rewrites (empty for
 * an insertion point), the run of text that holds it, and the passage's text now.
 */
export interface LocatedProposal {
  from: number;
  to: number;
  segment: TextSegment;
  /** The text the change would replace now ('' for an insertion). */
  current: string;
}

/** Why a proposal cannot be placed: its passage is gone, or no longer within one run of text. */
export type LocateFailure = 'removed' | 'split';

/**
 * Finds where a proposal's change goes in `doc` now. A replacement rewrites its anchored
 * passage as it stands (text typed inside it since included); an insertion goes right after or
 * before the character it is anchored to.
 */
export function locateProposal(
  doc: Y.Doc,
  flat: FlatText,
  { thread, proposal }: ProposalWithThread,
): LocatedProposal | LocateFailure {
  let resolved;
  try {
    resolved = resolveAnchor(doc, thread.anchor, flat);
  } catch {
    // The stored text is older than the proposal (see placeThreads): nothing to apply it to.
    return 'removed';
  }
  if (resolved.status !== 'anchored') return 'removed';
  const bounds = textBounds(flat, resolved.from, resolved.to);
  if (bounds === null || bounds.firstSegment !== bounds.lastSegment) return 'split';
  const { placement } = proposal;
  const from = placement === 'after' ? resolved.to : resolved.from;
  const to = placement === 'before' ? resolved.from : resolved.to;
  return {
    from,
    to,
    segment: bounds.firstSegment,
    current: placement === 'replace' ? resolved.exact : '',
  };
}

/** Whether two change ranges touch the same text; an insertion point counts at a range's edge. */
export function rangesOverlap(
  a: { from: number; to: number },
  b: { from: number; to: number },
): boolean {
  if (a.from < a.to && b.from < b.to) return a.from < b.to && b.from < a.to;
  return a.from <= b.to && b.from <= a.to;
}

/** The Yjs formatting attributes of a run, as y-tiptap writes marks: name → attributes. */
function attributesOf(run: ProposalRun): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  if (run.bold) attributes.bold = schema.marks.bold?.create().attrs ?? {};
  if (run.italic) attributes.italic = schema.marks.italic?.create().attrs ?? {};
  if (run.href !== null) attributes.link = schema.marks.link?.create({ href: run.href }).attrs;
  return attributes;
}

/**
 * Rewrites the located range with the proposed wording, inside the caller's transaction: one
 * delete and one insert per formatted run, in the run of text that holds the passage. Explicit
 * attributes on every run keep the formatting around the passage from spilling into it.
 */
export function writeProposal(located: LocatedProposal, wording: ProposalText): void {
  const text = located.segment.text;
  let at = located.from - located.segment.start;
  if (located.to > located.from) text.delete(at, located.to - located.from);
  for (const run of proposalRuns(wording)) {
    text.insert(at, run.text, attributesOf(run));
    at += run.text.length;
  }
}

/**
 * The accepted change as a Yjs update, made on a copy of `doc` and not applied to it: what an
 * editor's browser applies as its own edit. The copy gets a fresh client id, so the update's
 * new characters are told apart from everything else, and its deletions name the exact
 * characters of the passage.
 */
export function prepareProposalUpdate(
  doc: Y.Doc,
  target: ProposalWithThread,
  wording: ProposalText,
): Uint8Array | LocateFailure {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const located = locateProposal(copy, flattenText(copy), target);
    if (typeof located === 'string') return located;
    let update: Uint8Array | null = null;
    copy.on('update', (bytes: Uint8Array) => {
      update = update === null ? bytes : Y.mergeUpdates([update, bytes]);
    });
    copy.transact(() => writeProposal(located, wording));
    // A change that changes nothing (deleting an already empty passage) cannot happen: a
    // located passage holds text or is an insertion of text.
    return update ?? new Uint8Array();
  } finally {
    copy.destroy();
  }
}
