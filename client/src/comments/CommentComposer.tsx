import { useId, useState } from 'react';
import type { CommentAuthor, Stance, Thread } from '../../../shared/api/comments.ts';
import { createThread } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CommentRequest } from './commentRequest.ts';
import { MentionTextarea } from './MentionTextarea.tsx';
import { StanceSelect } from './StanceSelect.tsx';
import { useDraftSubmit } from './useDraftSubmit.ts';
import { FormFooter } from './FormFooter.tsx';

/**
 * The form for a new thread on a passage or paragraph: the quoted text, an optional stance and
 * the comment. It takes focus when it opens. When the comment period has closed for the user,
 * the form stays visible but disabled, and says why.
 */
export function CommentComposer({
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
  /** Why the user cannot comment now, or null when they can. */
  closedReason: string | null;
  onCreated: (thread: Thread) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  const reasonId = useId();
  const [stance, setStance] = useState<Stance | null>(null);
  const { draft, error, disabled, submit } = useDraftSubmit(async (content) => {
    const thread = await createThread(documentId, {
      target: request.target,
      ...content,
      ...(stance ? { stance } : {}),
    });
    onCreated(thread);
  }, closedReason);

  return (
    <form
      className="comment-composer"
      aria-labelledby={headingId}
      onSubmit={(event) => void submit(event)}
      noValidate
    >
      <h3 id={headingId}>
        {request.label === '' ? t('comments.new') : t('comments.newOn', { label: request.label })}
      </h3>
      {request.quote !== '' && <blockquote className="composer-quote">{request.quote}</blockquote>}
      {closedReason && (
        <p id={reasonId} className="period-closed">
          {closedReason}
        </p>
      )}
      <StanceSelect value={stance} onChange={setStance} disabled={disabled} />
      <MentionTextarea
        label={t('comments.body')}
        value={draft.body}
        onChange={draft.setBody}
        members={members}
        onMention={draft.addMention}
        onSubmit={() => void submit()}
        disabled={disabled}
        describedBy={closedReason ? reasonId : undefined}
        autoFocus
      />
      <FormFooter
        error={error}
        submitLabel={t('comments.publish')}
        submitDisabled={disabled}
        onCancel={onCancel}
      />
    </form>
  );
}
