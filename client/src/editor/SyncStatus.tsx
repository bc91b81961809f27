import { WebSocketStatus } from '@hocuspocus/provider';
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
 * Tells the user whether their edits are stored on the server: saved, saving, or offline with
 * unsent changes kept in the browser. A polite live region, so screen readers hear changes of
 * state without being interrupted at every keystroke.
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
  return (
    <p
      className={`sync-status sync-status-${current}`}
      data-state={current}
      role="status"
      aria-live="polite"
    >
      <span className="visually-hidden">{t('status.label')}: </span>
      {text}
    </p>
  );
}
