import { z } from 'zod';
import { boundedText, idNumber, idText, limitText, oneOf, oneText } from '../http/query-schemas';
import { CONVERSATION_STATUSES, CONVERSATION_VIEWS } from './socket-contract';

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
export const noteSchema = z.object({ body: z.string().trim().min(1, 'body is required').max(4000) });

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
  q: boundedText(200).optional(),
  cursor: boundedText(500).optional(),
  limit: limitText(200, 50),
});
export type ListFilters = z.infer<typeof listQuerySchema>;
