import { useState, type SyntheticEvent } from 'react';
import type { Comment, CommentAuthor } from '../../../shared/api/comments.ts';
import { updateComment } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { MentionTextarea } from './MentionTextarea.tsx';
import { useMentionDraft } from './useMentionDraft.ts';
import { FormFooter } from './FormFooter.tsx';

/** Edits one's own comment in place; focus goes to the text when it opens. */
export function EditCommentForm({
  comment,
  members,
  onSaved,
  onCancel,
}: {
  comment: Comment;
  members: readonly CommentAuthor[] | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const draft = useMentionDraft(comment.body, comment.mentions, `edit.${comment.id}`);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (draft.body.trim() === '') {
      setError(t('comments.error.empty'));
      return;
    }
    setError(null);
    try {
      await updateComment(comment.id, { body: draft.body, mentions: draft.mentionIds });
      onSaved();
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  return (
    <form className="edit-comment-form" onSubmit={(event) => void submit(event)} noValidate>
      <MentionTextarea
        label={t('comments.editLabel')}
        value={draft.body}
        onChange={draft.setBody}
        members={members}
        onMention={draft.addMention}
        onSubmit={() => void submit()}
        autoFocus
      />
      <FormFooter error={error} submitLabel={t('comments.save')} onCancel={onCancel} />
    </form>
  );
}
