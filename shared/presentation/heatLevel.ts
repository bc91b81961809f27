import { MAX_HEAT, type HeatLevel } from './slideTypes.ts';

const HEAT_LEVELS: readonly HeatLevel[] = [0, 1, 2, 3, 4];

/**
 * A section's heat: its comment count relative to the busiest section, in MAX_HEAT steps. No
 * comments is 0; any comment is at least 1, so a quiet section with one comment is not shown as
 * silent; the busiest section is MAX_HEAT.
 */
export function heatLevel(count: number, busiest: number): HeatLevel {
  if (count <= 0 || busiest <= 0) return 0;
  const step = Math.max(1, Math.ceil((MAX_HEAT * Math.min(count, busiest)) / busiest));
  return HEAT_LEVELS[step] ?? MAX_HEAT;
}
