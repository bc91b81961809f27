import { WebSocketStatus } from '@hocuspocus/provider';
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../shared/i18n/sv.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
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
 * unsent changes; a separate polite live region announces only changes of state that last.
 */
export function SyncStatus({ state }: { state: CollaborationState }) {
  const { t } = useI18n();
  const current = saveState(state);
  const text =
    current === 'offline'
      ? state.unsynced > 0
        ? t('status.offlineUnsent', { count: state.unsynced })
        : t('status.offlineSaved')
      : current === 'saving'
        ? t('status.saving')
        : current === 'saved'
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
      <p className={`sync-status sync-status-${current}`} data-state={current}>
        <span className="visually-hidden">{t('status.label')}: </span>
        {text}
      </p>
      <p className="sync-announcement visually-hidden" role="status" aria-live="polite">
        {announced && `${t('status.label')}: ${t(announced)}`}
      </p>
    </>
  );
}
