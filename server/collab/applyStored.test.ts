import { Document } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyStored } from './applyStored.ts';

const ORIGIN = Symbol('test-load');

/** A stored state and a log entry after it, as a document's rows hold them. */
function storedRows(): Uint8Array[] {
  const source = new Y.Doc();
  source.getText('t').insert(0, 'Remissvar');
  const state = Y.encodeStateAsUpdate(source);
  const before = Y.encodeStateVector(source);
  source.getText('t').insert(9, ' från kommunen');
  return [state, Y.encodeStateAsUpdate(source, before)];
}

/** An edit made elsewhere on top of `doc`, as a client would send it. */
function editOf(doc: Y.Doc): Uint8Array {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(other);
  other.getText('t').insert(0, '» ');
  return Y.encodeStateAsUpdate(other, before);
}

describe('applying a stored document', () => {
  it('loads every row without broadcasting the load, and broadcasts the next edit as usual', () => {
    const document = new Document('doc');
    const broadcast: unknown[] = [];
    document.onUpdate((_document, origin) => broadcast.push(origin));
    applyStored(document, storedRows(), ORIGIN);
    expect(document.getText('t').toJSON()).toBe('Remissvar från kommunen');
    expect(broadcast).toEqual([]);

    Y.applyUpdate(document, editOf(document), 'client');
    expect(document.getText('t').toJSON()).toBe('» Remissvar från kommunen');
    expect(broadcast).toEqual(['client']);
  });

  it('lets any other update listener see the load, whole', () => {
    const document = new Document('doc');
    const seen: Uint8Array[] = [];
    document.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === ORIGIN) seen.push(update);
    });
    applyStored(document, storedRows(), ORIGIN);
    expect(seen).toHaveLength(1);
    const copy = new Y.Doc();
    for (const update of seen) Y.applyUpdate(copy, update);
    expect(copy.getText('t').toJSON()).toBe('Remissvar från kommunen');
  });

  it('throws on a row that does not decode, and still broadcasts later edits', () => {
    const document = new Document('doc');
    const broadcast: unknown[] = [];
    document.onUpdate((_document, origin) => broadcast.push(origin));
    const [state] = storedRows();
    if (!state) throw new Error('no state');
    expect(() => applyStored(document, [state.subarray(0, 7)], ORIGIN)).toThrow();

    const fresh = new Document('doc');
    fresh.onUpdate((_document, origin) => broadcast.push(origin));
    applyStored(fresh, [state], ORIGIN);
    Y.applyUpdate(document, Y.encodeStateAsUpdate(fresh), 'client');
    expect(broadcast).toEqual(['client']);
  });
});
