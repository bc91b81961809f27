import { diffWords } from '../../../shared/diff/diffWords.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * A word-level preview of a proposal: removed words struck (<del>), added words underlined
 * (<ins>), each with a spoken "Removed:" or "Added:" so the change is not told by looks alone.
 */
export function ProposalDiff({ original, text }: { original: string; text: string }) {
  const { t } = useI18n();
  const { ops } = diffWords(original, text);
  return (
    <p className="proposal-diff" aria-label={t('proposals.card.diff')}>
      {ops.map((op, index) =>
        op.type === 'equal' ? (
          <span key={index}>{op.text}</span>
        ) : op.type === 'delete' ? (
          <del key={index}>
            <span className="visually-hidden">{t('proposals.card.removed')}</span>
            {op.text}
          </del>
        ) : (
          <ins key={index}>
            <span className="visually-hidden">{t('proposals.card.added')}</span>
            {op.text}
          </ins>
        ),
      )}
    </p>
  );
}
