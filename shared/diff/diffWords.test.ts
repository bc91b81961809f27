import { describe, expect, it } from 'vitest';
import { diffWords, type DiffOp } from './diffWords.ts';
import { reconstructText } from './reconstructText.ts';
import { seededRandom, type SeededRandom } from '../random/seededRandom.ts';
import { syntheticText } from './syntheticDocument.ts';

const ops = (before: string, after: string) =>
  diffWords(before, after).ops.map((op) => [op.type, op.text]);

/** Checks what every diff promises, whatever the input. */
function expectWellFormed(result: DiffOp[], before: string, after: string, context: string): void {
  expect(reconstructText(result, 'old'), `${context}: old text`).toBe(before);
  expect(reconstructText(result, 'new'), `${context}: new text`).toBe(after);
  result.forEach((op, index) => {
    expect(op.text, `${context}: empty op at ${index}`).not.toBe('');
    const next = result[index + 1];
    if (next === undefined) return;
    expect(next.type, `${context}: two ${op.type} ops in a row at ${index}`).not.toBe(op.type);
    expect(op.type === 'insert' && next.type === 'delete', `${context}: insert before delete`).toBe(
      false,
    );
  });
}

describe('diffWords on Swedish sentences', () => {
  it('marks a replaced word, and only the word', () => {
    expect(
      ops(
        'Myndigheten ska senast den 1 maj lämna en redovisning.',
        'Myndigheten ska före den 1 maj lämna en redovisning.',
      ),
    ).toEqual([
      ['equal', 'Myndigheten ska '],
      ['delete', 'senast'],
      ['insert', 'före'],
      ['equal', ' den 1 maj lämna en redovisning.'],
    ]);
  });

  it('shows an inserted word with its space, as a reader selects it', () => {
    expect(ops('Kommunerna bör samverka.', 'Kommunerna bör gärna samverka.')).toEqual([
      ['equal', 'Kommunerna bör '],
      ['insert', 'gärna '],
      ['equal', 'samverka.'],
    ]);
  });

  it('shows a deleted sentence whole, after the full stop it follows', () => {
    expect(
      ops(
        'Förslaget träder i kraft 2026. Det gäller alla myndigheter. Avgifter tas inte ut.',
        'Förslaget träder i kraft 2026. Avgifter tas inte ut.',
      ),
    ).toEqual([
      ['equal', 'Förslaget träder i kraft 2026. '],
      ['delete', 'Det gäller alla myndigheter. '],
      ['equal', 'Avgifter tas inte ut.'],
    ]);
  });

  it('shows an added sentence after the full stop, not before it', () => {
    expect(
      ops(
        'Vi föreslår att lagen ändras.',
        'Vi föreslår att lagen ändras. Den nya lagen gäller 2026.',
      ),
    ).toEqual([
      ['equal', 'Vi föreslår att lagen ändras.'],
      ['insert', ' Den nya lagen gäller 2026.'],
    ]);
  });

  it('reads a rephrasing as one replacement, not as word salad around the spaces', () => {
    expect(
      ops(
        'Regeringen har beslutat att utreda frågan.',
        'Regeringen ska besluta om att utreda frågan.',
      ),
    ).toEqual([
      ['equal', 'Regeringen '],
      ['delete', 'har beslutat'],
      ['insert', 'ska besluta om'],
      ['equal', ' att utreda frågan.'],
    ]);
  });

  it('treats numbers, hyphenated words and genitives as whole words', () => {
    expect(
      ops(
        'Version 4.0 av EU-direktivet gäller enligt DIGG:s råd.',
        'Version 4.1 av EU-direktiven gäller enligt PRV:s råd.',
      ),
    ).toEqual([
      ['equal', 'Version '],
      ['delete', '4.0'],
      ['insert', '4.1'],
      ['equal', ' av '],
      ['delete', 'EU-direktivet'],
      ['insert', 'EU-direktiven'],
      ['equal', ' gäller enligt '],
      ['delete', 'DIGG:s'],
      ['insert', 'PRV:s'],
      ['equal', ' råd.'],
    ]);
  });

  it('folds a short word between two changes into one change', () => {
    expect(
      ops('Enligt DIGG:s och PRV:s råd.', 'Enligt Skatteverkets och Bolagsverkets råd.'),
    ).toEqual([
      ['equal', 'Enligt '],
      ['delete', 'DIGG:s och PRV:s'],
      ['insert', 'Skatteverkets och Bolagsverkets'],
      ['equal', ' råd.'],
    ]);
  });

  it('marks punctuation on its own', () => {
    expect(ops('Data ska vara öppna, och fria.', 'Data ska vara öppna och fria!')).toEqual([
      ['equal', 'Data ska vara öppna'],
      ['delete', ','],
      ['equal', ' och fria'],
      ['delete', '.'],
      ['insert', '!'],
    ]);
  });

  it('shows a whitespace-only change as whitespace, not as a changed word', () => {
    expect(ops('två  mellanslag', 'två mellanslag')).toEqual([
      ['equal', 'två'],
      ['delete', '  '],
      ['insert', ' '],
      ['equal', 'mellanslag'],
    ]);
  });

  it('handles empty and identical texts', () => {
    expect(diffWords('', '')).toEqual({ ops: [], granularity: 'word' });
    expect(diffWords('Samma text.', 'Samma text.')).toEqual({
      ops: [{ type: 'equal', text: 'Samma text.' }],
      granularity: 'word',
    });
    expect(ops('', 'Ny text.')).toEqual([['insert', 'Ny text.']]);
    expect(ops('Gammal text.', '')).toEqual([['delete', 'Gammal text.']]);
  });
});

/** A random edit of a text, at the level of words, punctuation or raw characters. */
function mutate(random: SeededRandom, text: string): string {
  const pieces = [
    'myndigheten',
    'å',
    'ö',
    'EU-direktiv',
    '4.0',
    ',',
    '.',
    ' ',
    '  ',
    '\n',
    '\u00A0',
    '–',
    '😀',
    'é',
  ] as const;
  let result = text;
  for (let edits = random.int(6); edits >= 0; edits -= 1) {
    const at = random.int(result.length + 1);
    const length = random.int(12);
    const roll = random.next();
    if (roll < 0.35) result = result.slice(0, at) + random.pick(pieces) + result.slice(at);
    else if (roll < 0.7) result = result.slice(0, at) + result.slice(at + length);
    else
      result =
        result.slice(0, at) + syntheticText(random, 1 + random.int(5)) + result.slice(at + length);
  }
  return result;
}

describe('diffWords round trip', () => {
  it('reproduces both texts from the ops, on a seeded random corpus', () => {
    for (let seed = 1; seed <= 1_000; seed += 1) {
      const random = seededRandom(seed);
      const before = syntheticText(random, random.int(60));
      const after = mutate(random, before);
      const result = diffWords(before, after);
      expectWellFormed(result.ops, before, after, `seed ${seed}`);
      expect(result.granularity, `seed ${seed}`).toBe('word');
    }
  });

  it('reproduces both texts when the limits force a coarser comparison', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      const before = syntheticText(random, 20 + random.int(60));
      const after = mutate(random, before);
      const limits = { maxTokens: random.int(20), maxEditDistance: random.int(6) };
      const result = diffWords(before, after, limits);
      expectWellFormed(result.ops, before, after, `seed ${seed} ${JSON.stringify(limits)}`);
    }
  });
});

describe('diffWords limits', () => {
  const random = seededRandom(7);
  const sentences = Array.from({ length: 20 }, () => syntheticText(random, 10));
  const before = sentences.join(' ');
  const after = sentences
    .map((sentence, k) => (k % 5 === 2 ? syntheticText(random, 10) : sentence))
    .join(' ');

  it('compares word by word within the limits', () => {
    expect(diffWords(before, after).granularity).toBe('word');
  });

  it('falls back to sentences when the changed part has too many tokens, and says so', () => {
    const result = diffWords(before, after, { maxTokens: 50 });
    expect(result.granularity).toBe('sentence');
    expectWellFormed(result.ops, before, after, 'maxTokens');
    // The four rewritten sentences are replaced, and the untouched ones stay unchanged.
    expect(result.ops.filter((op) => op.type === 'delete')).toHaveLength(4);
    const unchanged = result.ops.filter((op) => op.type === 'equal').map((op) => op.text);
    sentences.forEach((sentence, k) => {
      if (k % 5 !== 2) expect(unchanged.some((text) => text.includes(sentence))).toBe(true);
    });
  });

  it('falls back to sentences when the edit is too large, and says so', () => {
    const result = diffWords(before, after, { maxEditDistance: 10 });
    expect(result.granularity).toBe('sentence');
    expectWellFormed(result.ops, before, after, 'maxEditDistance');
  });

  it('falls back to the whole changed part when even sentences are out of bounds', () => {
    const result = diffWords(before, after, { maxTokens: 3 });
    expect(result.granularity).toBe('block');
    expectWellFormed(result.ops, before, after, 'block');
  });

  it('sets the unchanged beginning and end aside before applying the limits', () => {
    const long = syntheticText(seededRandom(8), 10_000);
    const at = long.indexOf(' ska ');
    const edited = `${long.slice(0, at)} bör ${long.slice(at + 5)}`;
    const result = diffWords(long, edited, { maxTokens: 10 });
    expect(result.granularity).toBe('word');
    expect(result.ops.filter((op) => op.type !== 'equal')).toEqual([
      { type: 'delete', text: 'ska' },
      { type: 'insert', text: 'bör' },
    ]);
  });

  it('compares a 10,000-word paragraph with scattered edits word by word', () => {
    const long = syntheticText(seededRandom(9), 10_000);
    const edit = seededRandom(10);
    const edited = long
      .split(' ')
      .map((word) => (edit.chance(0.05) ? 'ändrat' : word))
      .join(' ');
    const result = diffWords(long, edited);
    expect(result.granularity).toBe('word');
    expectWellFormed(result.ops, long, edited, '10,000 words');
  });
});
