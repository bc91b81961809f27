import { MAX_DIFF_EDIT_DISTANCE, MAX_DIFF_TOKENS } from '../limits.ts';
import { cleanupSemantic, mergeUnitOps, type UnitOp } from './cleanupSemantic.ts';
import { myersDiff } from './myersDiff.ts';
import { splitSentences } from './splitSentences.ts';
import { tokenizeUnits, tokenizeWords } from './tokenizeWords.ts';

/** One piece of a diff: text kept, text only in the old version, or text only in the new one. */
export interface DiffOp {
  type: 'equal' | 'delete' | 'insert';
  /** Never empty. */
  text: string;
}

/**
 * How finely a text was compared. `word` is the normal case. `sentence` means the changed part
 * was too long ({@link MAX_DIFF_TOKENS}) or too thoroughly rewritten
 * ({@link MAX_DIFF_EDIT_DISTANCE}) to compare word by word, so whole sentences are marked;
 * `block` means even that was out of bounds, and the changed part is shown as removed and added.
 * A view should say so rather than present a coarse diff as a precise one.
 */
export type DiffGranularity = 'word' | 'sentence' | 'block';

/** The result of {@link diffWords}. */
export interface WordDiff {
  /**
   * The diff, in text order. Neighbouring operations never share a type, and where text was
   * replaced the deletion comes before the insertion. Joining the equal and deleted texts gives
   * the old text; joining the equal and inserted texts gives the new one.
   */
  ops: DiffOp[];
  granularity: DiffGranularity;
}

/** Bounds for one comparison; the defaults are the house limits. */
export interface DiffWordsOptions {
  /**
   * Most tokens (a word or punctuation mark with the whitespace after it; old and new together)
   * compared word by word, counted after the unchanged beginning and end are set aside.
   * @default MAX_DIFF_TOKENS
   */
  maxTokens?: number;
  /**
   * Most tokens (or, once fallen back, sentences) inserted plus deleted that the comparison
   * searches through before it gives up for a coarser one.
   * @default MAX_DIFF_EDIT_DISTANCE
   */
  maxEditDistance?: number;
}

/**
 * Compares two texts word by word, for showing what changed in a paragraph: "Myndigheten ska
 * [-senast-][+före+] den 1 maj". Words, numbers ("4.0"), hyphenated words ("EU-direktiv") and
 * Swedish letters stay whole; punctuation is marked on its own; whitespace is kept, so the
 * operations reproduce both texts exactly. Small unchanged fragments between changes are folded
 * into them (see {@link cleanupSemantic}).
 *
 * Runs in time roughly proportional to the length of the changed part times the size of the
 * change, and never worse than the limits allow: beyond them the comparison falls back to
 * sentences, then to the whole changed part, and the result's `granularity` says so.
 */
export function diffWords(
  oldText: string,
  newText: string,
  options: DiffWordsOptions = {},
): WordDiff {
  const maxTokens = options.maxTokens ?? MAX_DIFF_TOKENS;
  const maxEdits = options.maxEditDistance ?? MAX_DIFF_EDIT_DISTANCE;
  if (oldText === newText) {
    return { ops: oldText === '' ? [] : [{ type: 'equal', text: oldText }], granularity: 'word' };
  }

  const oldUnits = tokenizeUnits(oldText);
  const newUnits = tokenizeUnits(newText);
  // The unchanged beginning and end cost nothing to compare, so the limits apply to the rest:
  // a single word changed in a very long paragraph is still shown word by word.
  const prefix = commonPrefix(oldUnits, newUnits);
  const suffix = commonSuffix(oldUnits, newUnits, prefix);
  const oldMiddle = oldUnits.slice(prefix, oldUnits.length - suffix);
  const newMiddle = newUnits.slice(prefix, newUnits.length - suffix);

  let granularity: DiffGranularity = 'word';
  let middle: UnitOp[] | null = null;
  if (oldMiddle.length + newMiddle.length <= maxTokens) {
    middle = diffUnits(oldMiddle, newMiddle, maxEdits);
  }
  if (middle === null) {
    granularity = 'sentence';
    const oldSentences = splitSentences(oldMiddle.join(''));
    const newSentences = splitSentences(newMiddle.join(''));
    if (oldSentences.length + newSentences.length <= maxTokens) {
      middle = diffUnits(oldSentences, newSentences, maxEdits);
    }
  }
  if (middle === null) {
    granularity = 'block';
    middle = [
      { type: 'delete', units: [oldMiddle.join('')] },
      { type: 'insert', units: [newMiddle.join('')] },
    ];
  }

  // Compare by units, but present by tokens: a replaced unit may share its word or its
  // whitespace with the unit replacing it, and cleanup works best on the finest pieces.
  const tokenOps = mergeUnitOps([
    { type: 'equal', units: oldUnits.slice(0, prefix) },
    ...middle,
    { type: 'equal', units: oldUnits.slice(oldUnits.length - suffix) },
  ]).map((op) => ({ type: op.type, units: tokenizeWords(op.units.join('')) }));
  const ops = cleanupSemantic(trimReplacements(tokenOps));
  return { ops: ops.map((op) => ({ type: op.type, text: op.units.join('') })), granularity };
}

/**
 * Sets aside what the two sides of each replacement begin and end with alike. Units carry their
 * trailing whitespace, so "ska " replaced by "ska  " is really one space replaced by two, and at
 * the end of a text "frågan" replaced by "frågan och mer" is really " och mer" added.
 */
function trimReplacements(ops: readonly UnitOp[]): UnitOp[] {
  const result: UnitOp[] = [];
  for (let k = 0; k < ops.length; k += 1) {
    const op = ops[k];
    const next = ops[k + 1];
    if (op === undefined) continue;
    if (op.type !== 'delete' || next?.type !== 'insert') {
      result.push(op);
      continue;
    }
    const prefix = commonPrefix(op.units, next.units);
    const suffix = commonSuffix(op.units, next.units, prefix);
    result.push(
      { type: 'equal', units: op.units.slice(0, prefix) },
      { type: 'delete', units: op.units.slice(prefix, op.units.length - suffix) },
      { type: 'insert', units: next.units.slice(prefix, next.units.length - suffix) },
      { type: 'equal', units: op.units.slice(op.units.length - suffix) },
    );
    k += 1;
  }
  return result;
}

/** Myers over units interned as integers; null when the edit budget runs out. */
function diffUnits(
  oldUnits: readonly string[],
  newUnits: readonly string[],
  maxEdits: number,
): UnitOp[] | null {
  const ids = new Map<string, number>();
  const intern = (units: readonly string[]) => {
    const result = new Int32Array(units.length);
    units.forEach((unit, index) => {
      let id = ids.get(unit);
      if (id === undefined) {
        id = ids.size;
        ids.set(unit, id);
      }
      result[index] = id;
    });
    return result;
  };
  const runs = myersDiff(intern(oldUnits), intern(newUnits), maxEdits);
  if (runs === null) return null;

  const ops: UnitOp[] = [];
  let oldIndex = 0;
  let newIndex = 0;
  for (const run of runs) {
    if (run.type === 'insert') {
      ops.push({ type: 'insert', units: newUnits.slice(newIndex, newIndex + run.count) });
      newIndex += run.count;
    } else {
      ops.push({ type: run.type, units: oldUnits.slice(oldIndex, oldIndex + run.count) });
      oldIndex += run.count;
      if (run.type === 'equal') newIndex += run.count;
    }
  }
  return ops;
}

function commonPrefix(a: readonly string[], b: readonly string[]): number {
  const limit = Math.min(a.length, b.length);
  let length = 0;
  while (length < limit && a[length] === b[length]) length += 1;
  return length;
}

/** Length of the common suffix, not reaching into the first `prefix` items of either side. */
function commonSuffix(a: readonly string[], b: readonly string[], prefix: number): number {
  const limit = Math.min(a.length, b.length) - prefix;
  let length = 0;
  while (length < limit && a[a.length - 1 - length] === b[b.length - 1 - length]) length += 1;
  return length;
}
