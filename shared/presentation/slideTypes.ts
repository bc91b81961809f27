import type { Stance, ThreadStatus } from '../api/comments.ts';

/**
 * The workshop presentation as plain data: what `buildSlides` makes and what every renderer
 * (the app's presentation mode, the offline HTML file, the 16:9 PDF) draws. It holds no
 * translated words, so one deck is shown in either language, and the three never disagree.
 */
export interface SlideDeck {
  /** The document's title. */
  title: string;
  /** The heading level that starts a slide (2 = every numbered top-level section). */
  level: number;
  slides: Slide[];
}

/** How busy a section is, relative to the busiest section: 0 (no comments) to 4 (the busiest). */
export type HeatLevel = 0 | 1 | 2 | 3 | 4;

/** The highest heat level. */
export const MAX_HEAT: HeatLevel = 4;

/** One slide. */
export interface Slide {
  /** `title`: the first slide, about the whole document; `section`: one section (or part of it). */
  kind: 'title' | 'section';
  /** The section's number as the app shows it ("3.2"); null for the title and unnumbered text. */
  number: string | null;
  /**
   * The section's heading text; the document title on the title slide; null for the text before
   * the first section heading (renderers call it "Introduction").
   */
  heading: string | null;
  /** Which part of a section too long for one slide this is, or null when it fits on one. */
  part: { index: number; count: number } | null;
  /** The text of the slide. */
  blocks: SlideBlock[];
  /**
   * Threads on the section (on the whole text for the title slide). Every part of a divided
   * section shows the whole section's counts.
   */
  comments: { open: number; total: number };
  /** The section's heat; always 0 on the title slide. */
  heat: HeatLevel;
  /** Spotlighted threads anchored in the blocks of this slide, at most SLIDE_MAX_SPOTLIGHT. */
  spotlight: SpotlightThread[];
  /** Spotlighted threads of this slide that did not fit in the panel (the notes list them). */
  spotlightMore: number;
  notes: PresenterNotes;
}

/** A block of a slide's text. `label` is its paragraph number ("3.2 ¶4"), when it has one. */
export type SlideBlock =
  | { kind: 'heading'; label: string | null; level: number; text: string }
  | { kind: 'paragraph'; label: string | null; text: string }
  | { kind: 'quote'; label: string | null; text: string }
  | { kind: 'list'; label: string | null; ordered: boolean; items: SlideListItem[] }
  | { kind: 'table'; label: string | null; header: string[] | null; rows: string[][] };

/** One item of a list; `depth` 0 is the outermost list. */
export interface SlideListItem {
  depth: number;
  text: string;
}

/**
 * A thread as the presentation needs it. Both sides build it: the server from the export's
 * threads, the app from the threads API.
 */
export interface SlideThreadInput {
  id: string;
  /** The block the thread is anchored to, or null when its text is gone. */
  blockId: string | null;
  status: ThreadStatus;
  stance: Stance | null;
  /** The commented passage. */
  quote: string;
  author: { name: string; organisation: string };
  /** Text of the opening comment, or null when it is hidden or removed. */
  opening: string | null;
  /** Number of replies after the opening comment. */
  replies: number;
}

/** A thread the host put in the spotlight, shortened to fit on a slide. */
export interface SpotlightThread {
  id: string;
  /** Paragraph number of the commented block ("3.2 ¶4"), when it has one. */
  label: string | null;
  quote: string;
  author: { name: string; organisation: string };
  stance: Stance | null;
  status: ThreadStatus;
  opening: string | null;
  replies: number;
}

/** What the presenter sees beside a slide: a summary of its section's comments. */
export interface PresenterNotes {
  total: number;
  open: number;
  resolved: number;
  /** Threads per stance, in the order of `stances` then "no stance"; only counts above zero. */
  byStance: { stance: Stance | null; count: number }[];
  /** Every spotlighted thread of the slide (the panel may show fewer). */
  spotlight: SpotlightThread[];
  /** Some open threads that are not spotlighted, shortened, at most SLIDE_NOTES_MAX_QUOTES. */
  quotes: { label: string | null; quote: string; stance: Stance | null }[];
  /** Open threads not quoted in `quotes`. */
  moreOpen: number;
  /** Threads whose text is gone from this version (title slide only; 0 elsewhere). */
  removedText: number;
}
