import { useState, type SyntheticEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { commentErrorText } from './commentErrorText.ts';
import { useMentionDraft } from './useMentionDraft.ts';

/** What a comment form sends: the text and the ids of the members it mentions. */
export interface DraftContent {
  body: string;
  mentions: string[];
}

/**
 * The writing and sending of one comment, as the new-thread form and the reply box both do it:
 * an empty text is refused with a message, nothing is sent twice while a request is out, the
 * draft is cleared only once the server has taken it, and a refusal is shown in the user's
 * language. `closedReason` (the comment period has closed for this user) disables sending.
 * `keepAs` keeps the draft across a remount of the thread card it is in (useMentionDraft).
 */
export function useDraftSubmit(
  send: (content: DraftContent) => Promise<void>,
  closedReason: string | null,
  keepAs: string | null = null,
) {
  const { t } = useI18n();
  const draft = useMentionDraft('', [], keepAs);
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
      await send({ body: draft.body, mentions: draft.mentionIds });
      draft.reset();
    } catch (caught) {
      setError(commentErrorText(caught, t));
    } finally {
      setSending(false);
    }
  };

  return { draft, error, disabled, submit };
}
