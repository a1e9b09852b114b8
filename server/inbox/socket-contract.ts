/**
 * The inbox's wire contract: REST payload shapes and Socket.IO events, imported by the server and by inbox-ui
 * (through a relative path), so both sides break at compile time when one changes.
 * Plain types only — no runtime imports — because the browser build includes this file.
 * Server events are past tense (it happened); client commands are imperative and answer through an ack.
 */
import type { Awaiting, Decision } from '../../rules/types';
import type { ActivityView } from '../activity/activity-contract';
import type { NotificationReadEvent, NotificationView } from '../notifications/notification-contract';
import type { CampaignProgress } from '../campaigns/campaign-contract';

export type Direction = 'in' | 'out';
export type Origin = 'contact' | 'bot' | 'agent' | 'system';
export type MessageStatus = 'received' | 'queued' | 'held' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'refused';
export const CONVERSATION_STATUSES = ['open', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export type HandledBy = 'bot' | 'human';
/** Chatwoot's set, most pressing first; a conversation nobody has prioritised has none (null). */
export const CONVERSATION_PRIORITIES = ['urgent', 'high', 'medium', 'low'] as const;
export type ConversationPriority = (typeof CONVERSATION_PRIORITIES)[number];
export type Role = 'admin' | 'agent';

export interface MessageView {
  id: number;
  conversationId: number;
  contactId: number;
  phone: string;
  direction: Direction;
  origin: Origin;
  body: string;
  status: MessageStatus;
  errorCode: string | null;
  errorMessage: string | null;
  /** Why the provider says it did not arrive, in both languages for the agent's to be picked (receipt-reasons.ts). */
  errorReason: { zh: string; en: string } | null;
  agentId: number | null;
  templateKey: string | null;
  createdAt: string;
  decision?: Decision | null;
  /** The campaign this inbound text answered (its decision's `campaignId`), with its name for the thread. */
  campaign?: { id: number; name: string };
  /** Pictures and other attachments, fetched through GET /api/messages/:id/media/:index: never the provider's URL. */
  media: MediaView[];
}

export interface MediaView { index: number; contentType: string | null }

/** Picture types a browser shows inline from /api/messages/:id/media/:index; anything else is a download. */
export const INLINE_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;

/** `marketingOptedOut`: refused marketing only; appointment texts and replies still go (optedOut refuses all). */
export interface ContactView { id: number; phone: string; name: string | null; optedOut: boolean; marketingOptedOut: boolean; tags: string[]; locale: string }

/** `mediaCount`: how many attachments, so a picture with no text still has a preview. */
export interface LastMessageView { id: number; body: string; direction: Direction; origin: Origin; status: MessageStatus; createdAt: string; mediaCount: number }

export interface ConversationView {
  id: number;
  contact: ContactView;
  status: ConversationStatus;
  handledBy: HandledBy;
  assigneeId: number | null;
  handoffReason: string | null;
  awaiting: Awaiting | null;
  unread: number;
  waitingSince: string | null;
  lastMessageAt: string | null;
  snoozedUntil?: string | null;
  lastMessage?: LastMessageView | null;
  /** Lower-case, in the order they were added. */
  labels: string[];
  priority: ConversationPriority | null;
}

/** GET /api/conversations/labels: every label in use, with how many conversations carry it (most used first). */
export interface LabelCount { label: string; count: number }

/** POST /api/conversations/bulk: one action on many conversations, each in its own transaction. */
export const BULK_ACTIONS = ['assign', 'resolve', 'label', 'unlabel'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** Per id, in the order asked: done, or the error code that refused it (not_assignee, not_found …). */
export type BulkResult = { id: number; ok: true } | { id: number; ok: false; code: string; message: string };
export interface BulkResponse { results: BulkResult[] }

/** POST /api/conversations: an agent texts a number first; the thread it started (or reopened) and the text. */
export interface StartedConversation { conversation: ConversationView; message: MessageView }

export interface AgentView { id: number; email: string; name: string; role: Role; locale: string; online?: boolean; away?: boolean }

export interface NoteView { id: number; conversationId: number; agentId: number; agentName: string; body: string; mentions: number[]; createdAt: string }

/** The inbox list's views; DESIGN §5's status/assignee filters still apply on top. */
export const CONVERSATION_VIEWS = ['needs-person', 'mine', 'unassigned', 'bot', 'resolved', 'all'] as const;
export type ConversationViewName = (typeof CONVERSATION_VIEWS)[number];

export interface Page<T> { items: T[]; nextCursor: string | null }

/** GET /api/conversations/counts: per view, how many conversations and how many of them have unread texts. */
export type ViewCounts = Record<ConversationViewName, { total: number; unread: number }>;

export interface ErrorBody { code: string; message: string; field?: string; path?: Array<string | number>; issue?: { code: string; [param: string]: unknown } }
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };

/** Online = at least one inbox open; away = online but not taking new conversations. */
export interface AgentPresence { agentId: number; name: string; online: boolean; away?: boolean }
export interface ViewersEvent { conversationId: number; agents: Array<{ id: number; name: string }> }
export interface TypingEvent { conversationId: number; agentId: number; name: string; typing: boolean }
export interface MentionEvent { note: NoteView; conversation: ConversationView }

export interface ServerToClientEvents {
  'message:created': (message: MessageView) => void;
  'message:updated': (message: MessageView) => void;
  'conversation:updated': (conversation: ConversationView) => void;
  'agent:presence': (presence: AgentPresence) => void;
  'conversation:typing': (typing: TypingEvent) => void;
  'conversation:viewers': (viewers: ViewersEvent) => void;
  'note:created': (note: NoteView) => void;
  /** Only to the mentioned agent's room. */
  'mention:created': (mention: MentionEvent) => void;
  /** To whoever shows the thread: a quiet line (taken over, resolved, handed off…). */
  'activity:created': (activity: ActivityView) => void;
  /** Only to its agent's room: a new entry in their bell (after commit). */
  'notification:created': (notification: NotificationView) => void;
  /** Admins only: a campaign's status and numbers (issue 16), as `GET /api/campaigns/:id` has them. */
  'campaign:progress': (progress: CampaignProgress) => void;
  /** Only to its agent's room: some of theirs were read, in this tab or another. */
  'notification:read': (read: NotificationReadEvent) => void;
  /** This node is stopping: the connection closes next and the client reconnects (to another node) after about this. */
  'server:draining': (hint: { retryAfterMs: number }) => void;
}

/**
 * The dashboard's namespace (`/reports`, server/reports/reports-namespace.ts), for any signed-in agent: at most once a
 * second for the whole business, the report figures moved; refetch what is shown.
 */
export interface ReportsServerEvents {
  'reports:changed': (changed: { at: string }) => void;
}

export type ReplyContent = { body: string } | { template: string };

export interface ClientToServerEvents {
  'message:send': (command: { conversationId: number } & ReplyContent, ack: (result: Ack<MessageView>) => void) => void;
  'conversation:assign': (command: { conversationId: number; assigneeId: number | null }, ack: (result: Ack<ConversationView>) => void) => void;
  'conversation:resolve': (command: { conversationId: number }, ack: (result: Ack<ConversationView>) => void) => void;
  /** Which conversation this socket shows: joins its room and tells the others who is looking. */
  'conversation:view': (command: { conversationId: number | null }, ack: (result: Ack<ViewersEvent | null>) => void) => void;
  typing: (command: { conversationId: number; typing: boolean }) => void;
}

/** What the gateway remembers on each authenticated socket. */
export interface SocketData { agentId: number; name: string; role: Role; viewing: number | null; away: boolean }
