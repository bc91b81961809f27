import { describe, expect, it } from 'vitest';
import { marginChunks } from './marginChunks.ts';
import { marginGaps } from './marginGaps.ts';

describe('marginChunks', () => {
  const blocks = [
    { top: 8, height: 27 },
    { top: 52, height: 81 },
    { top: 150, height: 27 },
    { top: 194, height: 44 },
    { top: 255, height: 27 },
  ];
  const gaps = marginGaps(blocks);
  const heights = blocks.map((block) => block.height);

  it('covers every entry once, in order, in chunks of the given size', () => {
    const chunks = marginChunks(gaps, heights, 2);
    expect(chunks.map(({ start, end }) => [start, end])).toEqual([
      [0, 2],
      [2, 4],
      [4, 5],
    ]);
  });

  it('gives each chunk the height its entries flow to, so stacked chunks keep every block level', () => {
    const chunks = marginChunks(gaps, heights, 2);
    // Chunk i starts where chunk i-1 ends; the entry at its start sits one gap below that.
    let chunkTop = 0;
    for (const chunk of chunks) {
      expect(chunkTop + (gaps[chunk.start] ?? 0)).toBe(blocks[chunk.start]?.top);
      chunkTop += chunk.height;
    }
    const last = blocks.at(-1);
    expect(chunkTop).toBe((last?.top ?? 0) + (last?.height ?? 0));
  });

  it('makes one chunk of a short margin and none of an empty one', () => {
    expect(marginChunks(gaps, heights)).toEqual([{ start: 0, end: 5, height: 282 }]);
    expect(marginChunks([], [])).toEqual([]);
  });

  it('treats a size below one as one', () => {
    expect(marginChunks(gaps, heights, 0)).toHaveLength(blocks.length);
  });
});
