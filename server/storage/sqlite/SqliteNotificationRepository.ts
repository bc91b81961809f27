import type Database from 'better-sqlite3';
import {
  INSERT_NOTIFICATION_SQL,
  NOTIFICATION_SCOPE_FILTER,
  toNotificationParams,
  toNotificationRecord,
  type NotificationRow,
} from '../rows/notificationRows.ts';
import type { NotificationRecord, NotificationRepository, NotificationScope } from '../types.ts';

/** In-app notifications in SQLite. */
export class SqliteNotificationRepository implements NotificationRepository {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    const list = (filter: string) =>
      db.prepare<[string, number], NotificationRow>(
        `SELECT n.* FROM notifications n WHERE n.user_id = ? ${filter}
         ORDER BY n.created_at DESC, n.rowid DESC LIMIT ?`,
      );
    const unread = (filter: string) =>
      db.prepare<[string], { n: number }>(
        `SELECT COUNT(*) AS n FROM notifications n
         WHERE n.user_id = ? AND n.read_at IS NULL ${filter}`,
      );
    this.statements = {
      insert: db.prepare(INSERT_NOTIFICATION_SQL),
      list: {
        'all-documents': list(NOTIFICATION_SCOPE_FILTER['all-documents']),
        'member-documents': list(NOTIFICATION_SCOPE_FILTER['member-documents']),
      },
      unread: {
        'all-documents': unread(NOTIFICATION_SCOPE_FILTER['all-documents']),
        'member-documents': unread(NOTIFICATION_SCOPE_FILTER['member-documents']),
      },
      markOne: db.prepare<[string, string, string]>(
        'UPDATE notifications SET read_at = ? WHERE user_id = ? AND id = ? AND read_at IS NULL',
      ),
      markAll: db.prepare<[string, string]>(
        'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL',
      ),
    };
  }

  async createMany(notifications: NotificationRecord[]): Promise<void> {
    this.db.transaction(() => {
      for (const notification of notifications) {
        this.statements.insert.run(toNotificationParams(notification));
      }
    })();
  }

  async listForUser(
    userId: string,
    scope: NotificationScope,
    limit: number,
  ): Promise<NotificationRecord[]> {
    return this.statements.list[scope].all(userId, limit).map(toNotificationRecord);
  }

  async countUnread(userId: string, scope: NotificationScope): Promise<number> {
    return this.statements.unread[scope].get(userId)?.n ?? 0;
  }

  async markRead(userId: string, ids: readonly string[] | undefined, at: string): Promise<number> {
    if (ids === undefined) return this.statements.markAll.run(at, userId).changes;
    return this.db.transaction(() => {
      let changed = 0;
      for (const id of ids) changed += this.statements.markOne.run(at, userId, id).changes;
      return changed;
    })();
  }
}
