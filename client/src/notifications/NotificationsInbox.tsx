import { useEffect, useId, useRef, useState } from 'react';
import type { Notification } from '../../../shared/api/notifications.ts';
import { errorText } from '../components/errorText.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { NotificationItem } from './NotificationItem.tsx';
import { useNotifications } from './useNotifications.ts';

/**
 * The inbox in the header: a button whose name says how many notifications are unread, opening
 * a panel with the newest mentions and replies. A disclosure, not a modal: Esc or a click
 * outside closes it and focus returns to the button. Opening an entry marks it read and goes to
 * its thread.
 */
export function NotificationsInbox({
  onOpenThread,
}: {
  onOpenThread: (documentId: string, threadId: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState('');
  const [actionError, setActionError] = useState<string | null>(null);
  const { notifications, unread, error, reload, markRead } = useNotifications();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    void reload();
    const onPointer = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, reload]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const openEntry = (notification: Notification) => {
    setOpen(false);
    if (notification.readAt === null) void markRead([notification.id]).catch(() => undefined);
    onOpenThread(notification.documentId, notification.threadId);
  };

  const markAll = async () => {
    setActionError(null);
    try {
      await markRead();
      setStatus(t('inbox.allRead'));
    } catch (caught) {
      setActionError(errorText(caught, t));
    }
  };

  return (
    <div
      className="inbox"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="inbox-button"
        aria-expanded={open}
        aria-controls={open ? `${id}-panel` : undefined}
        aria-label={
          unread > 0 ? t('inbox.buttonLabel', { count: unread }) : t('inbox.buttonLabelNone')
        }
        onClick={() => setOpen((previous) => !previous)}
      >
        {t('inbox.button')}
        {unread > 0 && (
          <span className="inbox-count" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <div
          id={`${id}-panel`}
          className="inbox-panel"
          role="region"
          aria-labelledby={`${id}-heading`}
        >
          <div className="inbox-panel-header">
            <h2 id={`${id}-heading`}>{t('inbox.heading')}</h2>
            {unread > 0 && (
              <button type="button" onClick={() => void markAll()}>
                {t('inbox.markAllRead')}
              </button>
            )}
          </div>
          {(error !== null || actionError !== null) && (
            <p role="alert" className="error">
              {actionError ?? errorText(error, t)}
            </p>
          )}
          {notifications.length === 0 ? (
            <p>{t('inbox.empty')}</p>
          ) : (
            <ul className="notification-list">
              {notifications.map((notification) => (
                <NotificationItem
                  key={notification.id}
                  notification={notification}
                  onOpen={openEntry}
                />
              ))}
            </ul>
          )}
          <button type="button" onClick={close}>
            {t('inbox.close')}
          </button>
        </div>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
    </div>
  );
}
