import { useId } from 'react';
import { stances, type Stance } from '../../../shared/api/comments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** A labelled select for a thread's stance, with "no stance" as the first choice. */
export function StanceSelect({
  value,
  onChange,
  disabled = false,
}: {
  value: Stance | null;
  onChange: (stance: Stance | null) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="select-field">
      <label htmlFor={id}>{t('comments.stance')}</label>
      <select
        id={id}
        value={value ?? ''}
        disabled={disabled}
        onChange={(event) => {
          const chosen = stances.find((stance) => stance === event.target.value);
          onChange(chosen ?? null);
        }}
      >
        <option value="">{t('comments.stance.none')}</option>
        {stances.map((stance) => (
          <option key={stance} value={stance}>
            {t(`comments.stance.${stance}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
