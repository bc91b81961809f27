import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom.ts';
import { splitSentences } from './splitSentences.ts';

describe('splitSentences', () => {
  it('ends a sentence after terminal punctuation and the whitespace after it', () => {
    expect(splitSentences('Hej. Då!  Version 4.0 gäller? Ja… ”Citat.” Slut')).toEqual([
      'Hej. ',
      'Då!  ',
      'Version 4.0 gäller? ',
      'Ja… ',
      '”Citat.” ',
      'Slut',
    ]);
  });

  it('ends a sentence at a line break, and keeps text without punctuation whole', () => {
    expect(splitSentences('Rad ett\nrad två')).toEqual(['Rad ett\n', 'rad två']);
    expect(splitSentences('utan punkt')).toEqual(['utan punkt']);
    expect(splitSentences('')).toEqual([]);
  });

  it('gives back every text exactly when the sentences are joined', () => {
    const pieces = ['ord', ' ', '.', '. ', '!', '?', '…', '\n', '”', '4.0', 'x'] as const;
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      let text = '';
      for (let k = random.int(30); k > 0; k -= 1) text += random.pick(pieces);
      expect(splitSentences(text).join(''), `seed ${seed}: ${JSON.stringify(text)}`).toBe(text);
    }
  });
});
