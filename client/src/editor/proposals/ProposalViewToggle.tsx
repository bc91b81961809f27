import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider.tsx';

/**
 * "Show proposals" or "Clean text": two radio buttons, so the choice and its state are plain to
 * screen readers and work with arrow keys. Clean text hides the suggestions, never the proposals
 * themselves, which stay in the sidebar.
 */
export function ProposalViewToggle({
  show,
  onChange,
}: {
  show: boolean;
  onChange: (show: boolean) => void;
}) {
  const { t } = useI18n();
  const name = useId();
  return (
    <fieldset className="proposal-view-toggle">
      <legend>{t('proposals.view.label')}</legend>
      {([true, false] as const).map((value) => (
        <label key={String(value)} className="radio-option">
          <input
            type="radio"
            name={name}
            checked={show === value}
            onChange={() => onChange(value)}
          />
          {t(value ? 'proposals.view.show' : 'proposals.view.clean')}
        </label>
      ))}
    </fieldset>
  );
}
