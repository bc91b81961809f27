import { useCallback, useEffect, useRef, useState } from 'react';
import type { Notification } from '../../../shared/api/notifications.ts';
import { listNotifications, markNotificationsRead } from '../api/notificationsApi.ts';
import { NOTIFICATIONS_POLL_INTERVAL_MS } from '../../../shared/limits.ts';
import { onInboxChanged } from './inboxEvents.ts';

/** The signed-in user's inbox, kept current, and ways to mark entries read. */
export function useNotifications() {
  const [notifications, setNotifications] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const sequence = useRef(0);

  const reload = useCallback(async () => {
    sequence.current += 1;
    const ticket = sequence.current;
    try {
      const result = await listNotifications();
      if (ticket !== sequence.current) return;
      setNotifications(result.notifications);
      setUnread(result.unread);
      setError(null);
    } catch (caught) {
      if (ticket === sequence.current) setError(caught);
    }
  }, []);

  useEffect(() => {
    void reload();
    const stop = onInboxChanged(() => void reload());
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void reload();
    }, NOTIFICATIONS_POLL_INTERVAL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  const markRead = useCallback(
    async (ids?: readonly string[]) => {
      await markNotificationsRead(ids);
      await reload();
    },
    [reload],
  );

  return { notifications, unread, error, reload, markRead };
}
