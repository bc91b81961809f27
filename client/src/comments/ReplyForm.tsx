import { useId, type RefObject } from 'react';
import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { createComment } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { MentionTextarea } from './MentionTextarea.tsx';
import { useDraftSubmit } from './useDraftSubmit.ts';

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
  const { draft, error, disabled, submit } = useDraftSubmit(
    async (content) => {
      await createComment(threadId, content);
      onSent();
    },
    closedReason,
    'reply',
  );

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
