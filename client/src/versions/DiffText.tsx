import type { DiffOp } from '../../../shared/diff/diffWords.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * The text of one block of a comparison. `both` shows deletions and insertions in place (the
 * inline view); `before` and `after` show one side each (the side-by-side view). Deleted text is
 * `<del>` and inserted text `<ins>`, struck through and underlined, so colour is not the only
 * cue; and since screen readers mostly do not announce those elements, each carries hidden words
 * that say where it starts and ends.
 */
export function DiffText({
  ops,
  side,
}: {
  ops: readonly DiffOp[];
  side: 'both' | 'before' | 'after';
}) {
  const { t } = useI18n();
  return (
    <>
      {ops.map((op, index) => {
        if (op.type === 'equal') return <span key={index}>{op.text}</span>;
        if (op.type === 'delete') {
          if (side === 'after') return null;
          return (
            <del key={index}>
              <span className="visually-hidden">{t('versions.diff.delStart')} </span>
              {op.text}
              <span className="visually-hidden"> {t('versions.diff.delEnd')}</span>
            </del>
          );
        }
        if (side === 'before') return null;
        return (
          <ins key={index}>
            <span className="visually-hidden">{t('versions.diff.insStart')} </span>
            {op.text}
            <span className="visually-hidden"> {t('versions.diff.insEnd')}</span>
          </ins>
        );
      })}
    </>
  );
}
