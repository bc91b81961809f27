import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom.ts';
import { countWords, isWordToken, tokenizeUnits, tokenizeWords } from './tokenizeWords.ts';

describe('tokenizeWords', () => {
  it('keeps Swedish words, hyphenated words, genitives, statute numbers and decimals whole', () => {
    expect(
      tokenizeWords('Förslaget: EU-direktivet, EU:s e-tjänster och SFS 2009:400 (4.0).'),
    ).toEqual([
      'Förslaget',
      ':',
      ' ',
      'EU-direktivet',
      ',',
      ' ',
      'EU:s',
      ' ',
      'e-tjänster',
      ' ',
      'och',
      ' ',
      'SFS',
      ' ',
      '2009:400',
      ' ',
      '(',
      '4.0',
      ')',
      '.',
    ]);
  });

  it('joins decimals with a comma or point only between digits', () => {
    expect(tokenizeWords('3,5 procent, slut.Nästa')).toEqual([
      '3,5',
      ' ',
      'procent',
      ',',
      ' ',
      'slut',
      '.',
      'Nästa',
    ]);
  });

  it('keeps a decomposed å (a plus combining ring) inside its word', () => {
    expect(tokenizeWords('pa\u030Ase\u0301 café')).toEqual(['pa\u030Ase\u0301', ' ', 'café']);
  });

  it('keeps whitespace, including line breaks and no-break spaces, as tokens', () => {
    expect(tokenizeWords('a\u00A0 b\n\tc')).toEqual(['a', '\u00A0 ', 'b', '\n\t', 'c']);
  });

  it('gives back every text exactly when the tokens are joined, whatever the characters', () => {
    const alphabet = [
      'a',
      'ö',
      'É',
      '4',
      '.',
      ',',
      '-',
      ':',
      ' ',
      '\n',
      '\u00A0',
      '\u0301',
      '😀',
      '\uD800',
      '§',
      '–',
      '”',
      "'",
      '’',
      '/',
    ] as const;
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      let text = '';
      for (let k = random.int(40); k > 0; k -= 1) text += random.pick(alphabet);
      expect(tokenizeWords(text).join(''), `seed ${seed}: ${JSON.stringify(text)}`).toBe(text);
      expect(tokenizeUnits(text).join(''), `seed ${seed}: ${JSON.stringify(text)}`).toBe(text);
    }
  });
});

describe('tokenizeUnits', () => {
  it('attaches whitespace to the token before it, and keeps leading whitespace apart', () => {
    expect(tokenizeUnits('  Ska vi, eller?  Ja')).toEqual([
      '  ',
      'Ska ',
      'vi',
      ', ',
      'eller',
      '?  ',
      'Ja',
    ]);
  });
});

describe('countWords', () => {
  it('counts words and numbers, not punctuation or whitespace', () => {
    expect(countWords('Myndigheten ska – senast 2026 – lämna EU-direktivet 4.0 till DIGG:s.')).toBe(
      9,
    );
    expect(countWords('')).toBe(0);
    expect(countWords(' … ')).toBe(0);
  });

  it('tells words from other tokens', () => {
    expect(['år', '2026', 'e-tjänst', ' ', ',', '§'].map(isWordToken)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
