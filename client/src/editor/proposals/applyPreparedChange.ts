import * as Y from 'yjs';
import type { PreparedProposalChange } from '../../../../shared/api/proposals.ts';
import type { SaveTracker } from '../SaveTracker.ts';

/**
 * Transaction origin of an accepted proposal that this browser applies. The editor's undo
 * manager tracks it (see DocumentEditor's `yUndoOptions`), so Ctrl+Z reverts the acceptance like
 * the editor's own typing, which a change made on the server could not offer.
 */
export const ACCEPTED_PROPOSAL_ORIGIN = { name: 'remiss-accepted-proposal' } as const;

/** How long to wait for the server to confirm the change as stored. */
const SYNC_TIMEOUT_MS = 15_000;

function decodeBase64(value: string): Uint8Array {
  const binary = atob(value);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Resolves once the server has confirmed every local change as stored. Asks the save tracker,
 * not the provider: after a reconnect the provider's own count reaches 0 on the first ack, while
 * what it flushed from its offline queue may still be on its way to the database.
 */
function untilStored(saves: SaveTracker): Promise<void> {
  return new Promise((resolve, reject) => {
    if (saves.unconfirmed === 0) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      stop();
      reject(new Error('The change was not confirmed as saved in time.'));
    }, SYNC_TIMEOUT_MS);
    const stop = saves.onChange((unconfirmed) => {
      if (unconfirmed !== 0) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * Applies a prepared accepted proposal to the editor's document as one change of this editor,
 * kept apart from any typing just before or after it in the undo history, and waits until the
 * server has stored it: only then may the acceptance be confirmed.
 */
export async function applyPreparedChange(
  ydoc: Y.Doc,
  saves: SaveTracker,
  undoManager: Y.UndoManager | null,
  change: PreparedProposalChange,
): Promise<void> {
  undoManager?.stopCapturing();
  Y.applyUpdate(ydoc, decodeBase64(change.update), ACCEPTED_PROPOSAL_ORIGIN);
  undoManager?.stopCapturing();
  await untilStored(saves);
}
