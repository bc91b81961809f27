import type { Thread } from '../../../shared/api/comments.ts';
import type { SlideThreadInput } from '../../../shared/presentation/slideTypes.ts';

/**
 * A thread from the API as the slides read it. A hidden or deleted opening comment is never put
 * on a slide, not even for owners who may read it in the app: slides are shown to a room.
 */
export function slideThread(thread: Thread): SlideThreadInput {
  const [opening] = thread.comments;
  const shown = opening !== undefined && opening.deletedAt === null && opening.hidden === null;
  return {
    id: thread.id,
    blockId: thread.anchor.status === 'removed' ? null : thread.anchor.blockId,
    status: thread.status,
    stance: thread.stance,
    quote: thread.anchor.exact,
    author: { name: thread.author.name, organisation: thread.author.organisation },
    opening: shown ? opening.body : null,
    replies: Math.max(0, thread.comments.length - 1),
  };
}
