import { useState } from 'react';
import type { Comment, CommentAuthor } from '../../../shared/api/comments.ts';
import type { SessionUser } from '../../../shared/api/session.ts';
import { deleteComment, unhideComment } from '../api/commentsApi.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { AuthorLine } from './AuthorLine.tsx';
import { useKeptState } from './cardMemory.tsx';
import { CommentBody } from './CommentBody.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { EditCommentForm } from './EditCommentForm.tsx';
import { HideCommentForm } from './HideCommentForm.tsx';

const modes = ['view', 'edit', 'confirm-delete', 'hide'] as const;
type Mode = (typeof modes)[number];
const isMode = (kept: unknown): kept is Mode => modes.some((mode) => mode === kept);

/**
 * One comment: who wrote it and when, and its text. A deleted comment leaves a marker; a hidden
 * one shows "hidden by moderator" (owners also see the text and the reason). With `showActions`,
 * authors can edit and delete their own comments, and owners can hide and show comments.
 */
export function CommentView({
  comment,
  user,
  canModerate,
  showActions,
  members,
  onChanged,
}: {
  comment: Comment;
  user: SessionUser;
  canModerate: boolean;
  showActions: boolean;
  members: readonly CommentAuthor[] | null;
  /** Called after a change succeeded, with what to announce. */
  onChanged: (announcement: string) => void;
}) {
  const { t } = useI18n();
  // Only an open card's comments have forms to keep; closed cards are thousands.
  const [mode, setMode] = useKeptState<Mode>(
    showActions ? `mode.${comment.id}` : null,
    'view',
    isMode,
  );
  const [error, setError] = useState<string | null>(null);
  const own = comment.author.id === user.id;
  const deleted = comment.deletedAt !== null;
  const hidden = comment.hidden;

  const act = async (action: () => Promise<unknown>, announcement: string) => {
    setError(null);
    try {
      await action();
      setMode('view');
      onChanged(announcement);
    } catch (caught) {
      setError(commentErrorText(caught, t));
    }
  };

  if (deleted) {
    return (
      <div className="comment comment-deleted">
        <AuthorLine author={comment.author} at={comment.createdAt} />
        <p className="comment-marker">{t('comments.deleted')}</p>
      </div>
    );
  }

  return (
    <div className="comment">
      <AuthorLine
        author={comment.author}
        at={comment.createdAt}
        edited={comment.editedAt !== null}
      />
      {mode === 'edit' ? (
        <EditCommentForm
          comment={comment}
          members={members}
          onSaved={() => {
            setMode('view');
            onChanged(t('comments.edited.done'));
          }}
          onCancel={() => setMode('view')}
        />
      ) : hidden && !canModerate ? (
        <p className="comment-marker">{t('comments.hidden')}</p>
      ) : (
        <>
          <CommentBody body={comment.body} mentions={comment.mentions} />
          {hidden && (
            <p className="comment-marker">
              {t('comments.hiddenBy', { name: hidden.by.name, reason: hidden.reason })}
            </p>
          )}
        </>
      )}
      {mode === 'hide' && (
        <HideCommentForm
          commentId={comment.id}
          onHidden={() => {
            setMode('view');
            onChanged(t('comments.hide.done'));
          }}
          onCancel={() => setMode('view')}
        />
      )}
      {showActions && mode === 'view' && (own || canModerate) && (
        <div className="comment-actions">
          {own && (
            <button type="button" onClick={() => setMode('edit')}>
              {t('comments.edit')}
            </button>
          )}
          {own && (
            <button type="button" onClick={() => setMode('confirm-delete')}>
              {t('comments.delete')}
            </button>
          )}
          {canModerate && !hidden && (
            <button type="button" onClick={() => setMode('hide')}>
              {t('comments.hide')}
            </button>
          )}
          {canModerate && hidden && (
            <button
              type="button"
              onClick={() => void act(() => unhideComment(comment.id), t('comments.unhide.done'))}
            >
              {t('comments.unhide')}
            </button>
          )}
        </div>
      )}
      {mode === 'confirm-delete' && (
        <div className="comment-actions" role="group" aria-label={t('comments.delete.confirm')}>
          <span>{t('comments.delete.confirm')}</span>
          <button
            type="button"
            className="danger"
            // The question just appeared; answering it is the next step.
            autoFocus
            onClick={() => void act(() => deleteComment(comment.id), t('comments.delete.done'))}
          >
            {t('comments.delete.yes')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('comments.cancel')}
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
