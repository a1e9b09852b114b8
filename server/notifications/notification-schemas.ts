import { z } from 'zod';
import { idNumber, idText, limitText } from '../http/query-schemas';

// The bell's query string and body, parsed once at the edge.

export const notificationsQuery = z.object({
  limit: limitText(100, 30),
  /** The page after this id (the previous page's nextCursor). */
  before: idText.optional(),
});

/** Exactly one of: these ids, everything, or everything about one conversation (the agent opened it). */
export const readNotificationsBody = z.strictObject({
  ids: z.array(idNumber).min(1, 'name at least one').max(200, 'at most 200 at once').optional(),
  all: z.literal(true, { error: 'must be true' }).optional(),
  conversationId: idNumber.optional(),
}).refine((b) => [b.ids, b.all, b.conversationId].filter((x) => x !== undefined).length === 1, 'send one of ids, all or conversationId');
