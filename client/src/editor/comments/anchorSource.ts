import * as Y from 'yjs';
import type { Thread } from '../../../../shared/api/comments.ts';

/**
 * What the editor needs to find one thread's passage: its stored Yjs relative positions, decoded
 * once when the thread list arrives rather than at every keystroke.
 */
export interface AnchorSource {
  threadId: string;
  kind: 'passage' | 'block';
  blockId: string | null;
  start: Y.RelativePosition | null;
  end: Y.RelativePosition | null;
}

function decodePosition(base64: string): Y.RelativePosition | null {
  if (base64 === '') return null;
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
    return Y.decodeRelativePosition(bytes);
  } catch {
    // A position this client cannot read is treated like one that does not resolve: no highlight.
    return null;
  }
}

/**
 * The anchors worth drawing. A thread whose text was removed has nothing to point at; drawing it
 * anyway would point at whatever text now sits where it was.
 */
export function anchorSources(threads: readonly Thread[]): AnchorSource[] {
  return threads
    .filter((thread) => thread.anchor.status !== 'removed')
    .map((thread) => ({
      threadId: thread.id,
      kind: thread.anchor.kind,
      blockId: thread.anchor.blockId,
      start: decodePosition(thread.anchor.start),
      end: decodePosition(thread.anchor.end),
    }));
}
