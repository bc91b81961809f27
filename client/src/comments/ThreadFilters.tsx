import { useId } from 'react';
import { stances, threadStatuses, type Thread } from '../../../shared/api/comments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { filterChoices, isFiltering, NO_FILTER, type ThreadFilter } from './threadFilters.ts';

/** The sidebar's filters: status, organisation, stance and author, as labelled selects. */
export function ThreadFilters({
  threads,
  filter,
  onChange,
}: {
  threads: readonly Thread[];
  filter: ThreadFilter;
  onChange: (filter: ThreadFilter) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const { organisations, authors } = filterChoices(threads);

  return (
    <fieldset className="thread-filters">
      <legend>{t('comments.filter')}</legend>
      <div className="select-field">
        <label htmlFor={`${id}-status`}>{t('comments.filter.status')}</label>
        <select
          id={`${id}-status`}
          value={filter.status ?? ''}
          onChange={(event) =>
            onChange({
              ...filter,
              status: threadStatuses.find((status) => status === event.target.value) ?? null,
            })
          }
        >
          <option value="">{t('comments.filter.all')}</option>
          <option value="open">{t('comments.status.open')}</option>
          <option value="resolved">{t('comments.status.resolved')}</option>
        </select>
      </div>
      <div className="select-field">
        <label htmlFor={`${id}-organisation`}>{t('comments.filter.organisation')}</label>
        <select
          id={`${id}-organisation`}
          value={filter.organisation ?? ''}
          onChange={(event) =>
            onChange({
              ...filter,
              organisation: event.target.value === '' ? null : event.target.value,
            })
          }
        >
          <option value="">{t('comments.filter.all')}</option>
          {organisations.map((organisation) => (
            <option key={organisation} value={organisation}>
              {organisation}
            </option>
          ))}
        </select>
      </div>
      <div className="select-field">
        <label htmlFor={`${id}-stance`}>{t('comments.stance')}</label>
        <select
          id={`${id}-stance`}
          value={filter.stance ?? ''}
          onChange={(event) => {
            const value = event.target.value;
            onChange({
              ...filter,
              stance:
                value === 'none' ? 'none' : (stances.find((stance) => stance === value) ?? null),
            });
          }}
        >
          <option value="">{t('comments.filter.all')}</option>
          {stances.map((stance) => (
            <option key={stance} value={stance}>
              {t(`comments.stance.${stance}`)}
            </option>
          ))}
          <option value="none">{t('comments.stance.none')}</option>
        </select>
      </div>
      <div className="select-field">
        <label htmlFor={`${id}-author`}>{t('comments.filter.author')}</label>
        <select
          id={`${id}-author`}
          value={filter.authorId ?? ''}
          onChange={(event) =>
            onChange({ ...filter, authorId: event.target.value === '' ? null : event.target.value })
          }
        >
          <option value="">{t('comments.filter.all')}</option>
          {authors.map((author) => (
            <option key={author.id} value={author.id}>
              {author.name} ({author.organisation})
            </option>
          ))}
        </select>
      </div>
      {isFiltering(filter) && (
        <button type="button" className="link-button" onClick={() => onChange(NO_FILTER)}>
          {t('comments.filter.clear')}
        </button>
      )}
    </fieldset>
  );
}
