import { notificationKindSchema } from '../../../shared/api/notifications.ts';
import type { NotificationRecord, NotificationScope } from '../types.ts';
import type { SqlParams } from './params.ts';

/** A row of `notifications` (without PostgreSQL's tie-breaking `insert_order`). */
export interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  document_id: string;
  thread_id: string;
  comment_id: string;
  actor_id: string;
  created_at: string;
  read_at: string | null;
}

/** Reads a notification row. */
export function toNotificationRecord(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    userId: row.user_id,
    kind: notificationKindSchema.parse(row.kind),
    documentId: row.document_id,
    threadId: row.thread_id,
    commentId: row.comment_id,
    actorId: row.actor_id,
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

/**
 * What each scope adds to a query over `notifications n`. A member who was removed from a
 * document keeps the rows, but no longer sees them: the entries would point at threads they may
 * not read.
 */
export const NOTIFICATION_SCOPE_FILTER: Readonly<Record<NotificationScope, string>> = {
  'all-documents': '',
  'member-documents': `AND EXISTS (SELECT 1 FROM memberships m
    WHERE m.document_id = n.document_id AND m.user_id = n.user_id)`,
};

/** Stores one notification. */
export const INSERT_NOTIFICATION_SQL = `INSERT INTO notifications
    (id, user_id, kind, document_id, thread_id, comment_id, actor_id, created_at, read_at)
  VALUES
    (@id, @userId, @kind, @documentId, @threadId, @commentId, @actorId, @createdAt, @readAt)`;

/** The parameters of {@link INSERT_NOTIFICATION_SQL}. */
export function toNotificationParams(notification: NotificationRecord): SqlParams {
  return {
    id: notification.id,
    userId: notification.userId,
    kind: notification.kind,
    documentId: notification.documentId,
    threadId: notification.threadId,
    commentId: notification.commentId,
    actorId: notification.actorId,
    createdAt: notification.createdAt,
    readAt: notification.readAt,
  };
}
