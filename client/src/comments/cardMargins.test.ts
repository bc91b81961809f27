import { describe, expect, it } from 'vitest';
import { CARD_GAP_PX, cardMargins } from './cardMargins.ts';

describe('cardMargins', () => {
  it('puts each card level with its passage when there is room', () => {
    expect(
      cardMargins([
        { wanted: 40, height: 100 },
        { wanted: 300, height: 100 },
      ]),
    ).toEqual([40, 160]);
  });

  it('puts a card just below the one before when that one is in the way', () => {
    // The second passage is 20 px below the first, but the first card is 100 px tall.
    expect(
      cardMargins([
        { wanted: 40, height: 100 },
        { wanted: 60, height: 50 },
        { wanted: 70, height: 50 },
      ]),
    ).toEqual([40, CARD_GAP_PX, CARD_GAP_PX]);
  });

  it('lets cards without a place follow the card before them', () => {
    expect(
      cardMargins([
        { wanted: undefined, height: 30 },
        { wanted: undefined, height: 30 },
        { wanted: 200, height: 30 },
      ]),
    ).toEqual([0, CARD_GAP_PX, 200 - (30 + CARD_GAP_PX + 30)]);
  });

  it('rounds each margin but keeps the exact running bottom', () => {
    expect(
      cardMargins([
        { wanted: 10.4, height: 20.3 },
        { wanted: 41.2, height: 10 },
      ]),
    ).toEqual([10, 11]);
  });
});
