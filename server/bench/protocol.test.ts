import { describe, expect, it } from 'vitest';
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
