/**
 * Threads whose characters y-prosemirror re-creates (a paragraph merged into the one before, Enter
 * at the start of the passage's paragraph, an undone deletion) are found again by their quote
 * and context, and never on other text.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ANCHOR_REFIND_MIN_CONTEXT } from '../../../shared/limits.ts';
import {
  buildDoc,
  deleteText,
  editThenUndo,
  insertText,
  joinBackward,
  paragraphsDoc,
  splitAtBlockStart,
  splitBlock,
  typeIntoEmptyBlock,
} from '../../test/yEdits.ts';
import { createAnchor, type AnchorSelector, type StoredAnchor } from './createAnchor.ts';
import { flattenText } from './flattenText.ts';
import { resolveAnchor, type ResolvedAnchor } from './resolveAnchor.ts';

const P1 = 'The committee shall publish its report.';
const P2 = 'Municipalities may apply for a grant.';
const P3 = 'The grant is paid yearly.';

function anchor(doc: Y.Doc, selector: AnchorSelector): StoredAnchor {
  const result = createAnchor(doc, selector);
  if (!result.ok) throw new Error(`could not anchor: ${result.reason}`);
  return result.anchor;
}

const quote = (exact: string): AnchorSelector => ({ type: 'TextQuoteSelector', exact });

/** The offset of a phrase in the flat text, failing the test if it is not there exactly once. */
function offsetOf(doc: Y.Doc, phrase: string): number {
  const text = flattenText(doc).text;
  const at = text.indexOf(phrase);
  if (at < 0 || text.indexOf(phrase, at + 1) >= 0) throw new Error(`"${phrase}" not unique`);
  return at;
}

/** Sends every update of each document to the other, both ways. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Resolves, and checks that an anchored result's offsets hold its text. */
function resolve(doc: Y.Doc, stored: StoredAnchor): ResolvedAnchor {
  const resolved = resolveAnchor(doc, stored);
  if (resolved.status === 'anchored') {
    expect(flattenText(doc).text.slice(resolved.from, resolved.to)).toBe(resolved.exact);
  }
  return resolved;
}

/** The re-found anchor of a result, failing the test if it was not re-found. */
function refound(resolved: ResolvedAnchor): StoredAnchor {
  if (resolved.status !== 'anchored' || resolved.refound === undefined) {
    throw new Error(`not re-found: ${JSON.stringify(resolved)}`);
  }
  return resolved.refound;
}

describe('re-finding a passage whose characters were re-created', () => {
  it('keeps a thread on exactly its text when its paragraph is merged up', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('apply for a grant'));
    joinBackward(doc, 'p2');
    expect(flattenText(doc).text).toBe(`${P1}${P2}\n${P3}`);
    const resolved = resolve(doc, stored);
    expect(resolved).toMatchObject({
      status: 'anchored',
      kind: 'passage',
      exact: 'apply for a grant',
      blockId: 'p1',
      from: offsetOf(doc, 'apply for a grant'),
      // The context shown is today's; the stored one stays what the commenter saw.
      prefix: 'h its report.Municipalities may ',
    });
    expect(refound(resolved)).toMatchObject({
      quote: stored.quote,
      prefix: stored.prefix,
      suffix: stored.suffix,
      blockId: 'p1',
    });
  });

  it('follows later edits once the re-found anchor is stored in place of the old one', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('apply for a grant'));
    joinBackward(doc, 'p2');
    const renewed = refound(resolve(doc, stored));
    insertText(doc, offsetOf(doc, ' for a grant'), ' early');
    insertText(doc, offsetOf(doc, 'apply'), 'now ');
    expect(resolve(doc, renewed)).toMatchObject({
      status: 'anchored',
      exact: 'apply early for a grant',
    });
    // The old anchor cannot find its quote any more: only the stored one follows the text.
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed' });
    // Gone for real later: removed, with the original quote and context.
    const from = offsetOf(doc, 'apply early for a grant');
    deleteText(doc, from, from + 'apply early for a grant'.length);
    expect(resolve(doc, renewed)).toEqual({
      status: 'removed',
      kind: 'passage',
      exact: 'apply for a grant',
      prefix: stored.prefix,
      suffix: stored.suffix,
      blockId: 'p1',
    });
  });

  it('keeps a thread when Enter is pressed at the start of its paragraph', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('Municipalities may'));
    splitAtBlockStart(doc, 'p2', 'p2b');
    expect(flattenText(doc).text).toBe(`${P1}\n\n${P2}\n${P3}`);
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'Municipalities may',
      blockId: 'p2b',
      from: offsetOf(doc, 'Municipalities may'),
    });
  });

  it('brings a thread back when its deletion is undone', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('publish its'));
    const from = offsetOf(doc, 'publish its');
    editThenUndo(doc, () => deleteText(doc, from, from + 'publish its'.length));
    expect(flattenText(doc).text.startsWith(P1)).toBe(true);
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'publish its', from });
  });

  it('brings a thread back when the merge of its paragraph is undone', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('apply for a grant'));
    editThenUndo(doc, () => joinBackward(doc, 'p2'));
    expect(flattenText(doc).text).toBe(`${P1}\n${P2}\n${P3}`);
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'apply for a grant',
      from: offsetOf(doc, 'apply for a grant'),
    });
  });

  it('marks a passage removed when it is deleted for real', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('apply for a grant'));
    joinBackward(doc, 'p2');
    const from = offsetOf(doc, 'apply for a grant');
    deleteText(doc, from, from + 'apply for a grant'.length);
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed', exact: 'apply for a grant' });
  });

  it('never moves to the same words in other context', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, 'Farms may apply for a grant too.'));
    const stored = anchor(doc, {
      type: 'TextQuoteSelector',
      exact: 'apply for a grant',
      prefix: 'Municipalities may ',
    });
    const from =
      offsetOf(doc, 'Municipalities may apply for a grant') + 'Municipalities may '.length;
    deleteText(doc, from, from + 'apply for a grant'.length);
    // The other sentence is still there and holds the quote exactly once now.
    expect(flattenText(doc).text.indexOf('apply for a grant')).toBeGreaterThan(from);
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed', exact: 'apply for a grant' });
  });

  it('never moves to the same words in the same context that were there all along', () => {
    // The stored context fits both copies only when the 32 characters on either side are alike;
    // the second copy is older than the thread, so it was other text when the thread was made.
    const repeated = 'Each municipality may apply for a grant once a year, no more.';
    const doc = buildDoc(paragraphsDoc(`First: ${repeated}`, `Second: ${repeated}`));
    const stored = anchor(doc, {
      type: 'TextQuoteSelector',
      exact: 'apply',
      prefix: 'First: Each municipality may ',
    });
    expect(stored.prefix).toBe('First: Each municipality may ');
    const from = offsetOf(doc, 'First: Each municipality may ') + stored.prefix.length;
    deleteText(doc, from, from + 'apply'.length);
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed' });
  });

  it('stays removed when two copies fit its context equally', () => {
    const doc = buildDoc(paragraphsDoc('Alpha paragraph one.', P3, 'Closing words.'));
    const stored = anchor(doc, quote('grant is paid'));
    joinBackward(doc, 'p2');
    splitBlock(doc, flattenText(doc).text.length, 'copy');
    typeIntoEmptyBlock(doc, 'copy', `Alpha paragraph one.${P3}Closing words.`);
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed', exact: 'grant is paid' });
  });

  it('stays removed when too little context was stored to tell the place', () => {
    const doc = buildDoc(paragraphsDoc('Yes.', 'Fine.'));
    const stored = anchor(doc, quote('Fine'));
    expect(stored.prefix.length + stored.suffix.length).toBeLessThan(ANCHOR_REFIND_MIN_CONTEXT);
    joinBackward(doc, 'p2');
    expect(flattenText(doc).text).toBe('Yes.Fine.');
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed', exact: 'Fine' });
  });

  it('stays removed when text was typed into its context since', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, quote('apply for a grant'));
    joinBackward(doc, 'p2');
    insertText(doc, offsetOf(doc, 'apply for'), 'not ');
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed' });
  });

  it('finds a paragraph thread as a passage when its paragraph is merged up', () => {
    const doc = buildDoc(paragraphsDoc(P1, P2, P3));
    const stored = anchor(doc, { type: 'FragmentSelector', value: 'p2' });
    joinBackward(doc, 'p2');
    const resolved = resolve(doc, stored);
    expect(resolved).toMatchObject({
      status: 'anchored',
      kind: 'passage',
      exact: P2,
      blockId: 'p1',
      from: P1.length,
    });
    expect(refound(resolved)).toMatchObject({ kind: 'passage', quote: P2, blockId: 'p1' });
  });

  it('resolves alike on two replicas after a merge and a concurrent edit elsewhere', () => {
    const server = buildDoc(paragraphsDoc(P1, P2, P3), 1);
    const client = new Y.Doc();
    client.clientID = 2;
    sync(server, client);
    const stored = anchor(server, quote('apply for a grant'));
    joinBackward(client, 'p2');
    // Outside the 32 characters of stored context: an edit inside them would (rightly) keep the
    // thread removed.
    insertText(server, 0, 'Draft: ');
    sync(server, client);
    expect(resolve(client, stored)).toEqual(resolve(server, stored));
    expect(resolve(server, stored)).toMatchObject({
      status: 'anchored',
      exact: 'apply for a grant',
    });
  });
});
