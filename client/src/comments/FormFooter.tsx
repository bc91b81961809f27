import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * The end of every comment form: the server's refusal, if any, announced as an alert, then the
 * submit button and Cancel. One place, so the forms cannot drift apart in what they announce
 * or in the order of their buttons.
 */
export function FormFooter({
  error,
  errorId,
  submitLabel,
  submitDisabled = false,
  onCancel,
}: {
  error: string | null;
  /** Set when a field points at the error with aria-describedby. */
  errorId?: string;
  submitLabel: string;
  submitDisabled?: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {error && (
        <p id={errorId} role="alert" className="error">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={submitDisabled}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('comments.cancel')}
        </button>
      </div>
    </>
  );
}
