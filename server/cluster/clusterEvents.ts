import { z } from 'zod';
import { serverMessageSchema } from '../../shared/api/serverMessages.ts';

/**
 * What one node tells the others over the cluster channel: things kept outside the Yjs document
 * that every node must act on. Document updates and awareness do not travel here; the
 * Hocuspocus Redis extension carries those on per-document channels.
 *
 * Parsed with this schema on receipt, like any input: a node of another version, or anything
 * else publishing on the channel, cannot make a node act on a message it does not understand.
 */
export const clusterEventSchema = z.discriminatedUnion('type', [
  /** Deliver a server message to every socket of a document, on every node. */
  z.object({
    type: z.literal('to-document'),
    documentId: z.string(),
    message: serverMessageSchema,
  }),
  /** Deliver a server message to every socket of these users, whatever their document. */
  z.object({
    type: z.literal('to-users'),
    userIds: z.array(z.string()),
    message: serverMessageSchema,
  }),
  /** A member's role in a document changed (or they were removed): re-check their sockets. */
  z.object({ type: z.literal('access-changed'), documentId: z.string(), userId: z.string() }),
  /**
   * A node saw the document's text change since its newest version, first by this author (or,
   * with null, by the server itself), so every node can list them in the next version.
   */
  z.object({ type: z.literal('edited'), documentId: z.string(), userId: z.string().nullable() }),
  /** A version of the document was stored at `at`; edits before it belong to that version. */
  z.object({ type: z.literal('version-stored'), documentId: z.string(), at: z.iso.datetime() }),
  /**
   * The sender could not publish for a while (its connection to Redis was down), so events it
   * meant for the other nodes are lost: every node re-checks what they would have told it.
   */
  z.object({ type: z.literal('events-lost') }),
]);
export type ClusterEvent = z.infer<typeof clusterEventSchema>;

/** The envelope on the wire: the sender, so a node can ignore its own messages. */
export const clusterEnvelopeSchema = z.object({ from: z.string(), event: clusterEventSchema });
