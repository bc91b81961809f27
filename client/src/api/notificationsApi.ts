import { z } from 'zod';
import { listNotificationsResponseSchema } from '../../../shared/api/notifications.ts';
import { apiRequest } from './apiClient.ts';

/** The newest inbox entries of the signed-in user, and how many are unread in all. */
export const listNotifications = () =>
  apiRequest('GET', '/notifications', listNotificationsResponseSchema);

/** Marks these inbox entries read, or every entry when `ids` is left out. */
export const markNotificationsRead = (ids?: readonly string[]) =>
  apiRequest('POST', '/notifications/read', z.unknown(), ids === undefined ? {} : { ids });
