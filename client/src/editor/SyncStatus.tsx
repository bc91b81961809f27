import { useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { SaveTracker } from './SaveTracker.ts';
import type { ConnectionState } from './useCollaboration.ts';
import { useSaveIndicator } from './useSaveIndicator.ts';

/**
 * Tells the user whether their edits are stored on the server: saved, saving, or offline with
 * unsent changes kept in the browser. The visible line shows the details, such as the number of
 * unsent changes, and "saving" only for a save that takes a while (see SHOW_SAVING_AFTER_MS);
 * `data-state` is the exact state at every moment; a separate polite live region announces only
 * changes of state that last. It follows the save tracker itself (see useSaveIndicator).
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
  // this indicator follows it, mostly without rendering (see useSaveIndicator).
  const line = useRef<HTMLParagraphElement>(null);
  const { shown, unsent, announced } = useSaveIndicator(connection, saves, line);
  const text =
    shown === 'offline'
      ? unsent > 0
        ? t('status.offlineUnsent', { count: unsent })
        : t('status.offlineSaved')
      : shown === 'saving'
        ? t('status.saving')
        : shown === 'saved'
          ? t('status.saved')
          : t('status.connecting');

  return (
    <>
      {/* data-state is the exact state, written by useSaveIndicator. */}
      <p ref={line} className={`sync-status sync-status-${shown}`}>
        <span className="visually-hidden">{t('status.label')}: </span>
        {text}
      </p>
      <p className="sync-announcement visually-hidden" role="status" aria-live="polite">
        {announced && `${t('status.label')}: ${t(announced)}`}
      </p>
    </>
  );
}
