/**
 * The bell's wire shapes (issue 14 item 3), for the REST routes, the socket and inbox-ui. Types only, so the browser
 * build includes it like socket-contract.ts.
 */

/**
 * An @mention in a note, a conversation given to the agent by someone else, an urgent hand-off (to everyone), a
 * campaign that paused itself for opt-outs (to admins; the conversation is the latest recipient who opted out).
 */
export const NOTIFICATION_KINDS = ['mention', 'assigned', 'urgent', 'campaign'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  conversationId: number;
  noteId: number | null;
  /** Who caused it: the note's author, the colleague who assigned (null: round-robin, or the bot's hand-off). */
  actorName: string | null;
  /** The customer as agents know them (agents see phones); the UI shows the name, else the phone. */
  contact: { name: string | null; phone: string };
  /** The note for a mention; the customer's last text otherwise (null: none yet). */
  preview: string | null;
  createdAt: string;
  read: boolean;
}

/** GET /api/notifications: the agent's own, newest first; `unread` counts all of them, not just this page. */
export interface NotificationPage { items: NotificationView[]; unread: number; nextCursor: string | null }

/** Some of the agent's notifications were read (in any of their tabs): these ids, and what is left unread. */
export interface NotificationReadEvent { ids: number[]; unread: number }
