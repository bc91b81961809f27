/** Space between two cards that would otherwise touch, in pixels. */
export const CARD_GAP_PX = 8;

/** One card as measured: where its passage wants it (from the list's top) and its height. */
export interface MeasuredCard {
  /** Pixels from the top of the list to the passage, or undefined to follow the card before. */
  wanted: number | undefined;
  height: number;
}

/**
 * The top margin of each card, in whole pixels: level with its passage, or just below the card
 * before it if that one is in the way, so cards never overlap and keep their order. Pure, so the
 * sidebar can read every height first and write every margin after, in one layout.
 */
export function cardMargins(cards: readonly MeasuredCard[]): number[] {
  let bottom = 0;
  return cards.map(({ wanted, height }) => {
    const gap = bottom === 0 ? 0 : CARD_GAP_PX;
    const margin = wanted === undefined ? gap : Math.max(gap, wanted - bottom);
    bottom += margin + height;
    return Math.round(margin);
  });
}
