import { useId, useState, type SyntheticEvent } from 'react';
import { isString, useKeptState } from './cardMemory.tsx';
import { hideComment } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { FormFooter } from './FormFooter.tsx';

/** An owner hides a comment and says why; the reason is shown to owners and logged. */
export function HideCommentForm({
  commentId,
  onHidden,
  onCancel,
}: {
  commentId: string;
  onHidden: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useKeptState(`hide.${commentId}`, '', isString);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    if (reason.trim() === '') {
      setError(t('comments.hide.reasonRequired'));
      return;
    }
    setError(null);
    try {
      await hideComment(commentId, reason);
      onHidden();
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  return (
    <form className="hide-comment-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor={id}>{t('comments.hide.reason')}</label>
      <input
        id={id}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : undefined}
        // Opened on request; the reason is the next thing to type.
        autoFocus
      />
      <FormFooter
        error={error}
        errorId={`${id}-error`}
        submitLabel={t('comments.hide')}
        onCancel={onCancel}
      />
    </form>
  );
}
