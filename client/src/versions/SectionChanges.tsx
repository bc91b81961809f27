import { useId } from 'react';
import type { SectionChange } from '../../../shared/diff/diffSections.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * Renamed and moved sections, said once for the whole section ("The section “Avgifter” moved
 * from 4 to 2") rather than left for the reader to piece together from a dozen moved paragraphs.
 */
export function SectionChanges({ sections }: { sections: readonly SectionChange[] }) {
  const { t } = useI18n();
  const headingId = useId();
  if (sections.length === 0) return null;
  const number = (label: string | null) => label ?? t('versions.diff.title');
  return (
    <section className="diff-sections" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('versions.sections.heading')}</h2>
      <ul>
        {sections.map((section) => (
          <li key={`${section.type}-${section.after.index}`}>
            {section.type === 'renamed'
              ? t('versions.section.renamed', {
                  label: number(section.after.label),
                  before: section.before.title,
                  after: section.after.title,
                })
              : t('versions.section.moved', {
                  title: section.after.title,
                  before: number(section.before.label),
                  after: number(section.after.label),
                })}
          </li>
        ))}
      </ul>
    </section>
  );
}
