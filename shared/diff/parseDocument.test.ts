import { describe, expect, it } from 'vitest';
import { parseDocument } from './parseDocument.ts';
import { seededRandom } from '../random/seededRandom.ts';
import { syntheticDocument } from './syntheticDocument.ts';

describe('parseDocument', () => {
  it('reads Tiptap JSON with the shared schema, without a DOM', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const node = parseDocument({
      type: 'doc',
      content: [{ type: 'heading', content: [{ type: 'text', text: 'Rubrik' }] }],
    });
    // Defaults from the schema are filled in, as the editor would see them.
    expect(node.firstChild?.attrs).toMatchObject({ level: 1, id: null });
  });

  it('rejects node types the schema does not have', () => {
    expect(() => parseDocument({ type: 'doc', content: [{ type: 'image' }] })).toThrow(RangeError);
  });

  it('accepts the synthetic documents the tests and benchmark use as valid content', () => {
    const node = parseDocument(syntheticDocument({ random: seededRandom(1), paragraphs: 200 }));
    expect(() => node.check()).not.toThrow();
  });
});
