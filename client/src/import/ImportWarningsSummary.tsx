import type { ImportWarning } from '../../../shared/api/import.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { importWarningText } from './importTexts.ts';

/**
 * What an import could not carry over as it was, as a list in the UI's language, or a sentence
 * saying everything came across.
 */
export function ImportWarningsSummary({
  warnings,
  headingId,
}: {
  warnings: readonly ImportWarning[];
  headingId: string;
}) {
  const { t } = useI18n();
  if (warnings.length === 0) return <p>{t('import.noWarnings')}</p>;
  return (
    <>
      <h3 id={headingId}>{t('import.warningsHeading')}</h3>
      <ul className="import-warnings" aria-labelledby={headingId}>
        {warnings.map((warning) => (
          <li key={`${warning.code}-${JSON.stringify(warning.params ?? {})}`}>
            {importWarningText(warning, t)}
          </li>
        ))}
      </ul>
    </>
  );
}
