import { useId, useState, type SyntheticEvent } from 'react';
import type { Version } from '../../../shared/api/versions.ts';
import { CURRENT_TEXT } from '../api/versionsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { sideLabel } from './sideLabel.ts';

/**
 * Picks any two texts to compare: a version or the current text on each side. A submit button
 * rather than comparing as soon as a list changes, so that moving through a list with the
 * keyboard does not load one comparison per step (WCAG 3.2.2).
 */
export function CompareForm({
  versions,
  from,
  to,
  onCompare,
}: {
  versions: readonly Version[];
  from: string;
  to: string;
  onCompare: (from: string, to: string) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [chosenFrom, setChosenFrom] = useState(from);
  const [chosenTo, setChosenTo] = useState(to);

  const options = [
    <option key={CURRENT_TEXT} value={CURRENT_TEXT}>
      {t('versions.current')}
    </option>,
    ...versions.map((version) => (
      <option key={version.id} value={version.id}>
        {sideLabel(version.id, versions, t, locale)}
      </option>
    )),
  ];

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    onCompare(chosenFrom, chosenTo);
  };

  return (
    <form className="compare-form" onSubmit={onSubmit} aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('versions.compare.formHeading')}</h2>
      <div className="compare-form-fields">
        <div className="select-field">
          <label htmlFor={`${id}-from`}>{t('versions.compare.from')}</label>
          <select
            id={`${id}-from`}
            value={chosenFrom}
            onChange={(event) => setChosenFrom(event.target.value)}
          >
            {options}
          </select>
        </div>
        <div className="select-field">
          <label htmlFor={`${id}-to`}>{t('versions.compare.to')}</label>
          <select
            id={`${id}-to`}
            value={chosenTo}
            onChange={(event) => setChosenTo(event.target.value)}
          >
            {options}
          </select>
        </div>
        <button type="submit" className="primary">
          {t('versions.compare.submit')}
        </button>
      </div>
    </form>
  );
}
