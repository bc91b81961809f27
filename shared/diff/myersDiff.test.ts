import { describe, expect, it } from 'vitest';
import { myersDiff, type EditRun } from './myersDiff.ts';
import { seededRandom } from '../random/seededRandom.ts';

/** Edit distance (insertions plus deletions) by the textbook dynamic programme. */
function editDistance(a: readonly number[], b: readonly number[]): number {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = lcs[i] ?? [];
      const above = lcs[i - 1] ?? [];
      row[j] =
        a[i - 1] === b[j - 1] ? (above[j - 1] ?? 0) + 1 : Math.max(above[j] ?? 0, row[j - 1] ?? 0);
    }
  }
  return a.length + b.length - 2 * (lcs[a.length]?.[b.length] ?? 0);
}

/** Applies an edit script, returning both sides and the number of edits. */
function apply(runs: readonly EditRun[], a: readonly number[], b: readonly number[]) {
  const oldSide: number[] = [];
  const newSide: number[] = [];
  let i = 0;
  let j = 0;
  let edits = 0;
  for (const run of runs) {
    if (run.type === 'equal') {
      for (let k = 0; k < run.count; k += 1) {
        expect(a[i + k]).toBe(b[j + k]);
        oldSide.push(a[i + k] ?? NaN);
        newSide.push(b[j + k] ?? NaN);
      }
      i += run.count;
      j += run.count;
    } else if (run.type === 'delete') {
      oldSide.push(...a.slice(i, i + run.count));
      i += run.count;
      edits += run.count;
    } else {
      newSide.push(...b.slice(j, j + run.count));
      j += run.count;
      edits += run.count;
    }
  }
  return { oldSide, newSide, edits };
}

describe('myersDiff', () => {
  it('finds a shortest edit script, and reproduces both sides (seeded)', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const random = seededRandom(seed);
      const alphabet = 1 + random.int(6);
      const a = Array.from({ length: random.int(30) }, () => random.int(alphabet));
      const b = Array.from({ length: random.int(30) }, () => random.int(alphabet));
      const runs = myersDiff(Int32Array.from(a), Int32Array.from(b), 1_000);
      expect(runs, `seed ${seed}`).not.toBeNull();
      const { oldSide, newSide, edits } = apply(runs ?? [], a, b);
      expect(oldSide, `seed ${seed}`).toEqual(a);
      expect(newSide, `seed ${seed}`).toEqual(b);
      expect(edits, `seed ${seed}`).toBe(editDistance(a, b));
    }
  });

  it('merges runs and puts deletions before insertions', () => {
    expect(myersDiff(Int32Array.from([1, 2, 3]), Int32Array.from([1, 4, 3]), 10)).toEqual([
      { type: 'equal', count: 1 },
      { type: 'delete', count: 1 },
      { type: 'insert', count: 1 },
      { type: 'equal', count: 1 },
    ]);
  });

  it('handles empty and disjoint sequences', () => {
    expect(myersDiff(new Int32Array(), new Int32Array(), 10)).toEqual([]);
    expect(myersDiff(Int32Array.from([1, 2]), new Int32Array(), 10)).toEqual([
      { type: 'delete', count: 2 },
    ]);
    expect(myersDiff(Int32Array.from([1, 2]), Int32Array.from([3, 4, 5]), 10)).toEqual([
      { type: 'delete', count: 2 },
      { type: 'insert', count: 3 },
    ]);
  });

  it('gives up when a shortest script lies beyond the search budget', () => {
    const a = Int32Array.from({ length: 1_000 }, (_, k) => k);
    const b = Int32Array.from({ length: 1_000 }, (_, k) => k + 500);
    expect(myersDiff(a, b, 100)).toBeNull();
    expect(myersDiff(a, b, 1_000)).toEqual([
      { type: 'delete', count: 500 },
      { type: 'equal', count: 500 },
      { type: 'insert', count: 500 },
    ]);
  });

  it('does not give up on scripts that need no search, however long', () => {
    const long = Int32Array.from({ length: 10_000 }, (_, k) => k);
    const longer = Int32Array.from({ length: 20_000 }, (_, k) => k);
    expect(myersDiff(long, longer, 10)).toEqual([
      { type: 'equal', count: 10_000 },
      { type: 'insert', count: 10_000 },
    ]);
  });
});
