/**
 * How strongly the margin marks a block, from its number of threads: 0 (none) to 3. Fixed steps
 * rather than a share of the busiest block, so a block looks the same however busy the others
 * are, and the count beside the bar says the exact number.
 */
export function heatLevel(count: number): 0 | 1 | 2 | 3 {
  if (count <= 0) return 0;
  if (count === 1) return 1;
  if (count <= 3) return 2;
  return 3;
}
