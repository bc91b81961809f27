/** A matched pair of blocks, seen as a point: position in the new document and its weight. */
export interface WeightedPoint {
  newIndex: number;
  weight: number;
}

/**
 * Given matched pairs in old-document order, picks the heaviest subset whose new positions also
 * increase: the blocks that stayed in place. Every other pair has moved. Weighing pairs by their
 * length means that when a long section and a short paragraph swap places, the paragraph is the
 * one reported as moved, which is the smaller and more likely story.
 *
 * A heaviest increasing subsequence, in O(n log n) with a Fenwick tree over new positions.
 * Returns one flag per pair.
 */
export function stableSubsequence(points: readonly WeightedPoint[], newCount: number): boolean[] {
  // tree[i] holds the best chain total ending at a new position in the range i covers.
  const tree = new Float64Array(newCount + 1);
  const treeEnd = new Int32Array(newCount + 1).fill(-1);
  const previous = new Int32Array(points.length).fill(-1);
  const totals = new Float64Array(points.length);
  let bestTotal = 0;
  let bestEnd = -1;

  points.forEach((point, k) => {
    let best = 0;
    let bestBefore = -1;
    for (let i = point.newIndex; i > 0; i -= i & -i) {
      const total = tree[i] ?? 0;
      if (total > best) {
        best = total;
        bestBefore = treeEnd[i] ?? -1;
      }
    }
    const total = best + point.weight;
    totals[k] = total;
    previous[k] = bestBefore;
    for (let i = point.newIndex + 1; i <= newCount; i += i & -i) {
      if (total > (tree[i] ?? 0)) {
        tree[i] = total;
        treeEnd[i] = k;
      }
    }
    if (total > bestTotal) {
      bestTotal = total;
      bestEnd = k;
    }
  });

  const stable = points.map(() => false);
  for (let k = bestEnd; k >= 0; k = previous[k] ?? -1) stable[k] = true;
  return stable;
}
