import { WebSocketStatus } from '@hocuspocus/provider';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { SaveTracker } from './SaveTracker.ts';
import type { CollaborationState, ConnectionState } from './useCollaboration.ts';
import { useUnsynced } from './useUnsynced.ts';

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
function announcement(state: CollaborationState): MessageKey {
  const current = saveState(state);
  if (current === 'offline') return state.unsynced > 0 ? 'status.offline' : 'status.offlineSaved';
  if (current === 'saving') return 'status.saving';
  if (current === 'saved') return 'status.saved';
  return 'status.connecting';
}

/**
 * Tells the user whether their edits are stored on the server: saved, saving, or offline with
 * unsent changes kept in the browser. The visible line shows the details, such as the number of
 * unsent changes, and "saving" only for a save that takes a while (see SHOW_SAVING_AFTER_MS);
 * `data-state` is the exact state at every moment; a separate polite live region announces only
 * changes of state that last. It follows the save tracker itself (see useUnsynced).
 */
export function SyncStatus({
  state: connection,
  saves,
}: {
  state: ConnectionState;
  saves: SaveTracker | null;
}) {
  const { t } = useI18n();
  // Read here, not handed down by the page: the count changes twice per keystroke, and only
  // this indicator needs to render for it.
  const unsynced = useUnsynced(saves);
  const state: CollaborationState = { ...connection, unsynced };
  const current = saveState(state);
  const [held, setHeld] = useState<SaveState>(current);
  const shown = shownState(current, held);
  useEffect(() => {
    if (shown === current) {
      setHeld(current);
      return;
    }
    const timer = setTimeout(() => setHeld(current), SHOW_SAVING_AFTER_MS);
    return () => clearTimeout(timer);
  }, [current, shown]);
  const text =
    shown === 'offline'
      ? state.unsynced > 0
        ? t('status.offlineUnsent', { count: state.unsynced })
        : t('status.offlineSaved')
      : shown === 'saving'
        ? t('status.saving')
        : shown === 'saved'
          ? t('status.saved')
          : t('status.connecting');

  const pending = announcement(state);
  const [announced, setAnnounced] = useState<MessageKey | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setAnnounced(pending), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [pending]);

  return (
    <>
      <p className={`sync-status sync-status-${shown}`} data-state={current}>
        <span className="visually-hidden">{t('status.label')}: </span>
        {text}
      </p>
      <p className="sync-announcement visually-hidden" role="status" aria-live="polite">
        {announced && `${t('status.label')}: ${t(announced)}`}
      </p>
    </>
  );
}
