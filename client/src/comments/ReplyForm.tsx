import { useId, useState, type RefObject, type SyntheticEvent } from 'react';
import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { createComment } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { MentionTextarea } from './MentionTextarea.tsx';
import { useMentionDraft } from './useMentionDraft.ts';

/** The reply box under a thread; disabled, with the reason, when the user may not reply now. */
export function ReplyForm({
  threadId,
  members,
  closedReason,
  onSent,
  textareaRef,
}: {
  threadId: string;
  members: readonly CommentAuthor[] | null;
  closedReason: string | null;
  onSent: () => void;
  textareaRef?: RefObject<HTMLTextAreaElement | null>;
}) {
  const { t } = useI18n();
  const reasonId = useId();
  const draft = useMentionDraft();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const disabled = closedReason !== null || sending;

  const submit = async (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (disabled) return;
    if (draft.body.trim() === '') {
      setError(t('comments.error.empty'));
      return;
    }
    setSending(true);
    setError(null);
    try {
      await createComment(threadId, { body: draft.body, mentions: draft.mentionIds });
      draft.reset();
      onSent();
    } catch (caught) {
      setError(commentErrorText(caught, t));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="reply-form" onSubmit={(event) => void submit(event)} noValidate>
      {closedReason && (
        <p id={reasonId} className="period-closed">
          {closedReason}
        </p>
      )}
      <MentionTextarea
        label={t('comments.reply')}
        value={draft.body}
        onChange={draft.setBody}
        members={members}
        onMention={draft.addMention}
        onSubmit={() => void submit()}
        disabled={disabled}
        describedBy={closedReason ? reasonId : undefined}
        textareaRef={textareaRef}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="submit" disabled={disabled}>
        {t('comments.sendReply')}
      </button>
    </form>
  );
}
