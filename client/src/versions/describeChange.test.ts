import type { JSONContent } from '@tiptap/core';
import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../../shared/diff/diffDocuments.ts';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { translate, type MessageValues } from '../../../shared/i18n/translate.ts';
import { describeChange } from './describeChange.ts';

const t = (key: MessageKey, values?: MessageValues) => translate('en', key, values);
const p = (text: string, id: string): JSONContent => ({
  type: 'paragraph',
  attrs: { id },
  content: [{ type: 'text', text }],
});
const heading = (level: number, text: string, id: string): JSONContent => ({
  type: 'heading',
  attrs: { level, id },
  content: [{ type: 'text', text }],
});
const doc = (...content: JSONContent[]): JSONContent => ({ type: 'doc', content });

describe('describeChange', () => {
  it('names a moved paragraph by where it came from and where it is now', () => {
    const diff = diffDocuments(
      doc(
        heading(2, 'Syfte', 'h'),
        p('Första stycket om öppna data.', 'a'),
        p('Andra stycket om licenser.', 'b'),
        p('Tredje stycket om avgifter.', 'c'),
      ),
      doc(
        heading(2, 'Syfte', 'h'),
        p('Andra stycket om licenser.', 'b'),
        p('Tredje stycket om avgifter.', 'c'),
        p('Första stycket om öppna data.', 'a'),
      ),
    );
    const moved = diff.blocks.find((change) => change.type === 'moved');
    if (!moved) throw new Error('no moved block');
    expect(describeChange(moved, t)).toEqual({
      place: '1 ¶3',
      what: 'Moved from 1 ¶1',
      precision: null,
    });
  });

  it('places a deleted paragraph where it was, and calls the title the title', () => {
    const diff = diffDocuments(
      doc(heading(1, 'Vägledning', 't'), p('Ett stycke som tas bort.', 'a')),
      doc(heading(1, 'Vägledning om licenser', 't')),
    );
    const [title, deleted] = diff.blocks;
    if (!title || !deleted) throw new Error('expected two blocks');
    expect(describeChange(title, t)).toMatchObject({ place: 'the title', what: 'Text changed' });
    expect(describeChange(deleted, t)).toMatchObject({ place: '¶1', what: 'Deleted paragraph' });
  });

  it('says nothing about an unchanged block', () => {
    const text = doc(p('Oförändrat.', 'a'));
    const [block] = diffDocuments(text, text).blocks;
    if (!block) throw new Error('expected a block');
    expect(describeChange(block, t).what).toBeNull();
  });
});
