import type { MarginBlock } from './measureLayout.ts';

/**
 * The space above each margin entry when the entries follow one another in normal flow, each
 * as tall as its block: the distance from the bottom of the entry before (or the top of the
 * column) to the block's top, in pixels. Negative when blocks overlap, which a negative margin
 * draws as well.
 *
 * In flow rather than absolutely positioned, the margin is one paint layer instead of one per
 * entry and per part of an entry (Chromium walks every layer at pre-paint and hit testing on
 * every frame), and a block that grows by a line moves the entries below it without any of
 * them changing: only its own height does.
 */
export function marginGaps(blocks: readonly Pick<MarginBlock, 'top' | 'height'>[]): number[] {
  let bottom = 0;
  return blocks.map(({ top, height }) => {
    const gap = top - bottom;
    bottom = top + height;
    return gap;
  });
}
