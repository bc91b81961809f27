import { useCallback } from 'react';
import { commentAuthorSchema, type CommentAuthor } from '../../../shared/api/comments.ts';
import { isString, useKeptState } from './cardMemory.tsx';

const isAuthors = (kept: unknown): kept is readonly CommentAuthor[] =>
  commentAuthorSchema.array().safeParse(kept).success;

/**
 * The text of a comment being written and the members picked from the suggestions. A mention
 * whose "@Name" was deleted from the text again is not sent. Inside a thread card, `keepAs`
 * names the draft so that it survives the card being mounted anew (cardMemory.tsx).
 */
export function useMentionDraft(
  initial = '',
  initialMentions: readonly CommentAuthor[] = [],
  keepAs: string | null = null,
) {
  const [body, setBody] = useKeptState(keepAs && `${keepAs}.body`, initial, isString);
  const [picked, setPicked] = useKeptState(
    keepAs && `${keepAs}.mentions`,
    initialMentions,
    isAuthors,
  );

  const addMention = useCallback(
    (member: CommentAuthor) => {
      setPicked((previous) =>
        previous.some((known) => known.id === member.id) ? previous : [...previous, member],
      );
    },
    [setPicked],
  );

  const mentionIds = picked
    .filter((member) => body.includes(`@${member.name}`))
    .map((member) => member.id);

  const reset = useCallback(() => {
    setBody('');
    setPicked([]);
  }, [setBody, setPicked]);

  return { body, setBody, addMention, mentionIds, reset };
}
