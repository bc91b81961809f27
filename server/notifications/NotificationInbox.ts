import type { Notification } from '../../shared/api/notifications.ts';
import { MAX_NOTIFICATIONS_LISTED, NOTIFICATION_EXCERPT_LENGTH } from '../../shared/limits.ts';
import type { ServerMessages } from '../collab/ServerMessages.ts';
import { PeopleDirectory } from '../comments/PeopleDirectory.ts';
import type { CommentRecord, NotificationScope, Storage, UserRecord } from '../storage/types.ts';

/** The start of a comment for an inbox entry, cut without splitting a surrogate pair. */
function excerpt(comment: CommentRecord | null): string {
  // A deleted or hidden comment's words are withheld here as they are in the thread.
  if (!comment || comment.deletedAt !== null || comment.hidden !== null) return '';
  const { body } = comment;
  if (body.length <= NOTIFICATION_EXCERPT_LENGTH) return body;
  let end = NOTIFICATION_EXCERPT_LENGTH;
  const last = body.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${body.slice(0, end)}…`;
}

/**
 * A user's inbox: mentions of them, and replies in threads they started. Entries of documents
 * the user has since left are not shown (site admins see everything, as they act as owner
 * everywhere).
 */
export class NotificationInbox {
  constructor(
    private readonly storage: Storage,
    private readonly messages: ServerMessages,
  ) {}

  /** The newest MAX_NOTIFICATIONS_LISTED entries, and how many entries are unread in all. */
  async list(user: UserRecord): Promise<{ notifications: Notification[]; unread: number }> {
    const scope = scopeOf(user);
    const records = await this.storage.notifications.listForUser(
      user.id,
      scope,
      MAX_NOTIFICATIONS_LISTED,
    );
    const people = new PeopleDirectory(this.storage.users);
    const titles = new Map<string, Promise<string>>();
    const titleOf = (documentId: string) => {
      let title = titles.get(documentId);
      if (!title) {
        title = this.storage.documents.get(documentId).then((document) => document?.title ?? '');
        titles.set(documentId, title);
      }
      return title;
    };
    const notifications = await Promise.all(
      records.map(async (record): Promise<Notification> => ({
        id: record.id,
        kind: record.kind,
        documentId: record.documentId,
        documentTitle: await titleOf(record.documentId),
        threadId: record.threadId,
        commentId: record.commentId,
        actor: await people.get(record.actorId),
        excerpt: excerpt(await this.storage.comments.get(record.commentId)),
        createdAt: record.createdAt,
        readAt: record.readAt,
      })),
    );
    const unread = await this.storage.notifications.countUnread(user.id, scope);
    return { notifications, unread };
  }

  /**
   * Marks the user's entries with these ids read (ids of other people's entries are ignored), or
   * all of them without `ids`. The user's other open tabs are told, so their unread counts follow.
   */
  async markRead(user: UserRecord, ids: readonly string[] | undefined): Promise<void> {
    const changed = await this.storage.notifications.markRead(
      user.id,
      ids,
      new Date().toISOString(),
    );
    if (changed > 0) this.messages.toUsers([user.id], { type: 'notifications-changed' });
  }
}

function scopeOf(user: UserRecord): NotificationScope {
  return user.isAdmin ? 'all-documents' : 'member-documents';
}
