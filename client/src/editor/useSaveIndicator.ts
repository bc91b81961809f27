import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import type { SaveTracker } from './SaveTracker.ts';
import {
  announcement,
  ANNOUNCE_AFTER_MS,
  saveState,
  SHOW_SAVING_AFTER_MS,
  shownState,
  type SaveState,
} from './saveState.ts';
import type { CollaborationState, ConnectionState } from './useCollaboration.ts';

function exact(connection: ConnectionState, saves: SaveTracker | null): CollaborationState {
  return { ...connection, unsynced: saves?.unconfirmed ?? 0 };
}

/** What the save indicator renders; none of it changes while someone types online. */
export interface SaveIndicator {
  /** The state the visible line shows (see shownState). */
  shown: SaveState;
  /** Changes kept in the browser while offline, for the visible line; 0 online. */
  unsent: number;
  /** What the live region says, once a state has held (ANNOUNCE_AFTER_MS). */
  announced: MessageKey | null;
}

/**
 * Follows the save tracker outside React's renders, and renders only for what the user sees or
 * hears change. The exact state goes straight to `element`'s `data-state`.
 *
 * Why not state: the unconfirmed count changes twice per keystroke (sent, then stored), and
 * every React commit, while the caret is in the editor, walks the editor's whole DOM twice to
 * save and restore the selection (React DOM's getSelectionInformation, for a focused
 * contenteditable): on a 2,000-paragraph draft that walk was a cost per key of its own (W6).
 */
export function useSaveIndicator(
  connection: ConnectionState,
  saves: SaveTracker | null,
  element: RefObject<HTMLElement | null>,
): SaveIndicator {
  const [shown, setShown] = useState<SaveState>(() => saveState(exact(connection, saves)));
  const [unsent, setUnsent] = useState(0);
  const [announced, setAnnounced] = useState<MessageKey | null>(null);
  // The state the visible line holds to: "saving" is shown only once a save has lasted.
  const held = useRef<SaveState>(shown);

  useLayoutEffect(() => {
    let showSaving: ReturnType<typeof setTimeout> | null = null;
    let announce: ReturnType<typeof setTimeout> | null = null;
    let pending: MessageKey | null = null;
    const update = () => {
      const state = exact(connection, saves);
      const current = saveState(state);
      element.current?.setAttribute('data-state', current);
      const next = shownState(current, held.current);
      if (next === current) {
        held.current = current;
        if (showSaving !== null) clearTimeout(showSaving);
        showSaving = null;
      } else {
        showSaving ??= setTimeout(() => {
          showSaving = null;
          held.current = 'saving';
          setShown('saving');
        }, SHOW_SAVING_AFTER_MS);
      }
      // Unchanged values do not render (React bails out on an equal state).
      setShown(next);
      setUnsent(current === 'offline' ? state.unsynced : 0);
      const message = announcement(state);
      if (message !== pending) {
        pending = message;
        if (announce !== null) clearTimeout(announce);
        announce = setTimeout(() => setAnnounced(message), ANNOUNCE_AFTER_MS);
      }
    };
    update();
    const stop = saves?.onChange(update);
    return () => {
      stop?.();
      if (showSaving !== null) clearTimeout(showSaving);
      if (announce !== null) clearTimeout(announce);
    };
  }, [connection, saves, element]);

  return { shown, unsent, announced };
}
