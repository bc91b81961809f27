import { useEffect, useId, useRef, useState } from 'react';
import { restoreVersion } from '../api/versionsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { restoreErrorText } from './restoreErrorText.ts';

type Stage =
  | { step: 'confirm' }
  | { step: 'restoring' }
  /** Restored; `checkpointId` holds the text from just before, to undo with. */
  | { step: 'restored'; checkpointId: string }
  | { step: 'undoing'; checkpointId: string }
  | { step: 'undone' };

/**
 * Asks before restoring a version, in a native modal `<dialog>` (focus stays inside, Esc closes
 * it, focus returns to the Restore button). It says first that nothing is lost, and after the
 * restore how to undo it, with a button that restores the checkpoint the server kept of the text
 * just before.
 */
export function RestoreDialog({
  documentId,
  versionId,
  name,
  onRestored,
  onClose,
}: {
  documentId: string;
  versionId: string;
  /** The version's name as the list shows it. */
  name: string;
  /** Called after a restore or its undo succeeded, so the page can reload its versions. */
  onRestored: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLParagraphElement>(null);
  const [stage, setStage] = useState<Stage>({ step: 'confirm' });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
    // The question first, rather than the first button: a reader should hear what is asked.
    heading.current?.focus();
  }, []);

  // The buttons that had focus are gone once the answer is in; the answer takes focus instead.
  useEffect(() => {
    if (stage.step === 'restored' || stage.step === 'undone') result.current?.focus();
  }, [stage.step]);

  const busy = stage.step === 'restoring' || stage.step === 'undoing';

  const restore = async (target: string, undo: boolean) => {
    if (busy) return;
    setError(null);
    setStage(undo ? { step: 'undoing', checkpointId: target } : { step: 'restoring' });
    try {
      const { checkpointId } = await restoreVersion(documentId, target);
      setStage(undo ? { step: 'undone' } : { step: 'restored', checkpointId });
      onRestored();
    } catch (caught) {
      setError(restoreErrorText(caught, t));
      setStage(undo ? { step: 'restored', checkpointId: target } : { step: 'confirm' });
    }
  };

  const close = () => dialog.current?.close();

  return (
    <dialog
      ref={dialog}
      className="restore-dialog"
      aria-labelledby={`${id}-heading`}
      aria-describedby={`${id}-explain`}
      onClose={onClose}
    >
      <h2 id={`${id}-heading`} ref={heading} tabIndex={-1}>
        {t('versions.restore.heading', { name })}
      </h2>
      <div id={`${id}-explain`}>
        <p>{t('versions.restore.explain')}</p>
        <p>{t('versions.restore.comments')}</p>
      </div>
      {(stage.step === 'restored' || stage.step === 'undoing') && (
        <p ref={result} tabIndex={-1} className="restore-result">
          {t('versions.restore.done', { name })}
        </p>
      )}
      {stage.step === 'undone' && (
        <p ref={result} tabIndex={-1} className="restore-result">
          {t('versions.restore.undone')}
        </p>
      )}
      {busy && (
        <p aria-live="polite" className="restore-working">
          {t('versions.restore.working')}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-actions">
        {(stage.step === 'confirm' || stage.step === 'restoring') && (
          <>
            <button
              type="button"
              className="primary"
              // Not `disabled`: that would throw focus out of the button while the request runs.
              aria-disabled={busy}
              onClick={() => void restore(versionId, false)}
            >
              {t('versions.restore.confirm')}
            </button>
            <button type="button" onClick={close}>
              {t('versions.cancel')}
            </button>
          </>
        )}
        {(stage.step === 'restored' || stage.step === 'undoing') && (
          <>
            <button
              type="button"
              aria-disabled={busy}
              onClick={() => void restore(stage.checkpointId, true)}
            >
              {t('versions.restore.undo')}
            </button>
            <button type="button" className="primary" onClick={close}>
              {t('versions.close')}
            </button>
          </>
        )}
        {stage.step === 'undone' && (
          <button type="button" className="primary" onClick={close}>
            {t('versions.close')}
          </button>
        )}
      </div>
    </dialog>
  );
}
