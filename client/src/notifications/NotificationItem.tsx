import type { Notification } from '../../../shared/api/notifications.ts';
import { formatDateTime } from '../comments/formatTime.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { routePath } from '../useRoute.ts';

/**
 * One inbox entry: who mentioned or answered the user, in which document, the start of the
 * comment and when. A link to the thread, so it can also be opened in a new tab.
 */
export function NotificationItem({
  notification,
  onOpen,
}: {
  notification: Notification;
  onOpen: (notification: Notification) => void;
}) {
  const { t, locale } = useI18n();
  const unread = notification.readAt === null;
  const values = {
    name: notification.actor.name,
    organisation: notification.actor.organisation,
    title: notification.documentTitle,
  };
  return (
    <li className={unread ? 'notification is-unread' : 'notification'}>
      <a
        href={routePath({
          name: 'document',
          id: notification.documentId,
          threadId: notification.threadId,
        })}
        onClick={(event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          onOpen(notification);
        }}
      >
        {unread && <span className="visually-hidden">{t('inbox.unread')}: </span>}
        {t(notification.kind === 'mention' ? 'inbox.mention' : 'inbox.reply', values)}
      </a>
      {notification.excerpt !== '' && (
        <p className="notification-excerpt">{notification.excerpt}</p>
      )}
      <p className="notification-time">
        <time dateTime={notification.createdAt}>
          {formatDateTime(notification.createdAt, locale)}
        </time>
      </p>
    </li>
  );
}
