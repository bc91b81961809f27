import {
  MAX_BLOCK_ALIGNMENT_CELLS,
  MAX_DIFF_EDIT_DISTANCE,
  MAX_MOVE_CANDIDATES,
} from '../limits.ts';
import {
  diceSimilarity,
  MIN_BLOCK_SIMILARITY,
  MOVE_SIMILARITY,
  wordBag,
} from './blockSimilarity.ts';
import type { DocumentBlock } from './documentBlocks.ts';
import { myersDiff } from './myersDiff.ts';
import { stableSubsequence } from './stableSubsequence.ts';

const HAS_WORD = /[\p{L}\p{N}]/u;

/** How a pair of blocks was recognised as the same block. */
export type MatchReason = 'id' | 'text' | 'similar';

/** An old block and the new block it became. */
export interface BlockPair {
  oldIndex: number;
  newIndex: number;
  via: MatchReason;
  /** Whether the pair kept its place relative to the other stable pairs; false means moved. */
  stable: boolean;
}

/** Bounds for the pairing; the defaults are the house limits. */
export interface MatchBlocksOptions {
  /**
   * Most old-times-new block pairs compared in order within one unmatched stretch.
   * @default MAX_BLOCK_ALIGNMENT_CELLS
   */
  maxAlignmentCells?: number;
  /**
   * Most candidates compared for each block that is still unpaired after that.
   * @default MAX_MOVE_CANDIDATES
   */
  maxMoveCandidates?: number;
}

/** Which block became which: pairs in old-document order, and lookups both ways (-1: none). */
export interface BlockMatching {
  pairs: BlockPair[];
  newOf: Int32Array;
  oldOf: Int32Array;
}

/**
 * Pairs the blocks of two versions of a document, most certain evidence first:
 *
 * 1. the same stable id (the normal case: the editor keeps ids through edits and moves);
 * 2. the same text, in order, then anywhere (content without ids, or pasted back in);
 * 3. similar words, in order, within each stretch between blocks already paired (an edited
 *    paragraph retyped under a new id, or the larger half of a split); two headings of the same
 *    level without ids in such a stretch are paired even when their words differ, as a renamed
 *    section;
 * 4. similar words anywhere, found through shared rare words; kept only if the pair stays in
 *    place or is near-identical ({@link MOVE_SIMILARITY}), because only then is "moved" the
 *    right word for it.
 *
 * Finally the heaviest set of pairs that keeps its order is marked stable; the rest have moved.
 */
export function matchBlocks(
  oldBlocks: readonly DocumentBlock[],
  newBlocks: readonly DocumentBlock[],
  options: MatchBlocksOptions = {},
): BlockMatching {
  const matcher = new Matcher(
    oldBlocks,
    newBlocks,
    options.maxAlignmentCells ?? MAX_BLOCK_ALIGNMENT_CELLS,
    options.maxMoveCandidates ?? MAX_MOVE_CANDIDATES,
  );
  matcher.pairByIds();
  matcher.pairByTextInOrder();
  matcher.pairByTextAnywhere();
  matcher.pairSimilarInGaps();
  matcher.pairSimilarAnywhere();
  return matcher.result();
}

class Matcher {
  readonly newOf: Int32Array;
  readonly oldOf: Int32Array;
  readonly via = new Map<number, MatchReason>();
  // Similarity of each pair made on similar words, keyed by old index: weak ones must not be moves.
  private readonly similarityOf = new Map<number, number>();
  private readonly dictionary = new Map<string, number>();
  // Word bags are made on first use: when every block kept its id, none is needed.
  private readonly oldBags: (Int32Array | undefined)[] = [];
  private readonly newBags: (Int32Array | undefined)[] = [];

  constructor(
    private readonly oldBlocks: readonly DocumentBlock[],
    private readonly newBlocks: readonly DocumentBlock[],
    private readonly maxAlignmentCells: number,
    private readonly maxMoveCandidates: number,
  ) {
    this.newOf = new Int32Array(oldBlocks.length).fill(-1);
    this.oldOf = new Int32Array(newBlocks.length).fill(-1);
  }

  private oldBag(index: number): Int32Array {
    return (this.oldBags[index] ??= wordBag(this.oldBlocks[index]?.text ?? '', this.dictionary));
  }

  private newBag(index: number): Int32Array {
    return (this.newBags[index] ??= wordBag(this.newBlocks[index]?.text ?? '', this.dictionary));
  }

  private pair(oldIndex: number, newIndex: number, via: MatchReason, similarity = 1): void {
    this.newOf[oldIndex] = newIndex;
    this.oldOf[newIndex] = oldIndex;
    this.via.set(oldIndex, via);
    if (via === 'similar') this.similarityOf.set(oldIndex, similarity);
  }

  private unmatchedOld(from = 0, to = this.oldBlocks.length): number[] {
    const result: number[] = [];
    for (let i = from; i < to; i += 1) if (this.newOf[i] === -1) result.push(i);
    return result;
  }

  private unmatchedNew(from = 0, to = this.newBlocks.length): number[] {
    const result: number[] = [];
    for (let j = from; j < to; j += 1) if (this.oldOf[j] === -1) result.push(j);
    return result;
  }

  pairByIds(): void {
    // A duplicated id (a paste before the editor renumbered it) identifies only its first block.
    const newById = new Map<string, number>();
    for (const block of this.newBlocks) {
      if (block.id !== null && !newById.has(block.id)) newById.set(block.id, block.index);
    }
    const seen = new Set<string>();
    for (const block of this.oldBlocks) {
      if (block.id === null || seen.has(block.id)) continue;
      seen.add(block.id);
      const newIndex = newById.get(block.id);
      if (newIndex !== undefined) this.pair(block.index, newIndex, 'id');
    }
  }

  pairByTextInOrder(): void {
    const olds = this.unmatchedOld();
    const news = this.unmatchedNew();
    if (olds.length === 0 || news.length === 0) return;
    const ids = new Map<string, number>();
    const intern = (indices: number[], blocks: readonly DocumentBlock[]) =>
      Int32Array.from(indices, (index) => {
        const text = blocks[index]?.text ?? '';
        let id = ids.get(text);
        if (id === undefined) {
          id = ids.size;
          ids.set(text, id);
        }
        return id;
      });
    const runs = myersDiff(
      intern(olds, this.oldBlocks),
      intern(news, this.newBlocks),
      MAX_DIFF_EDIT_DISTANCE,
    );
    // Too different to align in order: the next step still pairs equal texts, in any order.
    if (runs === null) return;
    let i = 0;
    let j = 0;
    for (const run of runs) {
      if (run.type === 'equal') {
        for (let k = 0; k < run.count; k += 1) {
          const oldIndex = olds[i + k];
          const newIndex = news[j + k];
          if (oldIndex !== undefined && newIndex !== undefined) {
            this.pair(oldIndex, newIndex, 'text');
          }
        }
        i += run.count;
        j += run.count;
      } else if (run.type === 'delete') i += run.count;
      else j += run.count;
    }
  }

  pairByTextAnywhere(): void {
    const byText = new Map<string, number[]>();
    for (const j of this.unmatchedNew()) {
      const block = this.newBlocks[j];
      // Blocks without words (empty paragraphs, a lone dash) are everywhere; pairing them far
      // apart would report moves nobody made.
      if (block === undefined || !HAS_WORD.test(block.text)) continue;
      const list = byText.get(block.text);
      if (list) list.push(j);
      else byText.set(block.text, [j]);
    }
    for (const i of this.unmatchedOld()) {
      const candidates = byText.get(this.oldBlocks[i]?.text ?? '');
      const j = candidates?.shift();
      if (j !== undefined) this.pair(i, j, 'text');
    }
  }

  /** Stable pairs so far, in old order, bracketed by virtual pairs before and after the ends. */
  private anchors(): { oldIndex: number; newIndex: number }[] {
    const pairs = this.currentPairs();
    const stable = stableSubsequence(
      pairs.map((pair) => ({ newIndex: pair.newIndex, weight: this.weight(pair.oldIndex) })),
      this.newBlocks.length,
    );
    return [
      { oldIndex: -1, newIndex: -1 },
      ...pairs.filter((_, k) => stable[k]),
      { oldIndex: this.oldBlocks.length, newIndex: this.newBlocks.length },
    ];
  }

  private currentPairs(): { oldIndex: number; newIndex: number }[] {
    const pairs: { oldIndex: number; newIndex: number }[] = [];
    this.newOf.forEach((newIndex, oldIndex) => {
      if (newIndex !== -1) pairs.push({ oldIndex, newIndex });
    });
    return pairs;
  }

  // Longer blocks weigh more, so the stable set keeps the bulk of the text in place.
  private weight(oldIndex: number): number {
    return 1 + (this.oldBlocks[oldIndex]?.text.length ?? 0);
  }

  private similarity(oldIndex: number, newIndex: number): number {
    const similarity = diceSimilarity(this.oldBag(oldIndex), this.newBag(newIndex));
    if (similarity >= MIN_BLOCK_SIMILARITY) return similarity;
    const before = this.oldBlocks[oldIndex];
    const after = this.newBlocks[newIndex];
    // A renamed heading keeps its id, so two headings with different ids are two sections; only
    // without ids does a heading in the place of another, at its level, count as a rename.
    const renamedWithoutIds =
      before?.kind === 'heading' &&
      after?.kind === 'heading' &&
      before.level === after.level &&
      (before.id === null || after.id === null);
    return renamedWithoutIds ? MIN_BLOCK_SIMILARITY : 0;
  }

  pairSimilarInGaps(): void {
    const anchors = this.anchors();
    for (let k = 1; k < anchors.length; k += 1) {
      const start = anchors[k - 1];
      const end = anchors[k];
      if (start === undefined || end === undefined) continue;
      const olds = this.unmatchedOld(start.oldIndex + 1, end.oldIndex);
      const news = this.unmatchedNew(start.newIndex + 1, end.newIndex);
      if (olds.length === 0 || news.length === 0) continue;
      if (olds.length * news.length > this.maxAlignmentCells) continue;
      this.align(olds, news);
    }
  }

  /**
   * Pairs blocks of one gap in order, maximising total similarity (a weighted longest common
   * subsequence), so that of several similar candidates each block gets the one in its place.
   */
  private align(olds: number[], news: number[]): void {
    const width = news.length + 1;
    const scores = new Float64Array((olds.length + 1) * width);
    const similarities = new Float64Array(olds.length * news.length);
    for (let a = 1; a <= olds.length; a += 1) {
      for (let b = 1; b <= news.length; b += 1) {
        const similarity = this.similarity(olds[a - 1] ?? 0, news[b - 1] ?? 0);
        similarities[(a - 1) * news.length + (b - 1)] = similarity;
        const skip = Math.max(scores[(a - 1) * width + b] ?? 0, scores[a * width + b - 1] ?? 0);
        const take = similarity > 0 ? (scores[(a - 1) * width + b - 1] ?? 0) + similarity : 0;
        scores[a * width + b] = Math.max(skip, take);
      }
    }
    let a = olds.length;
    let b = news.length;
    while (a > 0 && b > 0) {
      const here = scores[a * width + b] ?? 0;
      const similarity = similarities[(a - 1) * news.length + (b - 1)] ?? 0;
      if (similarity > 0 && here === (scores[(a - 1) * width + b - 1] ?? 0) + similarity) {
        this.pair(olds[a - 1] ?? 0, news[b - 1] ?? 0, 'similar', similarity);
        a -= 1;
        b -= 1;
      } else if (here === (scores[(a - 1) * width + b] ?? 0)) a -= 1;
      else b -= 1;
    }
  }

  pairSimilarAnywhere(): void {
    const news = this.unmatchedNew();
    const olds = this.unmatchedOld();
    if (news.length === 0 || olds.length === 0) return;
    const blocksWithWord = new Map<number, number[]>();
    for (const j of news) {
      let previous = -1;
      for (const word of this.newBag(j)) {
        if (word === previous) continue;
        previous = word;
        const list = blocksWithWord.get(word);
        if (list) list.push(j);
        else blocksWithWord.set(word, [j]);
      }
    }

    const candidates: {
      oldIndex: number;
      newIndex: number;
      similarity: number;
      distance: number;
    }[] = [];
    for (const i of olds) {
      const shared = new Map<number, number>();
      let previous = -1;
      for (const word of this.oldBag(i)) {
        if (word === previous) continue;
        previous = word;
        const list = blocksWithWord.get(word);
        if (list === undefined || list.length > this.maxMoveCandidates) continue;
        for (const j of list) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
      const best = [...shared.entries()]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, this.maxMoveCandidates);
      for (const [j] of best) {
        const similarity = diceSimilarity(this.oldBag(i), this.newBag(j));
        if (similarity < MIN_BLOCK_SIMILARITY) continue;
        const distance = Math.abs(
          i / this.oldBlocks.length - j / Math.max(1, this.newBlocks.length),
        );
        candidates.push({ oldIndex: i, newIndex: j, similarity, distance });
      }
    }
    // Most similar first; among equals, the one nearest its old place.
    candidates.sort(
      (x, y) =>
        y.similarity - x.similarity ||
        x.distance - y.distance ||
        x.oldIndex - y.oldIndex ||
        x.newIndex - y.newIndex,
    );
    for (const candidate of candidates) {
      if (this.newOf[candidate.oldIndex] !== -1 || this.oldOf[candidate.newIndex] !== -1) continue;
      this.pair(candidate.oldIndex, candidate.newIndex, 'similar', candidate.similarity);
    }
  }

  result(): BlockMatching {
    let pairs = this.currentPairs();
    let stable = this.stableFlags(pairs);
    const weakMoves = pairs.filter(
      (pair, k) => !stable[k] && (this.similarityOf.get(pair.oldIndex) ?? 1) < MOVE_SIMILARITY,
    );
    if (weakMoves.length > 0) {
      for (const pair of weakMoves) {
        this.newOf[pair.oldIndex] = -1;
        this.oldOf[pair.newIndex] = -1;
        this.via.delete(pair.oldIndex);
        this.similarityOf.delete(pair.oldIndex);
      }
      pairs = this.currentPairs();
      stable = this.stableFlags(pairs);
    }
    return {
      pairs: pairs.map((pair, k) => ({
        ...pair,
        via: this.via.get(pair.oldIndex) ?? 'similar',
        stable: stable[k] ?? false,
      })),
      newOf: this.newOf,
      oldOf: this.oldOf,
    };
  }

  private stableFlags(pairs: { oldIndex: number; newIndex: number }[]): boolean[] {
    return stableSubsequence(
      pairs.map((pair) => ({ newIndex: pair.newIndex, weight: this.weight(pair.oldIndex) })),
      this.newBlocks.length,
    );
  }
}
