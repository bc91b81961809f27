import type { Comment } from '../../../shared/api/comments.ts';
import { AuthorLine } from '../comments/AuthorLine.tsx';
import { CommentBody } from '../comments/CommentBody.tsx';
import { useI18n } from '../i18n/I18nProvider.tsx';

/**
 * One comment of a thread as it stood when a version was made: read-only, with the same markers
 * for deleted and hidden comments as the live sidebar. The server sends a hidden comment's body
 * only to those who may see it.
 */
export function VersionComment({ comment }: { comment: Comment }) {
  const { t } = useI18n();
  if (comment.deletedAt !== null) {
    return (
      <div className="comment comment-deleted">
        <AuthorLine author={comment.author} at={comment.createdAt} />
        <p className="comment-marker">{t('comments.deleted')}</p>
      </div>
    );
  }
  const hidden = comment.hidden;
  return (
    <div className="comment">
      <AuthorLine
        author={comment.author}
        at={comment.createdAt}
        edited={comment.editedAt !== null}
      />
      {hidden === null || comment.body !== '' ? (
        <CommentBody body={comment.body} mentions={comment.mentions} />
      ) : null}
      {hidden && (
        <p className="comment-marker">
          {comment.body === ''
            ? t('comments.hidden')
            : t('comments.hiddenBy', { name: hidden.by.name, reason: hidden.reason })}
        </p>
      )}
    </div>
  );
}
