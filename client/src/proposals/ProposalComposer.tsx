import { useId, useState } from 'react';
import type { CommentAuthor, Stance, Thread } from '../../../shared/api/comments.ts';
import type { ProposalText } from '../../../shared/api/proposals.ts';
import { createThread } from '../api/commentsApi.ts';
import type { CommentRequest } from '../comments/commentRequest.ts';
import { FormFooter } from '../comments/FormFooter.tsx';
import { MentionTextarea } from '../comments/MentionTextarea.tsx';
import { StanceSelect } from '../comments/StanceSelect.tsx';
import { useDraftSubmit } from '../comments/useDraftSubmit.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { ProposalTextInput } from './ProposalTextInput.tsx';

/**
 * The form for proposing new wording: the current wording (or, for an insertion, the text right
 * before the cursor), the new wording with bold, italic and links, and the reason, which opens
 * the proposal's thread. Sent as a thread with `proposal`; it never touches the text itself.
 */
export function ProposalComposer({
  documentId,
  request,
  members,
  closedReason,
  onCreated,
  onCancel,
}: {
  documentId: string;
  request: CommentRequest;
  members: readonly CommentAuthor[] | null;
  closedReason: string | null;
  onCreated: (thread: Thread) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const reasonId = useId();
  const insertion = request.quote === '';
  const [wording, setWording] = useState<ProposalText>({
    text: insertion ? '' : request.quote,
    marks: [],
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [stance, setStance] = useState<Stance | null>(null);
  const { draft, error, disabled, submit } = useDraftSubmit(async (content) => {
    const thread = await createThread(documentId, {
      target: request.target,
      ...content,
      ...(stance ? { stance } : {}),
      proposal: wording,
    });
    onCreated(thread);
  }, closedReason);

  const selector = request.target.selector;
  const before = selector.type === 'TextQuoteSelector' ? (selector.prefix ?? '') : '';

  return (
    <form
      className="comment-composer proposal-composer"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        if (insertion && wording.text.trim() === '') {
          setProblem(t('proposals.form.emptyInsertion'));
          return;
        }
        if (!insertion && wording.text === request.quote && (wording.marks ?? []).length === 0) {
          setProblem(t('proposals.form.sameText'));
          return;
        }
        setProblem(null);
        void submit(event);
      }}
      noValidate
    >
      <h3 id={headingId}>{t('proposals.form.heading')}</h3>
      {insertion ? (
        <p className="composer-quote">
          {t('proposals.form.insertion', { before: before.slice(-40) })}
        </p>
      ) : (
        <>
          <p className="field-label">{t('proposals.form.original')}</p>
          <blockquote className="composer-quote">{request.quote}</blockquote>
        </>
      )}
      {closedReason && (
        <p id={reasonId} className="period-closed">
          {closedReason}
        </p>
      )}
      <StanceSelect value={stance} onChange={setStance} disabled={disabled} />
      <ProposalTextInput
        label={t('proposals.form.text')}
        value={wording}
        onChange={setWording}
        disabled={disabled}
        autoFocus
        describedBy={closedReason ? reasonId : undefined}
      />
      {!insertion && <p className="field-hint">{t('proposals.form.textHint')}</p>}
      <MentionTextarea
        label={t('proposals.form.reason')}
        value={draft.body}
        onChange={draft.setBody}
        members={members}
        onMention={draft.addMention}
        onSubmit={() => void submit()}
        disabled={disabled}
      />
      <FormFooter
        error={problem ?? error}
        submitLabel={t('proposals.form.submit')}
        submitDisabled={disabled}
        onCancel={onCancel}
      />
    </form>
  );
}
