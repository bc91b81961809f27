import { isWordToken, tokenizeWords } from './tokenizeWords.ts';

/**
 * Least similarity at which two blocks in the same place are taken to be one block edited, rather
 * than one deleted and another inserted. At 0.5 a paragraph split in two still pairs with its
 * larger half, so a split shows as a change plus an insertion.
 */
export const MIN_BLOCK_SIMILARITY = 0.5;

/**
 * Least similarity at which a block without a matching id that appears somewhere else is reported
 * as moved. Higher than {@link MIN_BLOCK_SIMILARITY}: a move is a strong claim, and two merely
 * similar paragraphs in different sections are usually different paragraphs.
 */
export const MOVE_SIMILARITY = 0.8;

/**
 * The words of a text as a sorted list of numbers (case folded, one number per distinct word, so
 * the same dictionary must be used for every text compared). Punctuation and whitespace are left
 * out: they say little about whether two paragraphs are the same paragraph.
 */
export function wordBag(text: string, dictionary: Map<string, number>): Int32Array {
  const ids: number[] = [];
  for (const token of tokenizeWords(text)) {
    if (!isWordToken(token)) continue;
    const word = token.toLowerCase();
    let id = dictionary.get(word);
    if (id === undefined) {
      id = dictionary.size;
      dictionary.set(word, id);
    }
    ids.push(id);
  }
  return Int32Array.from(ids).sort();
}

/**
 * Dice similarity of two word bags, from 0 (no word in common) to 1 (the same words, each as
 * often): twice the shared words over all words. Two empty bags count as unrelated, since there
 * is nothing to compare.
 */
export function diceSimilarity(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return (2 * shared) / (a.length + b.length);
}
