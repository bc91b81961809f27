import { z } from 'zod';
import { roleSchema } from './roles.ts';

/**
 * Stateless messages the server sends on the collaboration socket. Clients may not broadcast
 * (the server refuses it), so a client can trust that these come from the server.
 */
export const serverMessageSchema = z.discriminatedUnion('type', [
  /** The receiver's role in this document changed; `null` means they were removed. */
  z.object({ type: z.literal('access-changed'), role: roleSchema.nullable() }),
  /** Threads of this document were created or changed; fetch them again. */
  z.object({ type: z.literal('threads-changed'), threadIds: z.array(z.string()) }),
  /** The document's metadata (title, comment period) changed. */
  z.object({ type: z.literal('document-changed') }),
  /** The receiver's inbox changed. */
  z.object({ type: z.literal('notifications-changed') }),
  /**
   * The receiver's last edit would have grown the document past `maxBytes` and was refused
   * (the socket closes with `document-too-large` right after). Deleting text makes room.
   */
  z.object({ type: z.literal('document-too-large'), maxBytes: z.number().int().positive() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;
