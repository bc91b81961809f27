import type pg from 'pg';
import {
  INSERT_NOTIFICATION_SQL,
  NOTIFICATION_SCOPE_FILTER,
  toNotificationParams,
  toNotificationRecord,
  type NotificationRow,
} from '../rows/notificationRows.ts';
import type { NotificationRecord, NotificationRepository, NotificationScope } from '../types.ts';
import { positional, withTransaction } from './sql.ts';

/** In-app notifications in PostgreSQL. */
export class PostgresNotificationRepository implements NotificationRepository {
  constructor(private readonly pool: pg.Pool) {}

  async createMany(notifications: NotificationRecord[]): Promise<void> {
    if (notifications.length === 0) return;
    await withTransaction(this.pool, async (client) => {
      for (const notification of notifications) {
        await client.query(positional(INSERT_NOTIFICATION_SQL, toNotificationParams(notification)));
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
       FROM notifications n WHERE n.user_id = $1 ${NOTIFICATION_SCOPE_FILTER[scope]}
       ORDER BY n.created_at COLLATE "C" DESC, n.insert_order DESC LIMIT $2`,
      [userId, limit],
    );
    return result.rows.map(toNotificationRecord);
  }

  async countUnread(userId: string, scope: NotificationScope): Promise<number> {
    const result = await this.pool.query<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM notifications n
       WHERE n.user_id = $1 AND n.read_at IS NULL ${NOTIFICATION_SCOPE_FILTER[scope]}`,
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
