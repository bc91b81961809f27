import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { YJS_FRAGMENT } from '../../../shared/editor/blockTypes.ts';
import { schema } from '../../editor/schema.ts';
import { demoDraft } from '../../seed/demoDraft.ts';
import { createAnchor, type AnchorSelector, type StoredAnchor } from './createAnchor.ts';
import { flattenText } from './flattenText.ts';
import { AnchorStateMissingError, resolveAnchor, type ResolvedAnchor } from './resolveAnchor.ts';
import {
  buildDoc,
  deleteAcross,
  deleteText,
  formatText,
  insertText,
  joinBackward,
  paragraphsDoc,
  splitBlock,
  typeIntoEmptyBlock,
} from '../../test/yEdits.ts';

const P1 = 'The committee shall publish its report.';
const P2 = 'Second paragraph text here.';
const P3 = 'Third paragraph closes.';

/** Anchors a selector, failing the test if it cannot be anchored. */
function anchor(doc: Y.Doc, selector: AnchorSelector): StoredAnchor {
  const result = createAnchor(doc, selector);
  if (!result.ok) throw new Error(`could not anchor: ${result.reason}`);
  return result.anchor;
}

const quote = (exact: string, prefix?: string, suffix?: string): AnchorSelector => ({
  type: 'TextQuoteSelector',
  exact,
  ...(prefix === undefined ? {} : { prefix }),
  ...(suffix === undefined ? {} : { suffix }),
});

/** The offset of a phrase in the flat text, failing the test if it is not there exactly once. */
function offsetOf(doc: Y.Doc, phrase: string): number {
  const text = flattenText(doc).text;
  const at = text.indexOf(phrase);
  if (at < 0 || text.indexOf(phrase, at + 1) >= 0) throw new Error(`"${phrase}" not unique`);
  return at;
}

/** The resolved anchor, with the flat text it points into checked for consistency. */
function resolve(doc: Y.Doc, stored: StoredAnchor): ResolvedAnchor {
  const resolved = resolveAnchor(doc, stored);
  if (resolved.status === 'anchored') {
    expect(flattenText(doc).text.slice(resolved.from, resolved.to)).toBe(resolved.exact);
  }
  return resolved;
}

/** Sends every update of each document to the other, both ways. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('flattenText', () => {
  it('reads the demo draft as ProseMirror reads it, one line break between blocks', () => {
    const doc = buildDoc(demoDraft);
    const node = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(YJS_FRAGMENT), schema);
    const flat = flattenText(doc);
    expect(flat.text).toBe(node.textBetween(0, node.content.size, '\n', '\n'));
    for (const segment of flat.segments)
      expect(segment.end - segment.start).toBe(segment.text.length);
  });

  it('attributes text to the nearest block with an id, and a list item covers its paragraphs', () => {
    const doc = buildDoc({
      type: 'doc',
      content: [
        {
          type: 'heading',
          attrs: { id: 'h1', level: 2 },
          content: [{ type: 'text', text: 'Scope' }],
        },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              attrs: { id: 'li1' },
              content: [
                { type: 'paragraph', attrs: { id: 'a' }, content: [{ type: 'text', text: 'one' }] },
                { type: 'paragraph', attrs: { id: 'b' }, content: [{ type: 'text', text: 'two' }] },
              ],
            },
          ],
        },
        { type: 'paragraph', attrs: { id: 'c' } },
        {
          type: 'paragraph',
          attrs: { id: 'd' },
          content: [
            { type: 'text', text: 'line', marks: [{ type: 'bold' }] },
            { type: 'hardBreak' },
            { type: 'text', text: 'next' },
          ],
        },
      ],
    });
    const flat = flattenText(doc);
    expect(flat.text).toBe('Scope\none\ntwo\n\nline\nnext');
    expect(flat.segments.map((segment) => segment.blockId)).toEqual(['h1', 'a', 'b', 'd', 'd']);
    const item = flat.blocks.get('li1');
    const range = item === undefined ? undefined : flat.ranges.get(item);
    expect(range && flat.text.slice(range.from, range.to)).toBe('one\ntwo');
  });
});

describe('createAnchor', () => {
  const doc = buildDoc(paragraphsDoc('the law and the law', 'and the law again'));

  it('refuses an empty quote, a missing one and one made only of line breaks', () => {
    expect(createAnchor(doc, quote(''))).toEqual({ ok: false, reason: 'invalid' });
    expect(createAnchor(doc, quote('statute'))).toEqual({ ok: false, reason: 'not-found' });
    expect(createAnchor(doc, quote('\n'))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('calls a repeated quote ambiguous unless the prefix or suffix singles one out', () => {
    expect(createAnchor(doc, quote('the law'))).toEqual({ ok: false, reason: 'ambiguous' });
    const second = anchor(doc, quote('the law', 'law and '));
    expect(resolve(doc, second)).toMatchObject({ status: 'anchored', from: 12, to: 19 });
    const third = anchor(doc, quote('the law', undefined, ' again'));
    expect(resolve(doc, third)).toMatchObject({ status: 'anchored', from: 24, to: 31 });
    const first = anchor(doc, quote('the law', '', ' and the'));
    expect(resolve(doc, first)).toMatchObject({ status: 'anchored', from: 0, to: 7 });
    // Context shared by two occurrences is still ambiguous; context fitting none is not found.
    expect(createAnchor(doc, quote('the law', 'and '))).toEqual({ ok: false, reason: 'ambiguous' });
    expect(createAnchor(doc, quote('the law', 'under '))).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });

  it('anchors a passage across two paragraphs and stores its quote and context', () => {
    const stored = anchor(doc, quote('law\nand', 'the law and the '));
    expect(stored).toMatchObject({
      kind: 'passage',
      blockId: 'p1',
      quote: 'law\nand',
      prefix: 'the law and the ',
      suffix: ' the law again',
    });
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'law\nand' });
  });

  it('anchors a heading and a list item by id, and refuses an unknown id', () => {
    const blocks = buildDoc({
      type: 'doc',
      content: [
        {
          type: 'heading',
          attrs: { id: 'h', level: 2 },
          content: [{ type: 'text', text: 'Scope' }],
        },
        {
          type: 'orderedList',
          content: [
            {
              type: 'listItem',
              attrs: { id: 'li' },
              content: [
                {
                  type: 'paragraph',
                  attrs: { id: 'lp' },
                  content: [{ type: 'text', text: 'First' }],
                },
              ],
            },
          ],
        },
      ],
    });
    const heading = anchor(blocks, { type: 'FragmentSelector', value: 'h' });
    expect(heading).toMatchObject({ kind: 'block', blockId: 'h', quote: 'Scope' });
    const item = anchor(blocks, { type: 'FragmentSelector', value: 'li' });
    expect(resolve(blocks, item)).toMatchObject({
      status: 'anchored',
      kind: 'block',
      exact: 'First',
      blockId: 'li',
      prefix: 'Scope\n',
    });
    expect(createAnchor(blocks, { type: 'FragmentSelector', value: 'nope' })).toEqual({
      ok: false,
      reason: 'not-found',
    });
  });
});

describe('resolveAnchor', () => {
  /** A fresh document and an anchor on a phrase of it. */
  function setup(
    phrase: string,
    texts: string[] = [P1, P2, P3],
  ): { doc: Y.Doc; stored: StoredAnchor } {
    const doc = buildDoc(paragraphsDoc(...texts));
    return { doc, stored: anchor(doc, quote(phrase)) };
  }

  it('keeps text typed right before or right after the passage out of it', () => {
    const { doc, stored } = setup('publish its');
    const from = offsetOf(doc, 'publish its');
    insertText(doc, from + 'publish its'.length, ' final');
    insertText(doc, from, 'not ');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'publish its',
      prefix: 'The committee shall not ',
      suffix: ' final report.\nSecond paragraph ',
      blockId: 'p1',
      from: from + 4,
    });
  });

  it('takes in text typed inside the passage, and shrinks when part of it is deleted', () => {
    const { doc, stored } = setup('shall publish its');
    insertText(doc, offsetOf(doc, ' its'), ' and sign');
    expect(resolve(doc, stored)).toMatchObject({ exact: 'shall publish and sign its' });
    deleteText(doc, offsetOf(doc, 'shall '), offsetOf(doc, 'publish'));
    expect(resolve(doc, stored)).toMatchObject({ exact: 'publish and sign its' });
  });

  it('is unaffected by bold on, across and around the passage', () => {
    const { doc, stored } = setup('shall publish');
    formatText(doc, offsetOf(doc, 'committee'), offsetOf(doc, ' its'), { bold: {} });
    formatText(doc, offsetOf(doc, 'publish'), offsetOf(doc, ' report'), { bold: null });
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'shall publish' });
  });

  it('marks a fully deleted passage removed and keeps its quote and context', () => {
    const { doc, stored } = setup('publish its');
    const from = offsetOf(doc, 'publish its');
    deleteText(doc, from, from + 'publish its'.length);
    expect(resolve(doc, stored)).toEqual({
      status: 'removed',
      kind: 'passage',
      exact: 'publish its',
      prefix: 'The committee shall ',
      suffix: ' report.\nSecond paragraph text h',
      blockId: 'p1',
    });
  });

  it('finds the same words typed again in the same context, as it finds an undone deletion', () => {
    // The document state cannot tell retyping from an undo (see refindQuote), and the reader
    // sees exactly the passage that was commented on.
    const { doc, stored } = setup('publish its');
    const from = offsetOf(doc, 'publish its');
    deleteText(doc, from, from + 'publish its'.length);
    insertText(doc, from, 'publish its');
    expect(flattenText(doc).text.startsWith(P1)).toBe(true);
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'publish its',
      from,
      refound: { quote: 'publish its', prefix: 'The committee shall ' },
    });
  });

  it('stays removed when the words are retyped one by one, inside the old range', () => {
    // A paragraph with no context around the passage, so that only the positions decide: new
    // text between the passage's two ends is not the passage.
    const { doc, stored } = setup('publish its', ['publish its']);
    const from = offsetOf(doc, 'publish its');
    // Delete all but the last character, retype, then delete the last one: new text now lies
    // between the passage's two ends, but none of it is the original passage.
    deleteText(doc, from, from + 'publish it'.length);
    insertText(doc, from, 'publish it');
    deleteText(doc, from + 'publish it'.length, from + 'publish its'.length);
    insertText(doc, from + 'publish it'.length, 's');
    expect(flattenText(doc).text).toBe('publish its');
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed' });
  });

  it('spans both paragraphs when a paragraph is split inside the passage', () => {
    const { doc, stored } = setup('publish its report');
    splitBlock(doc, offsetOf(doc, ' its'), 'p1b');
    expect(flattenText(doc).text.split('\n').slice(0, 2)).toEqual([
      'The committee shall publish',
      ' its report.',
    ]);
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'publish\n its report',
      blockId: 'p1',
    });
  });

  it('is unaffected by a split after the passage, or at the end of its paragraph', () => {
    const { doc, stored } = setup('committee shall');
    splitBlock(doc, offsetOf(doc, ' its'), 'p1b');
    splitBlock(doc, offsetOf(doc, ' its') + ' its report.'.length, 'p1c');
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'committee shall' });
  });

  it('finds the passage again when a split before it moves all of it into a new paragraph', () => {
    // y-prosemirror rewrites the moved tail as new text, so none of the original characters is
    // left; the quote is found again in its context, which only gained a line break.
    const { doc, stored } = setup('its report');
    splitBlock(doc, offsetOf(doc, 'publish'), 'p1b');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'its report',
      blockId: 'p1b',
      refound: { blockId: 'p1b' },
    });
  });

  it('is unaffected when the next paragraph is merged into its own', () => {
    const { doc, stored } = setup('publish its');
    joinBackward(doc, 'p2');
    expect(flattenText(doc).text).toBe(`${P1}${P2}\n${P3}`);
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'publish its' });
  });

  it('follows a passage across two paragraphs when they are merged', () => {
    const { doc, stored } = setup('report.\nSecond');
    joinBackward(doc, 'p2');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'report.Second',
      blockId: 'p1',
    });
  });

  it('follows a passage whose first paragraph is merged into the one before it', () => {
    const { doc, stored } = setup('text here.\nThird');
    joinBackward(doc, 'p2');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'text here.\nThird',
      blockId: 'p1',
    });
  });

  it('finds the passage again when its whole paragraph is merged into the one before', () => {
    const { doc, stored } = setup('paragraph text');
    joinBackward(doc, 'p2');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'paragraph text',
      blockId: 'p1',
      from: P1.length + 'Second '.length,
    });
  });

  it('keeps the rest of a two-paragraph passage when the first paragraph is deleted', () => {
    const { doc, stored } = setup('report.\nSecond paragraph');
    doc.getXmlFragment(YJS_FRAGMENT).delete(0, 1);
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'Second paragraph',
      blockId: 'p2',
      from: 0,
    });
  });

  it('takes in a new paragraph typed between its two paragraphs', () => {
    const { doc, stored } = setup('report.\nSecond');
    splitBlock(doc, offsetOf(doc, '\nSecond'), 'new');
    typeIntoEmptyBlock(doc, 'new', 'Inserted.');
    expect(resolve(doc, stored)).toMatchObject({ exact: 'report.\nInserted.\nSecond' });
  });

  it('marks a passage across paragraphs removed when a deletion takes all of it', () => {
    const { doc, stored } = setup('report.\nSecond');
    deleteAcross(doc, offsetOf(doc, 'its report'), offsetOf(doc, ' paragraph text'));
    expect(flattenText(doc).text).toBe(`The committee shall publish  paragraph text here.\n${P3}`);
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed', exact: 'report.\nSecond' });
  });

  it('follows a passage in a list item when the item is split inside it', () => {
    const doc = buildDoc({
      type: 'doc',
      content: [
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              attrs: { id: 'li1' },
              content: [
                {
                  type: 'paragraph',
                  attrs: { id: 'lp1' },
                  content: [{ type: 'text', text: 'Alpha beta gamma' }],
                },
              ],
            },
          ],
        },
      ],
    });
    const stored = anchor(doc, quote('beta gamma'));
    splitBlock(doc, offsetOf(doc, ' gamma'), 'lp2');
    expect(flattenText(doc).text).toBe('Alpha beta\n gamma');
    expect(flattenText(doc).blocks.has('lp2-item')).toBe(true);
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'beta\n gamma',
      blockId: 'lp1',
    });
  });

  it('follows a passage across a hard break when the break is removed', () => {
    const doc = buildDoc({
      type: 'doc',
      content: [
        {
          type: 'paragraph',
          attrs: { id: 'p' },
          content: [
            { type: 'text', text: 'line one' },
            { type: 'hardBreak' },
            { type: 'text', text: 'line two' },
          ],
        },
      ],
    });
    const stored = anchor(doc, quote('one\nline'));
    // y-prosemirror removes the break by appending the second text, as new text, to the first
    // and deleting the break and the second text.
    const paragraph = flattenText(doc).blocks.get('p');
    const [first, , second] = paragraph?.toArray() ?? [];
    if (
      paragraph === undefined ||
      !(first instanceof Y.XmlText) ||
      !(second instanceof Y.XmlText)
    ) {
      throw new Error('unexpected paragraph');
    }
    doc.transact(() => {
      first.insert(first.length, 'line two');
      paragraph.delete(1, 2);
    });
    expect(flattenText(doc).text).toBe('line oneline two');
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'oneline' });
  });

  it('anchors a table cell by id, with the text of its paragraphs', () => {
    const cell = (id: string, text: string) => ({
      type: 'tableCell',
      attrs: { id },
      content: [{ type: 'paragraph', attrs: { id: `${id}-p` }, content: [{ type: 'text', text }] }],
    });
    const doc = buildDoc({
      type: 'doc',
      content: [
        {
          type: 'table',
          content: [{ type: 'tableRow', content: [cell('c1', 'Licence'), cell('c2', 'CC0 1.0')] }],
        },
      ],
    });
    const stored = anchor(doc, { type: 'FragmentSelector', value: 'c2' });
    insertText(doc, flattenText(doc).text.length, ' (recommended)');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'CC0 1.0 (recommended)',
      prefix: 'Licence\n',
    });
  });

  it('follows a heading by id through edits, and marks it removed when it is deleted', () => {
    const doc = buildDoc({
      type: 'doc',
      content: [
        {
          type: 'heading',
          attrs: { id: 'h', level: 2 },
          content: [{ type: 'text', text: 'Scope' }],
        },
        { type: 'paragraph', attrs: { id: 'p' }, content: [{ type: 'text', text: 'Body' }] },
      ],
    });
    const stored = anchor(doc, { type: 'FragmentSelector', value: 'h' });
    insertText(doc, 0, 'The ');
    insertText(doc, 'The Scope'.length, ' of this guidance');
    expect(resolve(doc, stored)).toMatchObject({
      status: 'anchored',
      exact: 'The Scope of this guidance',
      from: 0,
    });
    doc.getXmlFragment(YJS_FRAGMENT).delete(0, 1);
    expect(resolve(doc, stored)).toMatchObject({ status: 'removed', exact: 'Scope', blockId: 'h' });
  });

  it('anchors an empty paragraph by id and shows what is typed into it later', () => {
    const doc = buildDoc(paragraphsDoc('Before', '', 'After'));
    const stored = anchor(doc, { type: 'FragmentSelector', value: 'p2' });
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: '', from: 7, to: 7 });
    typeIntoEmptyBlock(doc, 'p2', 'Filled in');
    expect(resolve(doc, stored)).toMatchObject({ status: 'anchored', exact: 'Filled in' });
  });

  it('resolves alike on two replicas after concurrent edits at its edges and inside', () => {
    const server = buildDoc(paragraphsDoc(P1, P2), 1);
    const client = new Y.Doc();
    client.clientID = 2;
    sync(server, client);
    const stored = anchor(server, quote('publish its'));
    const from = offsetOf(client, 'publish its');
    insertText(client, from, 'not ');
    insertText(client, from + 'not publish'.length, ' all');
    insertText(server, offsetOf(server, ' report'), ' final');
    deleteText(server, offsetOf(server, 'publish'), offsetOf(server, 'publish') + 'pub'.length);
    sync(server, client);
    const onServer = resolve(server, stored);
    expect(onServer).toEqual(resolve(client, stored));
    expect(onServer).toMatchObject({ status: 'anchored', exact: 'lish all its' });
  });

  it('resolves alike on every replica after an undo restores it (restored text is new)', () => {
    // Only the replica that undid knows the restored text replaces the deleted one; every
    // replica finds it again by its quote and context, and so agrees.
    const server = buildDoc(paragraphsDoc(P1, P2), 1);
    const client = new Y.Doc();
    client.clientID = 2;
    sync(server, client);
    const stored = anchor(server, quote('publish its'));
    const undo = new Y.UndoManager(client.getXmlFragment(YJS_FRAGMENT));
    const from = offsetOf(client, 'publish its');
    deleteText(client, from, from + 'publish its'.length);
    undo.undo();
    sync(server, client);
    expect(flattenText(server).text.startsWith(P1)).toBe(true);
    expect(resolve(client, stored)).toEqual(resolve(server, stored));
    expect(resolve(server, stored)).toMatchObject({
      status: 'anchored',
      exact: 'publish its',
      from: 'The committee shall '.length,
      refound: { quote: 'publish its' },
    });
  });

  it('refuses to resolve against a document that lacks the state the anchor was made on', () => {
    const doc = buildDoc(paragraphsDoc(P1));
    const older = new Y.Doc();
    Y.applyUpdate(older, Y.encodeStateAsUpdate(doc));
    insertText(doc, 0, 'New: ');
    const stored = anchor(doc, quote('New: The'));
    expect(() => resolveAnchor(older, stored)).toThrow(AnchorStateMissingError);
  });
});
