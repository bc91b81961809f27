import { useEffect, useId, useRef, useState } from 'react';
import type { ProposalConflictDetails, ProposalText } from '../../../shared/api/proposals.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ProposalPreview } from './ProposalPreview.tsx';
import { ProposalTextInput } from './ProposalTextInput.tsx';

/**
 * What an editor sees when the passage changed since the proposal was made: the text then, the
 * text now and the proposal, and three ways on: accept onto the current text, edit the proposal
 * first, or reject. It takes focus when it opens, so a keyboard user lands on it.
 */
export function ProposalConflict({
  details,
  busy,
  onAccept,
  onReject,
}: {
  details: ProposalConflictDetails;
  busy: boolean;
  onAccept: (edited: ProposalText | null) => void;
  onReject: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState<ProposalText>(details.proposal);
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <section
      className="proposal-conflict"
      role="alert"
      aria-labelledby={headingId}
      tabIndex={-1}
      ref={panel}
    >
      <h4 id={headingId}>{t('proposals.conflict.heading')}</h4>
      <dl>
        <dt>{t('proposals.conflict.original')}</dt>
        <dd className="proposal-conflict-original">{details.original}</dd>
        <dt>{t('proposals.conflict.current')}</dt>
        <dd className="proposal-conflict-current">{details.current}</dd>
        <dt>{t('proposals.conflict.proposal')}</dt>
        <dd className="proposal-conflict-proposal">
          <ProposalPreview wording={details.proposal} />
        </dd>
      </dl>
      {editing && (
        <ProposalTextInput
          label={t('proposals.conflict.editLabel')}
          value={edited}
          onChange={setEdited}
          disabled={busy}
          autoFocus
        />
      )}
      <div className="form-actions">
        {editing ? (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => onAccept(edited)}
          >
            {t('proposals.conflict.acceptEdited')}
          </button>
        ) : (
          <>
            <button
              type="button"
              className="primary"
              disabled={busy}
              onClick={() => onAccept(null)}
            >
              {t('proposals.conflict.acceptOnto')}
            </button>
            <button type="button" disabled={busy} onClick={() => setEditing(true)}>
              {t('proposals.conflict.edit')}
            </button>
          </>
        )}
        <button type="button" disabled={busy} onClick={onReject}>
          {t('proposals.reject')}
        </button>
      </div>
    </section>
  );
}
