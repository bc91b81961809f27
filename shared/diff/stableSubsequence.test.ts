import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random/seededRandom.ts';
import { stableSubsequence, type WeightedPoint } from './stableSubsequence.ts';

/** Heaviest increasing subsequence by trying every subset; only for small inputs. */
function bruteForce(points: readonly WeightedPoint[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << points.length; mask += 1) {
    let last = -1;
    let total = 0;
    let increasing = true;
    points.forEach((point, k) => {
      if ((mask & (1 << k)) === 0) return;
      if (point.newIndex <= last) increasing = false;
      last = point.newIndex;
      total += point.weight;
    });
    if (increasing) best = Math.max(best, total);
  }
  return best;
}

describe('stableSubsequence', () => {
  it('keeps everything when nothing moved', () => {
    const points = [0, 1, 2, 3].map((newIndex) => ({ newIndex, weight: 1 }));
    expect(stableSubsequence(points, 4)).toEqual([true, true, true, true]);
  });

  it('reports the light block as moved when a heavy and a light block swap places', () => {
    const points = [
      { newIndex: 1, weight: 100 },
      { newIndex: 0, weight: 5 },
    ];
    expect(stableSubsequence(points, 2)).toEqual([true, false]);
    expect(
      stableSubsequence(
        [
          { newIndex: 1, weight: 5 },
          { newIndex: 0, weight: 100 },
        ],
        2,
      ),
    ).toEqual([false, true]);
  });

  it('finds the heaviest increasing subset (seeded, against brute force)', () => {
    for (let seed = 1; seed <= 300; seed += 1) {
      const random = seededRandom(seed);
      const size = random.int(11);
      const positions = Array.from({ length: size }, (_, k) => k).sort(() => random.next() - 0.5);
      const points = positions.map((newIndex) => ({ newIndex, weight: 1 + random.int(9) }));
      const stable = stableSubsequence(points, size);
      const chosen = points.filter((_, k) => stable[k]);
      chosen.forEach((point, k) => {
        if (k > 0)
          expect(point.newIndex, `seed ${seed}`).toBeGreaterThan(chosen[k - 1]?.newIndex ?? -1);
      });
      const total = chosen.reduce((sum, point) => sum + point.weight, 0);
      expect(total, `seed ${seed}`).toBe(bruteForce(points));
    }
  });
});
