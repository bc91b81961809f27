import { describe, expect, it } from 'vitest';
import { OutgoingMessage } from '@hocuspocus/server';
import * as Y from 'yjs';
import { BLOCK_ID_ATTRIBUTE, YJS_FRAGMENT } from '../../shared/editor/blockTypes.ts';
import {
  peekFrame,
  updateFrame,
  updateKey,
  updateOf,
  updateSpans,
  type UpdateSpan,
} from './protocol.ts';

const DOCUMENT = 'bench-protocol';

/** A typist as the bench runs one: a paragraph of its own, then one character per update. */
class Typist {
  readonly doc = new Y.Doc();
  readonly updates: Uint8Array[] = [];
  /** The key of every keystroke, as the worker records it when sending. */
  readonly keys: string[] = [];
  private readonly text = new Y.XmlText();

  constructor(index: number) {
    this.doc.on('update', (update: Uint8Array) => this.updates.push(update));
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute(BLOCK_ID_ATTRIBUTE, `typist-${index}`);
    paragraph.insert(0, [this.text]);
    const fragment = this.doc.getXmlFragment(YJS_FRAGMENT);
    fragment.insert(fragment.length, [paragraph]);
  }

  type(characters: string): void {
    for (const character of characters) {
      this.keys.push(updateKey(this.doc.clientID, Y.getState(this.doc.store, this.doc.clientID)));
      this.text.insert(this.text.length, character);
    }
  }
}

/** Every key a frame carries, read the way the load worker reads a received frame. */
function keysIn(frame: Uint8Array): string[] {
  expect(peekFrame(frame)).toEqual({ kind: 'update' });
  const carried = updateOf(frame);
  if (!carried) throw new Error('the frame carries no update');
  return updateSpans(carried.update).flatMap((span: UpdateSpan) =>
    Array.from({ length: span.to - span.from }, (_, offset) =>
      updateKey(span.client, span.from + offset),
    ),
  );
}

describe('the bench counting keystrokes in received frames', () => {
  it('finds the one keystroke of an update a node broadcasts for one client message', () => {
    const typist = new Typist(1);
    typist.type('a');
    const keystroke = typist.updates.at(-1);
    if (!keystroke) throw new Error('no update');
    expect(keysIn(updateFrame(DOCUMENT, keystroke))).toEqual(typist.keys);
  });

  it('finds every keystroke of every typist in one update relayed from another node', () => {
    // Node A holds both typists' keystrokes, each applied as it came; node B gets them in one
    // diff (the Redis extension's SyncStep2) and broadcasts what that transaction added.
    const nodeA = new Y.Doc();
    const nodeB = new Y.Doc();
    const first = new Typist(1);
    const second = new Typist(2);
    for (const typist of [first, second]) {
      for (const update of typist.updates) Y.applyUpdate(nodeA, update);
    }
    Y.applyUpdate(nodeB, Y.encodeStateAsUpdate(nodeA));
    first.type('Myn');
    second.type('dig');
    for (const typist of [first, second]) {
      for (const update of typist.updates.slice(-3)) Y.applyUpdate(nodeA, update);
    }

    const broadcast: Uint8Array[] = [];
    nodeB.on('update', (update: Uint8Array) => broadcast.push(update));
    Y.applyUpdate(nodeB, Y.encodeStateAsUpdate(nodeA, Y.encodeStateVector(nodeB)));

    expect(broadcast).toHaveLength(1);
    const [relayed] = broadcast;
    if (!relayed) throw new Error('node B broadcast nothing');
    const keys = keysIn(updateFrame(DOCUMENT, relayed));
    expect(keys.sort()).toEqual([...first.keys, ...second.keys].sort());
    // What node B's clients end up holding matches node A.
    expect(nodeB.getXmlFragment(YJS_FRAGMENT).toJSON()).toBe(
      nodeA.getXmlFragment(YJS_FRAGMENT).toJSON(),
    );
  });
});

describe('the bench reading update structs without decoding them', () => {
  /** What `Y.decodeUpdate` says the spans are: the reference the cheap reader must match. */
  const decodedSpans = (update: Uint8Array): UpdateSpan[] => {
    const spans: UpdateSpan[] = [];
    for (const struct of Y.decodeUpdate(update).structs) {
      if (struct instanceof Y.Skip) continue;
      const { client, clock } = struct.id;
      const last = spans.at(-1);
      if (last && last.client === client && last.to === clock) last.to += struct.length;
      else spans.push({ client, from: clock, to: clock + struct.length });
    }
    return spans;
  };

  it('matches Y.decodeUpdate on every kind of struct and content', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const fragment = doc.getXmlFragment(YJS_FRAGMENT);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.setAttribute(BLOCK_ID_ATTRIBUTE, 'p1');
    const text = new Y.XmlText();
    paragraph.insert(0, [text]);
    fragment.insert(0, [paragraph]);
    // Multi-byte characters: å (2 bytes, 1 unit), € (3 bytes, 1 unit), 😀 (4 bytes, 2 units).
    text.insert(0, 'Förslag på åtgärd € 😀 ');
    text.format(0, 7, { bold: true });
    text.insertEmbed(3, { image: 'x.png' });
    text.delete(2, 4);
    const map = doc.getMap('meta');
    map.set('title', 'Remiss');
    map.set('count', 3);
    map.set('bytes', new Uint8Array([1, 2, 3]));
    map.set('nested', new Y.Map());
    map.set('subdoc', new Y.Doc());
    // A hook is a named type: its name is read past like an element's.
    map.set('hook', new Y.XmlHook('hook'));
    const array = doc.getArray<unknown>('list');
    array.insert(0, [1, 'två', { tre: 3 }, [4], null, true]);
    array.delete(1, 2);
    map.delete('title');
    // A deleted type's items are garbage-collected: GC structs in the state.
    const gone = new Y.Array<number>();
    map.set('gone', gone);
    gone.insert(0, [1, 2, 3]);
    map.delete('gone');

    const merged = Y.mergeUpdates(updates);
    // A merged update of non-adjacent pieces holds Skips; state as one update holds GCs when gc.
    const gapped = Y.mergeUpdates(
      [updates[0], updates[2], updates.at(-1)].flatMap((u) => (u ? [u] : [])),
    );
    const state = Y.encodeStateAsUpdate(doc);
    for (const update of [...updates, merged, gapped, state]) {
      expect(updateSpans(update)).toEqual(decodedSpans(update));
    }
    // Every struct and content kind the editor or a map can write was among them (ContentJSON is
    // only read, for old documents; Yjs no longer writes it).
    const kinds = new Set(
      [...updates, gapped, state].flatMap((update) =>
        Y.decodeUpdate(update).structs.map((struct) =>
          struct instanceof Y.Item ? struct.content.constructor.name : struct.constructor.name,
        ),
      ),
    );
    expect([...kinds].sort()).toEqual(
      [
        'GC',
        'Skip',
        'ContentAny',
        'ContentBinary',
        'ContentDeleted',
        'ContentDoc',
        'ContentEmbed',
        'ContentFormat',
        'ContentString',
        'ContentType',
      ].sort(),
    );
  });

  it('counts every character of a multi-byte keystroke run as the document does', () => {
    const typist = new Typist(3);
    typist.type('åäö😀€x');
    const merged = Y.mergeUpdates(typist.updates.slice(1));
    const keys = updateSpans(merged).flatMap((span) =>
      Array.from({ length: span.to - span.from }, (_, offset) =>
        updateKey(span.client, span.from + offset),
      ),
    );
    // The emoji is two clocks, and the worker records a key for the first only; every recorded
    // key is among those counted.
    expect(keys).toEqual(expect.arrayContaining(typist.keys));
    expect(updateSpans(merged)).toEqual(decodedSpans(merged));
  });
});

describe("the bench reading the server's authentication answers", () => {
  // Frames made by Hocuspocus itself, so that the bench reads what a server really sends.
  it('tells an Authenticated answer from a refusal and from other frames', () => {
    const answer = (readOnly: boolean) =>
      new OutgoingMessage(DOCUMENT).writeAuthenticated(readOnly).toUint8Array();
    expect(peekFrame(answer(false))).toEqual({ kind: 'authenticated' });
    expect(peekFrame(answer(true))).toEqual({ kind: 'authenticated' });
    const refusal = new OutgoingMessage(DOCUMENT).writePermissionDenied('forbidden').toUint8Array();
    expect(peekFrame(refusal)).toEqual({ kind: 'denied' });
    const ack = new OutgoingMessage(DOCUMENT).writeSyncStatus(true).toUint8Array();
    expect(peekFrame(ack)).toEqual({ kind: 'ack' });
  });
});
