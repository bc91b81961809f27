import type { Thread } from '../../../shared/api/comments.ts';
import { canEditText, roleAtLeast, type Role } from '../../../shared/api/roles.ts';
import type { SessionUser } from '../../../shared/api/session.ts';

/**
 * What the signed-in user may do with comments in one document. The server checks every one of
 * these again; the client only hides what would be refused.
 */
export interface CommentPermissions {
  /** Start threads and reply: commenter and up, and for commenters only while the period runs. */
  canWrite: boolean;
  /** Whether writing is closed for this user because the comment period has ended. */
  closedByPeriod: boolean;
  /** Set dispositions: editors and owners. */
  canDispose: boolean;
  /** Hide comments and see hidden ones: owners and admins. */
  canModerate: boolean;
  /** Set the comment period: owners and admins. */
  canSetPeriod: boolean;
  /** Resolve or reopen a thread: editors, owners and the thread's author. */
  canResolve: (thread: Thread) => boolean;
}

/** The comment permissions of `user` with `role`, given whether the comment period has closed. */
export function commentPermissions(
  role: Role,
  user: SessionUser,
  periodClosed: boolean,
): CommentPermissions {
  const editor = canEditText(role);
  const commenter = roleAtLeast(role, 'commenter');
  const closedByPeriod = commenter && !editor && periodClosed;
  const owner = role === 'owner' || user.isAdmin;
  return {
    canWrite: commenter && !closedByPeriod,
    closedByPeriod,
    canDispose: editor,
    canModerate: owner,
    canSetPeriod: owner,
    canResolve: (thread) => editor || thread.author.id === user.id,
  };
}
