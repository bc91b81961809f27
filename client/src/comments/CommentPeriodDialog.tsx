import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { setCommentPeriod } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { fromLocalInput, toLocalInput } from './localDateTime.ts';

/**
 * The owner sets or clears the comment deadline, in a native modal `<dialog>` (focus stays
 * inside, Esc closes it). After the deadline commenters can no longer start threads or reply;
 * editors still can.
 */
export function CommentPeriodDialog({
  documentId,
  closesAt,
  onSaved,
  onClose,
}: {
  documentId: string;
  closesAt: string | null;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [value, setValue] = useState(toLocalInput(closesAt));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const save = async (next: string | null) => {
    setError(null);
    try {
      await setCommentPeriod(documentId, next);
      onSaved();
      dialog.current?.close();
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const iso = fromLocalInput(value);
    if (iso === null) {
      setError(t('comments.period.invalid'));
      return;
    }
    void save(iso);
  };

  return (
    <dialog
      ref={dialog}
      className="period-dialog"
      aria-labelledby={`${id}-heading`}
      onClose={onClose}
    >
      <div className="dialog-header">
        <h2 id={`${id}-heading`}>{t('comments.period.heading')}</h2>
        <button type="button" onClick={() => dialog.current?.close()}>
          {t('members.close')}
        </button>
      </div>
      <p>{t('comments.period.intro')}</p>
      <form className="stacked-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-input`}>{t('comments.period.label')}</label>
          <input
            id={`${id}-input`}
            type="datetime-local"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </div>
        {error && (
          <p id={`${id}-error`} role="alert" className="error">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('comments.period.save')}
          </button>
          {closesAt !== null && (
            <button type="button" onClick={() => void save(null)}>
              {t('comments.period.clear')}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
