import { describe, expect, it } from 'vitest';
import {
  diceSimilarity,
  MIN_BLOCK_SIMILARITY,
  MOVE_SIMILARITY,
  wordBag,
} from './blockSimilarity.ts';

describe('blockSimilarity', () => {
  const dictionary = new Map<string, number>();
  const similarity = (a: string, b: string) =>
    diceSimilarity(wordBag(a, dictionary), wordBag(b, dictionary));

  it('scores the same words as 1, ignoring case, punctuation and order', () => {
    expect(similarity('Öppna data, för alla!', 'för alla öppna DATA')).toBe(1);
  });

  it('scores unrelated or empty texts as 0', () => {
    expect(similarity('Avgifter tas ut.', 'Licenser gäller.')).toBe(0);
    expect(similarity('', '')).toBe(0);
    expect(similarity('—', '—')).toBe(0);
  });

  it('counts repeated words as often as they occur', () => {
    expect(similarity('data data data', 'data')).toBe(0.5);
  });

  it('pairs the larger half of a split paragraph, but calls only near-copies moves', () => {
    const whole = 'Myndigheten ska publicera data. Den ska också beskriva datamängderna.';
    expect(similarity(whole, 'Den ska också beskriva datamängderna.')).toBeGreaterThanOrEqual(
      MIN_BLOCK_SIMILARITY,
    );
    expect(similarity(whole, `${whole} Kort tillägg.`)).toBeGreaterThanOrEqual(MOVE_SIMILARITY);
    expect(similarity(whole, 'Myndigheten ska publicera data.')).toBeLessThan(MOVE_SIMILARITY);
  });
});
