import { z } from 'zod';
import { commentAuthorSchema } from './comments.ts';
import { storableString } from './storableText.ts';

/** Why someone is told: they were mentioned, or someone replied in a thread they started. */
export const notificationKinds = ['mention', 'reply'] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** One entry in a user's inbox. */
export const notificationSchema = z.object({
  id: z.string(),
  kind: notificationKindSchema,
  documentId: z.string(),
  documentTitle: z.string(),
  threadId: z.string(),
  commentId: z.string(),
  actor: commentAuthorSchema,
  /** The start of the comment, so the inbox can show what it is about. */
  excerpt: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

/** `GET /api/notifications`: the newest entries, and how many are unread in all. */
export const listNotificationsResponseSchema = z.object({
  notifications: z.array(notificationSchema),
  unread: z.number().int().min(0),
});

/** `POST /api/notifications/read`: marks these entries read, or all of them without `ids`. */
export const markNotificationsReadRequestSchema = z.object({
  ids: z.array(storableString()).max(500).optional(),
});
