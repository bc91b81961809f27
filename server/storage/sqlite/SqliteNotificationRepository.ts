import type Database from 'better-sqlite3';
import { notificationKindSchema } from '../../../shared/api/notifications.ts';
import type { NotificationRecord, NotificationRepository, NotificationScope } from '../types.ts';

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
const MEMBER_ONLY = `AND EXISTS (SELECT 1 FROM memberships m
  WHERE m.document_id = n.document_id AND m.user_id = n.user_id)`;

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
      insert: db.prepare(
        `INSERT INTO notifications
           (id, user_id, kind, document_id, thread_id, comment_id, actor_id, created_at, read_at)
         VALUES
           (@id, @userId, @kind, @documentId, @threadId, @commentId, @actorId, @createdAt, @readAt)`,
      ),
      list: { 'all-documents': list(''), 'member-documents': list(MEMBER_ONLY) },
      unread: { 'all-documents': unread(''), 'member-documents': unread(MEMBER_ONLY) },
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
      for (const notification of notifications) this.statements.insert.run(notification);
    })();
  }

  async listForUser(
    userId: string,
    scope: NotificationScope,
    limit: number,
  ): Promise<NotificationRecord[]> {
    return this.statements.list[scope].all(userId, limit).map(toRecord);
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
