import type { NotificationKind } from '../../shared/api/notifications.ts';

/** Someone to tell about a new comment, and why. */
export interface Recipient {
  userId: string;
  kind: NotificationKind;
}

/**
 * Who hears about a comment: everyone it mentions, and the thread's author when it is a reply
 * (`threadAuthorId` null for a thread's first comment). One entry per person, a mention winning
 * over a reply, and never the person who wrote it.
 */
export function notificationRecipients(input: {
  actorId: string;
  mentions: readonly string[];
  threadAuthorId: string | null;
}): Recipient[] {
  const recipients = new Map<string, NotificationKind>();
  for (const userId of input.mentions) recipients.set(userId, 'mention');
  if (input.threadAuthorId !== null && !recipients.has(input.threadAuthorId)) {
    recipients.set(input.threadAuthorId, 'reply');
  }
  recipients.delete(input.actorId);
  return [...recipients].map(([userId, kind]) => ({ userId, kind }));
}
