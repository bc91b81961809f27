/** One run of an edit script: `count` items kept, deleted from the old or inserted from the new. */
export interface EditRun {
  type: 'equal' | 'delete' | 'insert';
  count: number;
}

/**
 * Shortest edit script between two sequences of interned items (equal items have equal numbers),
 * by Myers' O(ND) algorithm in its linear-space form: find the middle snake of the optimal path,
 * then solve both halves. Common prefixes and suffixes are stripped first at every level, which is
 * most of the work for documents that changed a little.
 *
 * Returns null when the search gives up: it follows paths of up to about `maxEdits` edits
 * (insertions plus deletions) and no further, because its cost grows with the square of the
 * distance, and a caller with two long unrelated texts is better served by a coarser comparison
 * than by waiting for a minimal one. Scripts that need no search (one side empty once the common
 * ends are set aside, or nothing in common) are returned whatever their length.
 *
 * Deletions come before insertions within a run of changes.
 */
export function myersDiff(a: Int32Array, b: Int32Array, maxEdits: number): EditRun[] | null {
  const search = new MyersSearch(a, b, maxEdits);
  return search.run() ? mergeRuns(search.runs) : null;
}

class MyersSearch {
  readonly runs: EditRun[] = [];
  // Scratch space for the two frontiers, grown on demand and reused by every bisection.
  private forward = new Int32Array(0);
  private backward = new Int32Array(0);

  constructor(
    private readonly a: Int32Array,
    private readonly b: Int32Array,
    private readonly maxEdits: number,
  ) {}

  run(): boolean {
    return this.solve(0, this.a.length, 0, this.b.length);
  }

  private push(type: EditRun['type'], count: number): void {
    if (count > 0) this.runs.push({ type, count });
  }

  private solve(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
    const { a, b } = this;
    let prefix = 0;
    while (
      aStart + prefix < aEnd &&
      bStart + prefix < bEnd &&
      a[aStart + prefix] === b[bStart + prefix]
    ) {
      prefix += 1;
    }
    aStart += prefix;
    bStart += prefix;
    let suffix = 0;
    while (
      aEnd - suffix > aStart &&
      bEnd - suffix > bStart &&
      a[aEnd - suffix - 1] === b[bEnd - suffix - 1]
    ) {
      suffix += 1;
    }
    aEnd -= suffix;
    bEnd -= suffix;

    this.push('equal', prefix);
    const n = aEnd - aStart;
    const m = bEnd - bStart;
    if (n === 0 || m === 0) {
      this.push('delete', n);
      this.push('insert', m);
    } else {
      const split = this.bisect(aStart, aEnd, bStart, bEnd);
      if (split === null) return false;
      if (split === 'disjoint') {
        this.push('delete', n);
        this.push('insert', m);
      } else {
        const [x, y] = split;
        if (!this.solve(aStart, aStart + x, bStart, bStart + y)) return false;
        if (!this.solve(aStart + x, aEnd, bStart + y, bEnd)) return false;
      }
    }
    this.push('equal', suffix);
    return true;
  }

  /**
   * Finds a point on a shortest edit path by searching forward from the start and backward from
   * the end until the two frontiers overlap (diff-match-patch's `diff_bisect`, on integers).
   * Returns the split offsets, 'disjoint' when nothing is in common, or null when the edit
   * distance exceeds the budget.
   */
  private bisect(
    aStart: number,
    aEnd: number,
    bStart: number,
    bEnd: number,
  ): [number, number] | 'disjoint' | null {
    const { a, b } = this;
    const n = aEnd - aStart;
    const m = bEnd - bStart;
    const maxDepth = Math.ceil((n + m) / 2);
    // Each round of d extends both frontiers by one edit, so the distance found is about 2d.
    const depthBudget = Math.ceil(this.maxEdits / 2) + 1;
    const depthLimit = Math.min(maxDepth, depthBudget);
    const offset = depthLimit + 1;
    const length = 2 * offset + 1;
    if (this.forward.length < length) {
      this.forward = new Int32Array(length);
      this.backward = new Int32Array(length);
    }
    const v1 = this.forward;
    const v2 = this.backward;
    v1.fill(-1, 0, length);
    v2.fill(-1, 0, length);
    v1[offset + 1] = 0;
    v2[offset + 1] = 0;
    const delta = n - m;
    // With an odd delta the forward frontier meets the backward one, otherwise the reverse.
    const front = delta % 2 !== 0;
    let k1start = 0;
    let k1end = 0;
    let k2start = 0;
    let k2end = 0;

    for (let d = 0; d < depthLimit; d += 1) {
      for (let k1 = -d + k1start; k1 <= d - k1end; k1 += 2) {
        const k1Offset = offset + k1;
        let x1: number;
        if (k1 === -d || (k1 !== d && at(v1, k1Offset - 1) < at(v1, k1Offset + 1))) {
          x1 = at(v1, k1Offset + 1);
        } else {
          x1 = at(v1, k1Offset - 1) + 1;
        }
        let y1 = x1 - k1;
        while (x1 < n && y1 < m && a[aStart + x1] === b[bStart + y1]) {
          x1 += 1;
          y1 += 1;
        }
        v1[k1Offset] = x1;
        if (x1 > n) {
          k1end += 2;
        } else if (y1 > m) {
          k1start += 2;
        } else if (front) {
          const k2Offset = offset + delta - k1;
          if (k2Offset >= 0 && k2Offset < length && at(v2, k2Offset) !== -1) {
            const x2 = n - at(v2, k2Offset);
            if (x1 >= x2) return [x1, y1];
          }
        }
      }

      for (let k2 = -d + k2start; k2 <= d - k2end; k2 += 2) {
        const k2Offset = offset + k2;
        let x2: number;
        if (k2 === -d || (k2 !== d && at(v2, k2Offset - 1) < at(v2, k2Offset + 1))) {
          x2 = at(v2, k2Offset + 1);
        } else {
          x2 = at(v2, k2Offset - 1) + 1;
        }
        let y2 = x2 - k2;
        while (x2 < n && y2 < m && a[aEnd - x2 - 1] === b[bEnd - y2 - 1]) {
          x2 += 1;
          y2 += 1;
        }
        v2[k2Offset] = x2;
        if (x2 > n) {
          k2end += 2;
        } else if (y2 > m) {
          k2start += 2;
        } else if (!front) {
          const k1Offset = offset + delta - k2;
          if (k1Offset >= 0 && k1Offset < length && at(v1, k1Offset) !== -1) {
            const x1 = at(v1, k1Offset);
            const y1 = offset + x1 - k1Offset;
            if (x1 >= n - x2) return [x1, y1];
          }
        }
      }
    }
    // Running out of depth before the budget means the frontiers never met: no item in common.
    return depthLimit === maxDepth ? 'disjoint' : null;
  }
}

// Typed-array reads inside the bounds checked above; the fallback only satisfies the checker.
function at(array: Int32Array, index: number): number {
  return array[index] ?? -1;
}

/** Joins neighbouring runs of one type and orders deletions before insertions between equals. */
function mergeRuns(runs: EditRun[]): EditRun[] {
  const merged: EditRun[] = [];
  let deleted = 0;
  let inserted = 0;
  const flush = () => {
    if (deleted > 0) merged.push({ type: 'delete', count: deleted });
    if (inserted > 0) merged.push({ type: 'insert', count: inserted });
    deleted = 0;
    inserted = 0;
  };
  for (const run of runs) {
    if (run.type === 'delete') deleted += run.count;
    else if (run.type === 'insert') inserted += run.count;
    else {
      flush();
      const last = merged.at(-1);
      if (last?.type === 'equal') last.count += run.count;
      else merged.push({ type: 'equal', count: run.count });
    }
  }
  flush();
  return merged;
}
