import { describe, expect, it } from 'vitest';
import { marginGaps } from './marginGaps.ts';

/** Where each entry ends up when the entries flow with the given gaps and the blocks' heights. */
function flowed(gaps: readonly number[], heights: readonly number[]): number[] {
  let bottom = 0;
  return gaps.map((gap, index) => {
    const top = bottom + gap;
    bottom = top + (heights[index] ?? 0);
    return top;
  });
}

describe('marginGaps', () => {
  it('puts each entry in flow at its block’s top', () => {
    const blocks = [
      { top: 8, height: 27 },
      { top: 52, height: 81 },
      { top: 150, height: 27 },
      { top: 194, height: 44 },
    ];
    const gaps = marginGaps(blocks);
    expect(gaps).toEqual([8, 17, 17, 17]);
    expect(
      flowed(
        gaps,
        blocks.map((block) => block.height),
      ),
    ).toEqual(blocks.map((b) => b.top));
  });

  it('keeps every other gap when one block grows and the blocks below it move down', () => {
    const before = [
      { top: 0, height: 27 },
      { top: 44, height: 27 },
      { top: 88, height: 27 },
    ];
    const after = [
      { top: 0, height: 27 },
      { top: 44, height: 54 },
      { top: 115, height: 27 },
    ];
    expect(marginGaps(after)).toEqual(marginGaps(before));
  });

  it('draws overlapping blocks with a negative gap', () => {
    expect(
      marginGaps([
        { top: 10, height: 30 },
        { top: 30, height: 10 },
      ]),
    ).toEqual([10, -10]);
  });
});
