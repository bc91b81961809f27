import { useState } from 'react';
import type { ProposalText } from '../../../shared/api/proposals.ts';
import { NewThreadForm, type NewThreadProps } from '../comments/NewThreadForm.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ProposalTextInput } from './ProposalTextInput.tsx';

/**
 * The form for proposing new wording: the current wording (or, for an insertion, the text right
 * before the cursor), the new wording with bold, italic and links, and the reason, which opens
 * the proposal's thread. Sent as a thread with `proposal`; it never touches the text itself.
 */
export function ProposalComposer(props: NewThreadProps) {
  const { t } = useI18n();
  const { request } = props;
  const insertion = request.quote === '';
  const [wording, setWording] = useState<ProposalText>({
    text: insertion ? '' : request.quote,
    marks: [],
  });

  const selector = request.target.selector;
  const before = selector.type === 'TextQuoteSelector' ? (selector.prefix ?? '') : '';

  return (
    <NewThreadForm
      {...props}
      className="comment-composer proposal-composer"
      heading={t('proposals.form.heading')}
      about={
        insertion ? (
          <p className="composer-quote">
            {t('proposals.form.insertion', { before: before.slice(-40) })}
          </p>
        ) : (
          <>
            <p className="field-label">{t('proposals.form.original')}</p>
            <blockquote className="composer-quote">{request.quote}</blockquote>
          </>
        )
      }
      fields={({ disabled, describedBy }) => (
        <>
          <ProposalTextInput
            label={t('proposals.form.text')}
            value={wording}
            onChange={setWording}
            disabled={disabled}
            autoFocus
            describedBy={describedBy}
          />
          {!insertion && <p className="field-hint">{t('proposals.form.textHint')}</p>}
        </>
      )}
      bodyLabel={t('proposals.form.reason')}
      submitLabel={t('proposals.form.submit')}
      proposal={wording}
      check={() => {
        if (insertion && wording.text.trim() === '') return t('proposals.form.emptyInsertion');
        if (!insertion && wording.text === request.quote && (wording.marks ?? []).length === 0) {
          return t('proposals.form.sameText');
        }
        return null;
      }}
    />
  );
}
