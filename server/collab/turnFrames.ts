import * as Y from 'yjs';
import type { Logger } from '../logger.ts';

/** Merges Yjs updates into one; `Y.mergeUpdates` outside tests. */
export type MergeUpdates = (updates: Uint8Array[]) => Uint8Array;

/** Where a turn's updates come from, and how they are merged. */
export interface TurnFramesOptions {
  /** The document the updates belong to, for the log line. */
  documentId: string;
  logger?: Logger;
  /**
   * Merges the turn's updates. A parameter so that the fallback below can be tested without
   * crafted bytes (some make Yjs loop, yjs #687) and without replacing Yjs.
   * @default Y.mergeUpdates
   */
  merge?: MergeUpdates;
}

/**
 * The payloads of the frames that carry one event-loop turn's updates of a document to its
 * connections: one update as it is, several merged into one. Should merging throw, every update
 * goes out as its own frame, in the order it was applied and each once, as Hocuspocus itself
 * would send them, so a peer misses nothing; the failure is logged once for the turn, not once
 * per update.
 */
export function turnFrames(
  updates: Uint8Array[],
  { documentId, logger, merge = Y.mergeUpdates }: TurnFramesOptions,
): Uint8Array[] {
  // The caller hands the turn's list over; it is returned as it is rather than copied.
  if (updates.length <= 1) return updates;
  try {
    return [merge(updates)];
  } catch (error) {
    logger?.warn('could not merge a turn of updates; sending them one by one', {
      documentId,
      updates: updates.length,
      error: error instanceof Error ? error.message : String(error),
    });
    return updates;
  }
}
