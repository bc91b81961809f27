import { z } from 'zod';

/** Roles a user can hold in one document, from most to least powerful. */
export const roles = ['owner', 'editor', 'commenter', 'viewer'] as const;

/** Schema for a document role. */
export const roleSchema = z.enum(roles);

/** A user's role in one document. */
export type Role = z.infer<typeof roleSchema>;

/** Whether a role may change the text of a document (write to its Yjs document). */
export function canEditText(role: Role): boolean {
  return role === 'owner' || role === 'editor';
}

/** Whether `role` is at least as powerful as `minimum` (owner > editor > commenter > viewer). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return roles.indexOf(role) <= roles.indexOf(minimum);
}
