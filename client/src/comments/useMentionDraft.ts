import { useCallback, useState } from 'react';
import type { CommentAuthor } from '../../../shared/api/comments.ts';

/**
 * The text of a comment being written and the members picked from the suggestions. A mention
 * whose "@Name" was deleted from the text again is not sent.
 */
export function useMentionDraft(initial = '', initialMentions: readonly CommentAuthor[] = []) {
  const [body, setBody] = useState(initial);
  const [picked, setPicked] = useState<readonly CommentAuthor[]>(initialMentions);

  const addMention = useCallback((member: CommentAuthor) => {
    setPicked((previous) =>
      previous.some((known) => known.id === member.id) ? previous : [...previous, member],
    );
  }, []);

  const mentionIds = picked
    .filter((member) => body.includes(`@${member.name}`))
    .map((member) => member.id);

  const reset = useCallback(() => {
    setBody('');
    setPicked([]);
  }, []);

  return { body, setBody, addMention, mentionIds, reset };
}
