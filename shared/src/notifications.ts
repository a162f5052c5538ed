import { z } from 'zod';
import { isoDateTime, personRef, uuid } from './common';

/** SPEC §13: what needs a person, and why they are told. */
export const notificationKinds = [
  'offer_received',
  'assigned',
  'confirmation_asked',
  'reopened',
  'nudged',
  'handoff_received',
  'follow_up_due',
  'handoff_overdue',
  'commented',
] as const;
export const notificationKind = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKind>;

export const notification = z
  .object({
    id: z.string(),
    kind: notificationKind,
    requestId: uuid,
    requestKey: z.string(),
    /** The request's title as it is now. */
    title: z.string(),
    /** Null: the system (a follow-up or handoff that came due). */
    actor: personRef.nullable(),
    at: isoDateTime,
    readAt: isoDateTime.nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof notification>;

export const notificationsQuery = z
  .object({
    /** `true`: unread ones only. */
    unread: z.enum(['true', 'false']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'Not a cursor from this list')
      .optional(),
  })
  .strict();
export type NotificationsQuery = z.infer<typeof notificationsQuery>;

export const notificationsPage = z
  .object({
    items: z.array(notification),
    nextCursor: z.string().nullable(),
    /** Unread ones, counted up to 1000 (1000: that many or more). */
    unreadCount: z.number().int(),
  })
  .meta({ id: 'NotificationsPage' });
export type NotificationsPage = z.infer<typeof notificationsPage>;

export const notificationIdParams = z.object({
  id: z.string().regex(/^\d{1,18}$/, 'Not a notification id'),
});

export const unreadCount = z.object({ unreadCount: z.number().int() }).meta({ id: 'UnreadCount' });
export type UnreadCount = z.infer<typeof unreadCount>;

/** The signed-in person's own settings (their Profile page). */
export const preferences = z
  .object({
    /** Off: notifications stay in the inbox and are not mailed. */
    emailNotifications: z.boolean(),
  })
  .meta({ id: 'Preferences' });
export type Preferences = z.infer<typeof preferences>;
export const preferencesBody = preferences.partial().strict();
export type PreferencesBody = z.infer<typeof preferencesBody>;

export { streamEventTypes } from './constants';

export const requestChangedEvent = z.object({ id: uuid, key: z.string(), version: z.number() });
export type RequestChangedEvent = z.infer<typeof requestChangedEvent>;
export const notificationCreatedEvent = z.object({ id: z.string(), unreadCount: z.number() });
export type NotificationCreatedEvent = z.infer<typeof notificationCreatedEvent>;
