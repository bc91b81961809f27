import { describe, expect, it } from 'vitest';
import { sheetEdits } from './sheetEdits.ts';

describe('sheetEdits', () => {
  it('writes the first sheet whole', () => {
    expect(sheetEdits(null, new Set(['a']))).toEqual({ rewrite: true });
  });

  it('adds and removes single rules for a few changed blocks', () => {
    expect(sheetEdits(['a', 'b', 'c'], new Set(['a', 'c', 'd']))).toEqual({
      rewrite: false,
      removed: ['b'],
      added: ['d'],
    });
    expect(sheetEdits(['a'], new Set(['a']))).toEqual({ rewrite: false, removed: [], added: [] });
  });

  it('writes the sheet whole when more blocks change than the limit', () => {
    const shown = Array.from({ length: 10 }, (_, index) => `old-${index}`);
    expect(sheetEdits(shown, new Set(['new']), 10)).toEqual({ rewrite: true });
    expect(sheetEdits(shown, new Set(shown.slice(1)), 10)).toEqual({
      rewrite: false,
      removed: ['old-0'],
      added: [],
    });
  });
});
