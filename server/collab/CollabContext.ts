import type { Role } from '../../shared/api/roles.ts';

/** What onAuthenticate learns about a socket, carried in the Hocuspocus connection context. */
export interface CollabContext {
  userId: string;
  role: Role;
  /** The name presence must show for this user (see shared/editor/presenceName.ts). */
  presenceName: string;
}

/** Reads the context AuthExtension stored, or null for a connection that never authenticated. */
export function readCollabContext(context: unknown): CollabContext | null {
  if (typeof context !== 'object' || context === null) return null;
  const { userId, role, presenceName } = context as Partial<CollabContext>;
  if (typeof userId !== 'string' || typeof role !== 'string' || typeof presenceName !== 'string') {
    return null;
  }
  return { userId, role, presenceName };
}
