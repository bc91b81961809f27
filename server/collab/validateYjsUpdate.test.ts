import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_YJS_CLOCK } from '../../shared/limits.ts';
import { demoDraft } from '../seed/demoDraft.ts';
import { contentToYUpdate } from '../editor/contentToYUpdate.ts';
import {
  buildDoc,
  deleteText,
  formatText,
  insertText,
  paragraphsDoc,
  splitBlock,
} from '../test/yEdits.ts';
import { validateYjsUpdate } from './validateYjsUpdate.ts';

/** Captures the updates `edit` produces, as a client would send them. */
function updatesOf(doc: Y.Doc, edit: () => void): Uint8Array[] {
  const updates: Uint8Array[] = [];
  const listener = (update: Uint8Array) => updates.push(update);
  doc.on('update', listener);
  edit();
  doc.off('update', listener);
  return updates;
}

/** A V1 update with one client and the given structs, then an empty delete set. */
function craft(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('validating a client update before it is applied', () => {
  it('passes everything the editor writes', () => {
    expect(validateYjsUpdate(contentToYUpdate(demoDraft))).toEqual({ ok: true });
    const doc = buildDoc(paragraphsDoc('Första stycket.', 'Andra stycket.'));
    const updates = updatesOf(doc, () => {
      insertText(doc, 3, 'nytt ');
      deleteText(doc, 0, 2);
      formatText(doc, 0, 5, { bold: true });
      splitBlock(doc, 8, 'p9');
    });
    expect(updates.length).toBeGreaterThan(0);
    for (const update of updates) expect(validateYjsUpdate(update)).toEqual({ ok: true });
    expect(validateYjsUpdate(Y.encodeStateAsUpdate(doc))).toEqual({ ok: true });
  });

  it('refuses counts that claim more than the bytes hold, before anything loops', () => {
    // 2^32 - 1 clients in a five-byte update.
    const clients = craft((e) => encoding.writeVarUint(e, 0xffff_ffff));
    expect(validateYjsUpdate(clients)).toEqual({ ok: false, problem: 'count-exceeds-bytes' });
    // One client with 2^31 structs.
    const structs = craft((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 2 ** 31);
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 0);
    });
    expect(validateYjsUpdate(structs)).toEqual({ ok: false, problem: 'count-exceeds-bytes' });
  });

  it('refuses clocks and run lengths beyond MAX_YJS_CLOCK', () => {
    const gc = craft((e) => {
      encoding.writeVarUint(e, 1); // one client
      encoding.writeVarUint(e, 1); // one struct
      encoding.writeVarUint(e, 7); // client id
      encoding.writeVarUint(e, 0); // clock
      encoding.writeUint8(e, 0); // GC
      encoding.writeVarUint(e, MAX_YJS_CLOCK + 1);
      encoding.writeVarUint(e, 0); // no deletes
    });
    expect(validateYjsUpdate(gc)).toEqual({ ok: false, problem: 'clock-too-large' });
  });

  it('refuses new root types, and nesting meant to exhaust the stack', () => {
    const otherRoot = new Y.Doc();
    otherRoot.getMap('evil').set('a', 1);
    expect(validateYjsUpdate(Y.encodeStateAsUpdate(otherRoot))).toEqual({
      ok: false,
      problem: 'foreign-root',
    });
    const deep = new Y.Doc();
    const element = new Y.XmlElement<{ nested: unknown[] }>('paragraph');
    // The fragment's typing expects string attributes; Yjs stores any JSON value the same way.
    deep.getXmlFragment('default').insert(0, [element as unknown as Y.XmlElement]);
    let nested: unknown[] = [1];
    for (let depth = 0; depth < 40; depth += 1) nested = [nested];
    element.setAttribute('nested', nested);
    expect(validateYjsUpdate(Y.encodeStateAsUpdate(deep))).toEqual({
      ok: false,
      problem: 'nesting-too-deep',
    });
  });

  it('refuses truncated and padded updates, and never throws on random bytes', () => {
    const good = contentToYUpdate(demoDraft);
    expect(validateYjsUpdate(good.subarray(0, good.length - 7)).ok).toBe(false);
    expect(validateYjsUpdate(new Uint8Array([...good, 0, 1]))).toEqual({
      ok: false,
      problem: 'trailing-bytes',
    });
    let seed = 1;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    for (let round = 0; round < 2_000; round += 1) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 64) }, () => next() % 256);
      expect(() => validateYjsUpdate(bytes)).not.toThrow();
    }
  });
});
