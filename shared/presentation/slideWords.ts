import type { Stance } from '../api/comments.ts';
import type { MessageKey } from '../i18n/sv.ts';
import type { MessageValues } from '../i18n/translate.ts';
import { MAX_HEAT, type PresenterNotes, type Slide } from './slideTypes.ts';

/** A translation function, as the app's `t` and `translate` bound to a language are. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** A slide's title as people say it: "3.2 Licenser (2/3)", "Inledning". */
export function slideTitle(slide: Slide, t: Translate): string {
  const heading = slide.heading ?? t('presentation.intro');
  const numbered = slide.number === null ? heading : `${slide.number} ${heading}`;
  return slide.part === null ? numbered : `${numbered} (${slide.part.index}/${slide.part.count})`;
}

/** What a screen reader hears when the slide changes: "Bild 3 av 12: 3.2 Licenser". */
export function slideAnnouncement(
  slide: Slide,
  index: number,
  count: number,
  t: Translate,
): string {
  return t('presentation.announce', {
    number: index + 1,
    count,
    title: slideTitle(slide, t),
  });
}

/** The comment count in words: "5 kommentarer, 2 öppna". */
export function commentCountText(comments: Slide['comments'], t: Translate): string {
  return t('presentation.comments', { total: comments.total, open: comments.open });
}

/** The heat in words, so it never rests on colour or pattern alone: "Värme 3 av 4". */
export function heatText(slide: Slide, t: Translate): string {
  return t('presentation.heat', { level: slide.heat, max: MAX_HEAT });
}

/** The heat as a pattern of filled and empty squares, ■■■□. */
export function heatPattern(slide: Slide): string {
  return '■'.repeat(slide.heat) + '□'.repeat(MAX_HEAT - slide.heat);
}

/** A stance in words; "no stance" for null. */
export function stanceText(stance: Stance | null, t: Translate): string {
  return t(stance === null ? 'comments.stance.none' : `comments.stance.${stance}`);
}

/**
 * The presenter notes as lines of text: counts, stances, the spotlighted threads and some open
 * ones quoted. The notes window, the offline HTML file and the PDF print the same lines.
 */
export function notesLines(notes: PresenterNotes, t: Translate): string[] {
  if (notes.total === 0 && notes.removedText === 0) return [t('presentation.notes.none')];
  const lines = [
    t('presentation.notes.counts', {
      total: notes.total,
      open: notes.open,
      resolved: notes.resolved,
    }),
  ];
  if (notes.byStance.length > 0) {
    lines.push(
      t('presentation.notes.stances', {
        list: notes.byStance
          .map((entry) => `${stanceText(entry.stance, t)}: ${entry.count}`)
          .join(', '),
      }),
    );
  }
  if (notes.removedText > 0) {
    lines.push(t('presentation.notes.removed', { count: notes.removedText }));
  }
  for (const thread of notes.spotlight) {
    lines.push(
      t('presentation.notes.spotlight', {
        label: thread.label ?? '–',
        quote: thread.quote,
        name: thread.author.name,
        organisation: thread.author.organisation,
        stance: stanceText(thread.stance, t),
      }),
    );
  }
  for (const quote of notes.quotes) {
    lines.push(
      t('presentation.notes.quote', {
        label: quote.label ?? '–',
        quote: quote.quote,
        stance: stanceText(quote.stance, t),
      }),
    );
  }
  if (notes.moreOpen > 0) lines.push(t('presentation.notes.moreOpen', { count: notes.moreOpen }));
  return lines;
}
