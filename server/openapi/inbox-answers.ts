import { z } from 'zod';
import {
  CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, CONVERSATION_VIEWS,
  type AgentView, type ContactView, type LastMessageView, type NoteView,
} from '../inbox/socket-contract';
import type { CannedPreview, CannedReplyView } from '../canned/canned-contract';
import { NOTIFICATION_KINDS, type NotificationPage, type NotificationReadEvent, type NotificationView } from '../notifications/notification-contract';
import type { ReplyRules } from '../channels/reply-rules-contract';
import type { TemplatePreview } from '../inbox/template-previews';
import { isoInstant, nullableInstant, type SameShape } from './common-schemas';

/** The inbox's REST answers, field for field as server/inbox/socket-contract.ts types them. */

const MESSAGE_STATUSES = ['received', 'queued', 'held', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'refused'] as const;
const direction = z.enum(['in', 'out']);
const origin = z.enum(['contact', 'bot', 'agent', 'system']);
const role = z.enum(['admin', 'agent']);

export const contactSummary = z.object({
  id: z.number(), phone: z.string(), name: z.string().nullable(), optedOut: z.boolean(), marketingOptedOut: z.boolean(),
  tags: z.array(z.string()), locale: z.string(),
}).meta({ id: 'ContactSummary' }) satisfies z.ZodType<ContactView>;

export const lastMessage = z.object({
  id: z.number(), body: z.string(), direction, origin, status: z.enum(MESSAGE_STATUSES), createdAt: isoInstant, mediaCount: z.number(),
}) satisfies z.ZodType<LastMessageView>;

export const conversation = z.object({
  id: z.number(),
  contact: contactSummary,
  status: z.enum(CONVERSATION_STATUSES),
  handledBy: z.enum(['bot', 'human']),
  assigneeId: z.number().nullable(),
  handoffReason: z.string().nullable(),
  awaiting: z.looseObject({ menu: z.string(), options: z.array(z.string()), expiresAt: isoInstant }).nullable(),
  unread: z.number(),
  waitingSince: nullableInstant,
  lastMessageAt: nullableInstant,
  snoozedUntil: nullableInstant.optional(),
  lastMessage: lastMessage.nullable().optional(),
  labels: z.array(z.string()),
  priority: z.enum(CONVERSATION_PRIORITIES).nullable(),
}).meta({ id: 'Conversation' });

export const conversationPage = z.object({ items: z.array(conversation), nextCursor: z.string().nullable() });

export const viewCounts = z.object(
  Object.fromEntries(CONVERSATION_VIEWS.map((v) => [v, z.object({ total: z.number(), unread: z.number() })])) as Record<(typeof CONVERSATION_VIEWS)[number], z.ZodObject<{ total: z.ZodNumber; unread: z.ZodNumber }>>,
);

/** A message's media: its position and type, never the provider's URL (GET /api/messages/{id}/media/{index} serves it). */
const mediaView = z.object({ index: z.number(), contentType: z.string().nullable() });

export const message = z.object({
  id: z.number(), conversationId: z.number(), contactId: z.number(), phone: z.string(), direction, origin, body: z.string(),
  status: z.enum(MESSAGE_STATUSES), errorCode: z.string().nullable(), errorMessage: z.string().nullable(),
  errorReason: z.object({ zh: z.string(), en: z.string() }).nullable(),
  agentId: z.number().nullable(), templateKey: z.string().nullable(), createdAt: isoInstant,
  decision: z.looseObject({ action: z.string() }).nullable().optional().describe("The bot's decision with its trace (rules/types.ts Decision)"),
  campaign: z.object({ id: z.number(), name: z.string() }).optional(),
  media: z.array(mediaView),
}).meta({ id: 'Message' });

export const thread = z.object({ items: z.array(message) });
export const startedConversation = z.object({ conversation, message });

export const note = z.object({
  id: z.number(), conversationId: z.number(), agentId: z.number(), agentName: z.string(), body: z.string(), mentions: z.array(z.number()), createdAt: isoInstant,
}) satisfies z.ZodType<NoteView>;

export const agent = z.object({
  id: z.number(), email: z.string(), name: z.string(), role, locale: z.string(), online: z.boolean().optional(), away: z.boolean().optional(),
}).meta({ id: 'Agent' }) satisfies z.ZodType<AgentView>;

export const labelCounts = z.object({ items: z.array(z.object({ label: z.string(), count: z.number() })) });

export const bulkAnswer = z.object({
  results: z.array(z.union([z.object({ id: z.number(), ok: z.literal(true) }), z.object({ id: z.number(), ok: z.literal(false), code: z.string(), message: z.string() })])),
});

export const loginAnswer = z.object({
  token: z.string(),
  agent: z.object({ id: z.number(), email: z.string(), name: z.string(), role, locale: z.string() }),
  timezone: z.string(),
});
export const meAnswer = z.object({
  agent: z.object({ id: z.number(), email: z.string(), name: z.string(), role, locale: z.string(), away: z.boolean() }),
  timezone: z.string(),
});
export const profileAnswer = z.object({
  agent: z.object({ id: z.number(), email: z.string(), name: z.string(), role, locale: z.string(), phone: z.string().nullable().optional() }),
});

export const notification = z.object({
  id: z.number(), kind: z.enum(NOTIFICATION_KINDS), conversationId: z.number(), noteId: z.number().nullable(), actorName: z.string().nullable(),
  contact: z.object({ name: z.string().nullable(), phone: z.string() }), preview: z.string().nullable(), createdAt: isoInstant, read: z.boolean(),
}) satisfies z.ZodType<NotificationView>;
export const notificationPage = z.object({ items: z.array(notification), unread: z.number(), nextCursor: z.string().nullable() }) satisfies z.ZodType<NotificationPage>;
export const notificationsRead = z.object({ ids: z.array(z.number()), unread: z.number() }) satisfies z.ZodType<NotificationReadEvent>;

const cannedScope = z.enum(['team', 'mine']);
export const cannedReply = z.object({
  id: z.number(), shortcut: z.string(), bodies: z.record(z.string(), z.string()), scope: cannedScope, editable: z.boolean(),
}) satisfies z.ZodType<CannedReplyView>;
export const cannedPreview = z.object({
  id: z.number(), shortcut: z.string(), scope: cannedScope, preview: z.string().nullable(), error: z.string().optional(),
}) satisfies z.ZodType<CannedPreview>;

export const templatePreview = z.object({
  key: z.string(), body: z.string().nullable().describe("The template filled in for this contact; null when it cannot be (no appointment yet)"),
  error: z.string().optional().describe('Why it cannot be filled in'),
});
true satisfies SameShape<typeof templatePreview, TemplatePreview>;

export const replyRules = z.object({
  templateOnly: z.boolean(),
  maxLength: z.number().nullable().describe('Characters of free text the channel takes; 0: none at all, null: no limit'),
  reason: z.string().optional().describe('Why free text is refused, when maxLength is 0'),
});
true satisfies SameShape<typeof replyRules, ReplyRules>;

/** What the simulated phone shows: a contact's messages, oldest first. */
export const simulatorMessage = z.object({
  id: z.number(), direction, body: z.string(), status: z.enum(MESSAGE_STATUSES), createdAt: isoInstant, media: z.array(mediaView),
});
