import type { Slide } from '../../../shared/presentation/slideTypes.ts';

/** What the presentation tells its notes window, on every slide change and when asked. */
export interface NotesState {
  type: 'state';
  index: number;
  count: number;
  slide: Slide;
  next: Slide | null;
  /** Lines under the title on the title slide. */
  subtitle: string[];
  /** When the presentation started (ms since the epoch), for the elapsed time. */
  startedAt: number;
}

/** A notes window asking for the current state, when it opens. */
export interface NotesHello {
  type: 'hello';
}

/** A message on the notes channel. */
export type NotesMessage = NotesState | NotesHello;

/**
 * The BroadcastChannel between a presentation and its notes window, one per document, so two
 * documents presented in two tabs do not steer each other's notes. Same origin only, no server.
 */
export function notesChannel(documentId: string): BroadcastChannel {
  return new BroadcastChannel(`remiss-presentation:${documentId}`);
}

/** Whether a message from the channel is one of ours (anything may be posted on it). */
export function isNotesMessage(value: unknown): value is NotesMessage {
  if (typeof value !== 'object' || value === null || !('type' in value)) return false;
  if (value.type === 'hello') return true;
  return value.type === 'state' && 'slide' in value && 'index' in value && 'count' in value;
}
