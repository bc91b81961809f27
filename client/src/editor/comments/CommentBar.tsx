import { useI18n } from '../../i18n/I18nProvider.tsx';
import { COMMENT_SHORTCUT } from './CommentShortcutExtension.ts';

/**
 * The "Comment" button above the text, with a line that says how to comment: select text and
 * press the button or Ctrl+Alt+M, or pick a paragraph number in the margin. The same line
 * describes the text field to screen readers (`hintId`). `notice` says why the last attempt did
 * not open a comment (nothing selected, too long), in a polite live region.
 */
export function CommentBar({
  hintId,
  notice,
  onComment,
  onPropose,
}: {
  hintId: string;
  notice: string;
  onComment: () => void;
  /** Proposes new wording for the selection (or inserts at the caret). */
  onPropose: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="comment-bar">
      <button
        type="button"
        className="primary"
        aria-keyshortcuts={COMMENT_SHORTCUT}
        // Keep the selection in the text: a mouse press on a button would otherwise move focus
        // before the click is handled.
        onMouseDown={(event) => event.preventDefault()}
        onClick={onComment}
      >
        {t('comments.comment')}
      </button>
      {/* Beside Kommentera, so the bar keeps one height and the margin stays lined up. */}
      <button
        type="button"
        className="propose-button"
        onMouseDown={(event) => event.preventDefault()}
        onClick={onPropose}
      >
        {t('proposals.propose')}
      </button>
      <p id={hintId} className="comment-bar-hint">
        {t('comments.commentHint')}
      </p>
      <p className="comment-bar-notice" role="status" aria-live="polite">
        {notice}
      </p>
    </div>
  );
}
