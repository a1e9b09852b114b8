import { z } from 'zod';
import { boundedText, idNumber, idText, limitText, oneOf, oneText } from '../http/query-schemas';
import { MAX_LABELS } from '../conversations/conversation-labels';
import { BULK_ACTIONS, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, CONVERSATION_VIEWS } from './socket-contract';

/**
 * The inbox's commands as zod schemas, shared by the REST routes and the Socket.IO gateway: one command, one
 * definition, whichever way it arrives.
 */

export const replySchema = z.union([
  z.object({ body: z.string().trim().min(1, 'body is required').max(1600) }),
  z.object({ template: z.string().min(1).max(64) }),
], { error: 'send a body or a template' });
export const assignSchema = z.object({ assigneeId: idNumber.nullable() });
export const snoozeSchema = z.object({ until: z.iso.datetime({ offset: true }).nullable() });
/** Which inbound message's "the bot would have offered times" to act on. */
export const botOfferSchema = z.object({ messageId: idNumber });
export const noteSchema = z.object({ body: z.string().trim().min(1, 'body is required').max(4000) });

/** One label as typed: 1–40 characters once trimmed, no commas (the list's filter and CSV exports separate with them). */
export const labelText = z.string({ error: 'must be text' }).trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters')
  .regex(/^[^,\n\r\t]+$/, 'must not contain commas, tabs or line breaks');

/** PATCH /api/conversations/:id: labels (the whole list) and priority (null clears it); at least one. */
export const conversationToolsSchema = z.strictObject({
  labels: z.array(labelText, { error: 'must be a list of labels' }).max(MAX_LABELS, `must hold at most ${MAX_LABELS} labels`).optional(),
  priority: z.enum(CONVERSATION_PRIORITIES, { error: `must be one of ${CONVERSATION_PRIORITIES.join(', ')} or null` }).nullable().optional(),
}).refine((b) => b.labels !== undefined || b.priority !== undefined, { error: 'send labels or priority' });

/** POST /api/conversations/bulk. assign needs assigneeId (null unassigns); label and unlabel need a label. */
export const bulkSchema = z.strictObject({
  ids: z.array(idNumber, { error: 'must be a list of conversation ids' }).min(1, 'must name at least one conversation').max(100, 'must name at most 100 conversations'),
  action: z.enum(BULK_ACTIONS, { error: `must be one of ${BULK_ACTIONS.join(', ')}` }),
  assigneeId: idNumber.nullable().optional(),
  label: labelText.optional(),
}).superRefine((b, ctx) => {
  if (b.action === 'assign' && b.assigneeId === undefined) ctx.addIssue({ code: 'custom', path: ['assigneeId'], message: 'is required to assign' });
  if ((b.action === 'label' || b.action === 'unlabel') && b.label === undefined) ctx.addIssue({ code: 'custom', path: ['label'], message: `is required to ${b.action}` });
});
export type BulkCommand = z.infer<typeof bulkSchema>;

/** POST /api/conversations: an agent texts a number first (parsed like the contacts API's phone). */
export const startConversationSchema = z.strictObject({
  phone: z.string({ error: 'is required' }).trim().min(1, 'is required').max(32, 'must be at most 32 characters'),
  name: z.string().trim().max(100, 'must be at most 100 characters').optional(),
  body: z.string({ error: 'is required' }).trim().min(1, 'body is required').max(1600),
});

/** A socket command's payload is an object; `null`, a string or a number is refused before its fields are read. */
const command = <S extends z.ZodRawShape>(shape: S) => z.object(shape, { error: 'the command must be an object with a conversationId' });
const conversationRef = { conversationId: idNumber };
export const sendCommand = command(conversationRef).and(replySchema);
export const assignCommand = command(conversationRef).and(assignSchema);
export const resolveCommand = command(conversationRef);
export const viewCommand = command({ conversationId: idNumber.nullable() });
export const typingCommand = command({ ...conversationRef, typing: z.boolean() });

/** `GET /api/conversations`: the list's filters. Unknown parameters (a cache-buster) are ignored. */
export const listQuerySchema = z.object({
  view: oneOf(CONVERSATION_VIEWS).default('all'),
  status: oneOf(CONVERSATION_STATUSES).optional(),
  assignee: oneText.pipe(z.union([z.enum(['me', 'none']), idText], { error: 'must be an agent id, "me" or "none"' })).optional(),
  contactId: idText.optional(),
  /** Conversations carrying this label (compared as stored: lower-case, spaces collapsed). */
  label: boundedText(40).min(1, 'must not be empty').optional(),
  priority: oneText.pipe(z.enum([...CONVERSATION_PRIORITIES, 'none'], { error: `must be one of ${CONVERSATION_PRIORITIES.join(', ')} or none` })).optional(),
  /** The SMS provider the conversation's texts went through (loopback, twilio, generic …): its channel until issue 15. */
  channel: oneText.regex(/^[a-z][a-z0-9_-]{0,19}$/, 'must be a provider name').optional(),
  q: boundedText(200).optional(),
  cursor: boundedText(500).optional(),
  limit: limitText(200, 50),
});
export type ListFilters = z.infer<typeof listQuerySchema>;
