import { stances } from '../api/comments.ts';
import { SLIDE_MAX_QUOTE_CHARACTERS, SLIDE_NOTES_MAX_QUOTES } from '../limits.ts';
import { shortenText } from './shortenText.ts';
import type { PresenterNotes, SlideThreadInput, SpotlightThread } from './slideTypes.ts';

/** A thread shortened for a slide's spotlight panel and the notes. */
export function spotlightThread(
  thread: SlideThreadInput,
  labels: Readonly<Record<string, string>>,
): SpotlightThread {
  return {
    id: thread.id,
    label: thread.blockId === null ? null : (labels[thread.blockId] ?? null),
    quote: shortenText(thread.quote, SLIDE_MAX_QUOTE_CHARACTERS),
    author: thread.author,
    stance: thread.stance,
    status: thread.status,
    opening:
      thread.opening === null ? null : shortenText(thread.opening, SLIDE_MAX_QUOTE_CHARACTERS),
    replies: thread.replies,
  };
}

/**
 * The presenter notes of a slide. `counted` are the threads the counts cover (the whole
 * section); `shown` are the threads anchored on this slide, of which the spotlighted ones are
 * listed in full and some open others are quoted; `removedText` counts threads whose text is gone.
 */
export function presenterNotes(
  counted: readonly SlideThreadInput[],
  shown: readonly SlideThreadInput[],
  spotlight: ReadonlySet<string>,
  labels: Readonly<Record<string, string>>,
  removedText = 0,
): PresenterNotes {
  const open = counted.filter((thread) => thread.status === 'open').length;
  const byStance = [...stances, null]
    .map((stance) => ({
      stance,
      count: counted.filter((thread) => thread.stance === stance).length,
    }))
    .filter((entry) => entry.count > 0);
  const openOthers = shown.filter(
    (thread) => thread.status === 'open' && !spotlight.has(thread.id),
  );
  return {
    total: counted.length,
    open,
    resolved: counted.length - open,
    byStance,
    spotlight: shown
      .filter((thread) => spotlight.has(thread.id))
      .map((thread) => spotlightThread(thread, labels)),
    quotes: openOthers.slice(0, SLIDE_NOTES_MAX_QUOTES).map((thread) => ({
      label: thread.blockId === null ? null : (labels[thread.blockId] ?? null),
      quote: shortenText(thread.quote, SLIDE_MAX_QUOTE_CHARACTERS),
      stance: thread.stance,
    })),
    moreOpen: Math.max(0, openOthers.length - SLIDE_NOTES_MAX_QUOTES),
    removedText,
  };
}
