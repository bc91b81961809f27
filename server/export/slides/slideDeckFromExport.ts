import type { ExportQuery } from '../../../shared/api/export.ts';
import { buildSlides } from '../../../shared/presentation/buildSlides.ts';
import { parseSpotlight } from '../../../shared/presentation/spotlightIds.ts';
import type { SlideDeck, SlideThreadInput } from '../../../shared/presentation/slideTypes.ts';
import type { ExportDocument, ExportThread } from '../ExportDocument.ts';

/** An exported thread as the slides read it: the opening comment's text unless it is withheld. */
export function slideThread(thread: ExportThread): SlideThreadInput {
  const opening = thread.comments.find((comment) => !comment.isReply);
  return {
    id: thread.id,
    blockId: thread.textRemoved ? null : thread.blockId,
    status: thread.status,
    stance: thread.stance,
    quote: thread.quote,
    author: thread.author,
    opening: opening?.body.kind === 'text' ? opening.body.text : null,
    replies: thread.comments.filter((comment) => comment.isReply).length,
  };
}

/**
 * The deck of an export, built by the same `buildSlides` the app's presentation mode uses, from
 * the level and spotlight the query names.
 */
export function slideDeckFromExport(
  doc: ExportDocument,
  query: Pick<ExportQuery, 'slideLevel' | 'spotlight'>,
): SlideDeck {
  return buildSlides({
    title: doc.title,
    content: doc.content,
    labels: doc.labels,
    threads: doc.threads.map(slideThread),
    level: query.slideLevel,
    spotlight: parseSpotlight(query.spotlight),
  });
}
