import type { JSONContent } from '@tiptap/core';
import { SLIDE_MAX_BLOCKS, SLIDE_MAX_CHARACTERS, SLIDE_MAX_SPOTLIGHT } from '../limits.ts';
import { heatLevel } from './heatLevel.ts';
import { presenterNotes, spotlightThread } from './presenterNotes.ts';
import { blockIdsWithin, plainText, slideBlock, topLevelBlockId } from './slideBlock.ts';
import type { Slide, SlideDeck, SlideThreadInput } from './slideTypes.ts';
import { paginateBlocks, type PlacedBlock, type SlideCapacity } from './splitBlocks.ts';

/** What a deck is built from. */
export interface BuildSlidesInput {
  /** The document's title, for the title slide. */
  title: string;
  /** The text as Tiptap JSON in the shared schema. */
  content: JSONContent;
  /** Paragraph numbers by block id, as `paragraphLabels` or `blockLabels` make them. */
  labels: Readonly<Record<string, string>>;
  /** The threads the viewer may read, in any order. */
  threads: readonly SlideThreadInput[];
  /** Heading level that starts a slide: 2 (each numbered section) to 4. */
  level: number;
  /** Ids of threads the host put in the spotlight; unknown ids are ignored. */
  spotlight: readonly string[];
  /** How much one slide holds; SLIDE_MAX_BLOCKS and SLIDE_MAX_CHARACTERS unless a test says. */
  capacity?: SlideCapacity;
}

interface Section {
  number: string | null;
  heading: string | null;
  /** Index of the heading among the top-level blocks, or -1 for the text before any. */
  headingIndex: number;
  blocks: PlacedBlock[];
  threads: SlideThreadInput[];
}

function isSlideHeading(node: JSONContent, level: number): boolean {
  return node.type === 'heading' && Number(node.attrs?.['level'] ?? 1) <= level;
}

/**
 * Builds the workshop presentation of a text: a title slide about the whole document, then one
 * slide per section at the chosen heading level (deeper headings stay inside their section's
 * slide), each with its paragraph numbers, its comment count and heat, the spotlighted threads
 * anchored in it, and presenter notes. A section with more text than one slide holds goes on
 * over several ("3.2 (2/3)"), never off the edge. Pure: the app, the offline HTML file and the
 * PDF all draw the same deck.
 */
export function buildSlides(input: BuildSlidesInput): SlideDeck {
  const capacity = input.capacity ?? {
    blocks: SLIDE_MAX_BLOCKS,
    characters: SLIDE_MAX_CHARACTERS,
  };
  const level = Math.min(4, Math.max(2, Math.trunc(input.level)));
  const nodes = input.content.content ?? [];
  const labelOf = (node: JSONContent): string | null => {
    const id = topLevelBlockId(node);
    return id === null ? null : (input.labels[id] ?? null);
  };

  // A leading level-1 heading is the document's title, which the title slide already shows.
  const first = nodes[0];
  const start =
    first !== undefined && first.type === 'heading' && Number(first.attrs?.['level'] ?? 1) <= 1
      ? 1
      : 0;

  const indexOfId = new Map<string, number>();
  nodes.forEach((node, index) => {
    for (const id of blockIdsWithin(node)) if (!indexOfId.has(id)) indexOfId.set(id, index);
  });

  const sections: Section[] = [];
  const sectionOfIndex = new Map<number, Section>();
  let current: Section | null = null;
  for (let index = start; index < nodes.length; index += 1) {
    const node = nodes[index];
    if (node === undefined) continue;
    if (isSlideHeading(node, level)) {
      current = {
        number: labelOf(node),
        heading: plainText(node),
        headingIndex: index,
        blocks: [],
        threads: [],
      };
      sections.push(current);
      sectionOfIndex.set(index, current);
      continue;
    }
    const block = slideBlock(node, labelOf(node));
    if (current === null) {
      if (block === null) continue;
      current = { number: null, heading: null, headingIndex: -1, blocks: [], threads: [] };
      sections.push(current);
    }
    sectionOfIndex.set(index, current);
    if (block !== null) current.blocks.push({ block, source: index });
  }

  const spotlight = new Set(input.spotlight);
  const removed: SlideThreadInput[] = [];
  const placedIndex = new Map<string, number>();
  for (const thread of input.threads) {
    const index = thread.blockId === null ? undefined : indexOfId.get(thread.blockId);
    const section = index === undefined ? undefined : sectionOfIndex.get(index);
    if (index === undefined || section === undefined) {
      removed.push(thread);
      continue;
    }
    placedIndex.set(thread.id, index);
    section.threads.push(thread);
  }
  const byPlace = (a: SlideThreadInput, b: SlideThreadInput): number =>
    (placedIndex.get(a.id) ?? 0) - (placedIndex.get(b.id) ?? 0);

  const openCount = (threads: readonly SlideThreadInput[]): number =>
    threads.filter((thread) => thread.status === 'open').length;
  const busiest = Math.max(0, ...sections.map((section) => section.threads.length));

  const titleSpotlight = removed.filter((thread) => spotlight.has(thread.id));
  const slides: Slide[] = [
    {
      kind: 'title',
      number: null,
      heading: input.title,
      part: null,
      blocks: [],
      comments: { open: openCount(input.threads), total: input.threads.length },
      heat: 0,
      spotlight: titleSpotlight
        .slice(0, SLIDE_MAX_SPOTLIGHT)
        .map((thread) => spotlightThread(thread, input.labels)),
      spotlightMore: Math.max(0, titleSpotlight.length - SLIDE_MAX_SPOTLIGHT),
      notes: presenterNotes(input.threads, titleSpotlight, spotlight, input.labels, removed.length),
    },
  ];

  for (const section of sections) {
    const threads = [...section.threads].sort(byPlace);
    const pages = paginateBlocks(section.blocks, capacity);
    const claimed = new Set<string>();
    pages.forEach((page, pageIndex) => {
      const sources = new Set(page.map((placed) => placed.source));
      // Threads on the heading, or on a block a slide divides, belong to the first slide showing it.
      const shown = threads.filter(
        (thread) =>
          !claimed.has(thread.id) &&
          (sources.has(placedIndex.get(thread.id) ?? -2) ||
            (pageIndex === 0 && placedIndex.get(thread.id) === section.headingIndex)),
      );
      shown.forEach((thread) => claimed.add(thread.id));
      const spotlighted = shown.filter((thread) => spotlight.has(thread.id));
      slides.push({
        kind: 'section',
        number: section.number,
        heading: section.heading,
        part: pages.length > 1 ? { index: pageIndex + 1, count: pages.length } : null,
        blocks: page.map((placed) => placed.block),
        comments: { open: openCount(threads), total: threads.length },
        heat: heatLevel(threads.length, busiest),
        spotlight: spotlighted
          .slice(0, SLIDE_MAX_SPOTLIGHT)
          .map((thread) => spotlightThread(thread, input.labels)),
        spotlightMore: Math.max(0, spotlighted.length - SLIDE_MAX_SPOTLIGHT),
        notes: presenterNotes(threads, shown, spotlight, input.labels),
      });
    });
  }

  return { title: input.title, level, slides };
}
