import { useId, useState, type SyntheticEvent } from 'react';
import { dispositions, type Disposition, type Thread } from '../../../shared/api/comments.ts';
import { setDisposition } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { isString, useKeptState } from './cardMemory.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { FormFooter } from './FormFooter.tsx';

/**
 * Editors answer a thread: accepted, partly accepted, not accepted or noted, with a reason.
 * This is what the authors report back to the network with the next draft.
 */
export function DispositionForm({
  thread,
  onSaved,
  onCancel,
}: {
  thread: Thread;
  onSaved: (value: Disposition) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [value, setValue] = useKeptState<Disposition>(
    'disposition.value',
    thread.disposition?.value ?? 'accepted',
    isDisposition,
  );
  const [reason, setReason] = useKeptState(
    'disposition.reason',
    thread.disposition?.reason ?? '',
    isString,
  );
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await setDisposition(thread.id, { value, reason });
      onSaved(value);
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  return (
    <form className="disposition-form" onSubmit={(event) => void submit(event)} noValidate>
      <fieldset>
        <legend>{t('comments.disposition')}</legend>
        {dispositions.map((option) => (
          <label key={option} className="radio-option">
            <input
              type="radio"
              name={`${id}-value`}
              value={option}
              checked={value === option}
              onChange={() => setValue(option)}
            />
            {t(`comments.disposition.${option}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor={`${id}-reason`}>{t('comments.disposition.reason')}</label>
      <textarea
        id={`${id}-reason`}
        rows={3}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <FormFooter error={error} submitLabel={t('comments.disposition.save')} onCancel={onCancel} />
    </form>
  );
}

const isDisposition = (kept: unknown): kept is Disposition =>
  dispositions.some((option) => option === kept);
