import { useEffect, useState } from 'react';
import type { CommentAuthor } from '../../../shared/api/comments.ts';
import { listMembers } from '../api/accountsApi.ts';

/**
 * The members of a document whom `userId` can mention, or null while they load (or if they
 * could not be loaded: then mentions are simply not suggested, and the comment still works).
 */
export function useMembers(documentId: string, userId: string): CommentAuthor[] | null {
  const [members, setMembers] = useState<CommentAuthor[] | null>(null);
  useEffect(() => {
    let current = true;
    listMembers(documentId).then(
      (result) => {
        if (!current) return;
        setMembers(
          result.members
            .filter((member) => member.userId !== userId)
            .map((member) => ({
              id: member.userId,
              name: member.name,
              organisation: member.organisation,
            }))
            .sort((a, b) => a.name.localeCompare(b.name, 'sv')),
        );
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [documentId, userId]);
  return members;
}
