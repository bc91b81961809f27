import { useI18n } from '../i18n/I18nProvider.tsx';
import { NewThreadForm, type NewThreadProps } from './NewThreadForm.tsx';

/**
 * The form for a new thread on a passage or paragraph: the quoted text, an optional stance and
 * the comment. It takes focus when it opens. When the comment period has closed for the user,
 * the form stays visible but disabled, and says why.
 */
export function CommentComposer(props: NewThreadProps) {
  const { t } = useI18n();
  const { request } = props;
  return (
    <NewThreadForm
      {...props}
      className="comment-composer"
      heading={
        request.label === '' ? t('comments.new') : t('comments.newOn', { label: request.label })
      }
      about={
        request.quote !== '' && <blockquote className="composer-quote">{request.quote}</blockquote>
      }
      bodyLabel={t('comments.body')}
      submitLabel={t('comments.publish')}
    />
  );
}
