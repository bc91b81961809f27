import type { DiffSummary } from '../../../shared/diff/diffDocuments.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * The counts at the top of a comparison: words, paragraphs and sections, always, so "nothing
 * moved" is said rather than left to be inferred; reformatted and coarsely compared paragraphs
 * only when there are any.
 */
export function DiffSummaryView({
  summary,
  headingId,
}: {
  summary: DiffSummary;
  headingId: string;
}) {
  const { t } = useI18n();
  return (
    <section className="diff-summary" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('versions.summary.heading')}</h2>
      <ul>
        <li>
          {t('versions.summary.words', {
            added: summary.wordsAdded,
            removed: summary.wordsRemoved,
          })}
        </li>
        <li>
          {t('versions.summary.paragraphs', {
            changed: summary.paragraphsChanged,
            inserted: summary.paragraphsInserted,
            deleted: summary.paragraphsDeleted,
            moved: summary.paragraphsMoved,
          })}
        </li>
        {summary.paragraphsReformatted > 0 && (
          <li>{t('versions.summary.reformatted', { count: summary.paragraphsReformatted })}</li>
        )}
        <li>
          {t('versions.summary.sections', {
            renamed: summary.sectionsRenamed,
            moved: summary.sectionsMoved,
          })}
        </li>
        {summary.paragraphsComparedCoarsely > 0 && (
          <li>{t('versions.summary.coarse', { count: summary.paragraphsComparedCoarsely })}</li>
        )}
      </ul>
    </section>
  );
}
