import { WebSocketStatus } from '@hocuspocus/provider';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { CollaborationState } from './useCollaboration.ts';

/** Which of the save states the user is in. */
export type SaveState = 'connecting' | 'saved' | 'saving' | 'offline';

/** Derives the save state from the provider's connection and unsynced-change count. */
export function saveState(state: CollaborationState): SaveState {
  if (state.connection === WebSocketStatus.Disconnected) return 'offline';
  if (state.connection === WebSocketStatus.Connecting || !state.synced) return 'connecting';
  return state.unsynced > 0 ? 'saving' : 'saved';
}

/**
 * How long a save state must hold before screen readers hear it. While someone types, every
 * keystroke flips "saved" to "saving" and back within a few milliseconds; announcing each flip
 * would talk over the user's own typing. A state that lasts this long is news worth hearing.
 * @default 1000
 */
export const ANNOUNCE_AFTER_MS = 1_000;

/**
 * How long a save must last before the visible indicator turns from "saved" to "saving". Online,
 * every keystroke is stored within milliseconds, and flipping the indicator twice per key made
 * Chromium lay out the page header and walk the whole page at pre-paint on every key (the
 * largest cost per key on a long draft, W6). A save this slow is worth showing; `data-state`
 * stays exact at once, and the way back to "saved", going offline and reconnecting are shown at
 * once too.
 * @default 500
 */
export const SHOW_SAVING_AFTER_MS = 500;

/**
 * What the visible indicator shows: the state, except that a save started from "saved" keeps
 * showing "saved" until it has lasted {@link SHOW_SAVING_AFTER_MS}.
 */
export function shownState(current: SaveState, held: SaveState): SaveState {
  return current === 'saving' && held === 'saved' ? 'saved' : current;
}

/**
 * What the live region says for each state. No counts: a number that changes at every keystroke
 * offline would be read out at every keystroke.
 */
export function announcement(state: CollaborationState): MessageKey {
  const current = saveState(state);
  if (current === 'offline') return state.unsynced > 0 ? 'status.offline' : 'status.offlineSaved';
  if (current === 'saving') return 'status.saving';
  if (current === 'saved') return 'status.saved';
  return 'status.connecting';
}
