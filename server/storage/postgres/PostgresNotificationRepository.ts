import type pg from 'pg';
import { notificationKindSchema } from '../../../shared/api/notifications.ts';
import type { NotificationRecord, NotificationRepository, NotificationScope } from '../types.ts';
import { withTransaction } from './sql.ts';

interface NotificationRow {
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

function toRecord(row: NotificationRow): NotificationRecord {
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

// A member who was removed from a document keeps the rows, but no longer sees them: the entries
// would point at threads they may not read.
const SCOPE_FILTER: Record<NotificationScope, string> = {
  'all-documents': '',
  'member-documents': `AND EXISTS (SELECT 1 FROM memberships m
    WHERE m.document_id = n.document_id AND m.user_id = n.user_id)`,
};

/** In-app notifications in PostgreSQL. */
export class PostgresNotificationRepository implements NotificationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async createMany(notifications: NotificationRecord[]): Promise<void> {
    if (notifications.length === 0) return;
    await withTransaction(this.pool, async (client) => {
      for (const n of notifications) {
        await client.query(
          `INSERT INTO notifications
             (id, user_id, kind, document_id, thread_id, comment_id, actor_id, created_at, read_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            n.id,
            n.userId,
            n.kind,
            n.documentId,
            n.threadId,
            n.commentId,
            n.actorId,
            n.createdAt,
            n.readAt,
          ],
        );
      }
    });
  }

  async listForUser(
    userId: string,
    scope: NotificationScope,
    limit: number,
  ): Promise<NotificationRecord[]> {
    // insert_order breaks ties between entries of the same millisecond, as rowid does in SQLite.
    const result = await this.pool.query<NotificationRow>(
      `SELECT n.id, n.user_id, n.kind, n.document_id, n.thread_id, n.comment_id, n.actor_id,
         n.created_at, n.read_at
       FROM notifications n WHERE n.user_id = $1 ${SCOPE_FILTER[scope]}
       ORDER BY n.created_at COLLATE "C" DESC, n.insert_order DESC LIMIT $2`,
      [userId, limit],
    );
    return result.rows.map(toRecord);
  }

  async countUnread(userId: string, scope: NotificationScope): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM notifications n
       WHERE n.user_id = $1 AND n.read_at IS NULL ${SCOPE_FILTER[scope]}`,
      [userId],
    );
    return result.rows[0]?.n ?? 0;
  }

  async markRead(userId: string, ids: readonly string[] | undefined, at: string): Promise<number> {
    const result =
      ids === undefined
        ? await this.pool.query(
            'UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL',
            [at, userId],
          )
        : await this.pool.query(
            `UPDATE notifications SET read_at = $1
             WHERE user_id = $2 AND id = ANY($3::text[]) AND read_at IS NULL`,
            [at, userId, [...ids]],
          );
    return result.rowCount ?? 0;
  }
}
