import { useId, useState, type SyntheticEvent } from 'react';
import type { Thread } from '../../../shared/api/comments.ts';
import {
  preparedProposalChangeSchema,
  proposalConflictDetailsSchema,
  type PreparedProposalChange,
  type ProposalConflictDetails,
  type ProposalText,
  type ThreadProposal,
} from '../../../shared/api/proposals.ts';
import { ApiError } from '../api/apiClient.ts';
import {
  acceptOnServer,
  confirmAcceptance,
  prepareAcceptance,
  rejectProposal,
} from '../api/proposalsApi.ts';
import { isBoolean, isString, useKeptState } from '../comments/cardMemory.tsx';
import { commentErrorText } from '../comments/commentErrorText.ts';
import { formatDateTime } from '../comments/formatTime.ts';
import { FormFooter } from '../comments/FormFooter.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ProposalConflict } from './ProposalConflict.tsx';
import { ProposalDiff } from './ProposalDiff.tsx';
import { proposalApplier } from './proposalAppliers.ts';

/** The three texts of a 409 on accepting, or null for any other failure. */
function conflictOf(error: unknown): ProposalConflictDetails | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const parsed = proposalConflictDetailsSchema.safeParse(error.details);
  return parsed.success ? parsed.data : null;
}

const undecided = (proposal: ThreadProposal) =>
  proposal.state === 'open' || proposal.state === 'conflict';

const isChangeOrNull = (kept: unknown): kept is PreparedProposalChange | null =>
  kept === null || preparedProposalChangeSchema.safeParse(kept).success;

/**
 * A proposal in its thread card: a word-level preview of the change, where it stands and who
 * decided, and, for editors on the active card, Accept and Reject. Accepting asks the server to
 * prepare the change, applies it in this editor (so Ctrl+Z in the text undoes it), waits until
 * it is stored, and confirms it. A conflict opens the conflict view.
 */
export function ProposalView({
  thread,
  proposal,
  canDecide,
  active,
  onChanged,
}: {
  thread: Thread;
  proposal: ThreadProposal;
  canDecide: boolean;
  active: boolean;
  onChanged: (announcement: string) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Kept across the card being mounted anew (cardMemory.tsx): the reason typed, and above all a
  // change already applied whose confirmation failed. Not the conflict: its panel takes focus
  // as it opens, and the next Accept shows it again.
  const [conflict, setConflict] = useState<ProposalConflictDetails | null>(null);
  const [rejecting, setRejecting] = useKeptState('proposal.rejecting', false, isBoolean);
  const [reason, setReason] = useKeptState('proposal.reason', '', isString);
  // A change applied here whose confirmation failed: the next Accept confirms it again rather
  // than preparing a new one onto text that already holds it.
  const [pending, setPending] = useKeptState('proposal.pending', null, isChangeOrNull);

  const accept = async (onto: boolean, edited: ProposalText | null) => {
    const applier = proposalApplier(thread.documentId);
    const options = {
      ...(onto ? { onto: 'current' as const } : {}),
      ...(edited ? { text: edited } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      if (pending) {
        await confirmAcceptance(thread.id, pending);
        setPending(null);
      } else if (applier) {
        const { change } = await prepareAcceptance(thread.id, options);
        await applier(change);
        setPending(change);
        await confirmAcceptance(thread.id, change);
        setPending(null);
      } else {
        // No editor of this document is open here to apply it (and undo it): the server does.
        await acceptOnServer(thread.id, options);
      }
      setConflict(null);
      onChanged(t('proposals.accepted'));
    } catch (caught) {
      const details = conflictOf(caught);
      if (details) setConflict(details);
      else setError(commentErrorText(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const reject = async (event: SyntheticEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await rejectProposal(thread.id, reason);
      setRejecting(false);
      setConflict(null);
      onChanged(t('proposals.rejected'));
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  const kind =
    proposal.placement !== 'replace'
      ? t('proposals.card.insertion')
      : proposal.text === ''
        ? t('proposals.card.deletion')
        : null;

  return (
    <section className={`proposal-view proposal-${proposal.state}`} aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`} className="proposal-heading">
        {t('proposals.card.heading')}{' '}
        <span className={`badge badge-proposal-${proposal.state}`}>
          {t(`proposals.state.${proposal.state}`)}
        </span>
      </h4>
      {kind && <p className="proposal-kind">{kind}</p>}
      <ProposalDiff original={proposal.original} text={proposal.text} />
      {proposal.applied && proposal.applied.text !== proposal.text && (
        <p className="proposal-applied">
          {t('proposals.card.applied', { text: proposal.applied.text })}
        </p>
      )}
      {proposal.decided && (
        <p className="proposal-decided">
          {t('proposals.decided', {
            state: t(`proposals.state.${proposal.state}`),
            name: proposal.decided.by.name,
            organisation: proposal.decided.by.organisation,
            time: formatDateTime(proposal.decided.at, locale),
          })}
          {proposal.decided.reason !== '' &&
            ` ${t('proposals.decidedReason', { reason: proposal.decided.reason })}`}
        </p>
      )}
      {active && canDecide && undecided(proposal) && (
        <>
          {conflict ? (
            <ProposalConflict
              details={conflict}
              busy={busy}
              onAccept={(edited) => void accept(true, edited)}
              onReject={() => setRejecting(true)}
            />
          ) : (
            !rejecting && (
              <div className="form-actions proposal-actions">
                <button
                  type="button"
                  className="primary"
                  disabled={busy}
                  onClick={() => void accept(false, null)}
                >
                  {t('proposals.accept')}
                </button>
                <button type="button" disabled={busy} onClick={() => setRejecting(true)}>
                  {t('proposals.reject')}
                </button>
              </div>
            )
          )}
          {busy && (
            <p role="status" className="field-hint">
              {t('proposals.applying')}
            </p>
          )}
          {rejecting && (
            <form className="proposal-reject" onSubmit={(event) => void reject(event)} noValidate>
              <label htmlFor={`${id}-reason`}>{t('proposals.rejectReason')}</label>
              <textarea
                id={`${id}-reason`}
                rows={2}
                value={reason}
                autoFocus
                onChange={(event) => setReason(event.target.value)}
              />
              <FormFooter
                error={error}
                submitLabel={t('proposals.rejectSubmit')}
                onCancel={() => setRejecting(false)}
              />
            </form>
          )}
          {!rejecting && error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
        </>
      )}
    </section>
  );
}
