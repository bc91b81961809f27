import { blockCharacters } from './slideBlock.ts';
import type { Slide } from './slideTypes.ts';

/**
 * How full a slide is, for the type size every renderer picks: `roomy` (a few lines, largest
 * type), `full` (up to SLIDE_MAX_CHARACTERS, or a few lines beside the spotlight panel), or
 * `crowded` (a full slide that also shares its width with the spotlight). The limits that divide
 * long sections keep even a crowded slide on one screen or page at its size.
 */
export type SlideDensity = 'roomy' | 'full' | 'crowded';

/** Characters up to which a slide counts as roomy. */
const ROOMY_CHARACTERS = 300;

/** The density of a slide. */
export function slideDensity(slide: Slide): SlideDensity {
  const characters = slide.blocks.reduce((sum, block) => sum + blockCharacters(block), 0);
  const narrow = slide.spotlight.length > 0;
  if (characters <= ROOMY_CHARACTERS) return narrow ? 'full' : 'roomy';
  return narrow ? 'crowded' : 'full';
}
