/**
 * How far along its way a message is: one rank for the server (provider status callbacks) and inbox-ui (events that
 * arrive out of order). Plain data, no imports but types: the browser build includes it.
 */
import type { MessageStatus } from './socket-contract';

/** The outcomes share the top rank: whichever the provider reports last stands. */
const MESSAGE_STATUS_RANK: Record<MessageStatus, number> = {
  received: 0, queued: 1, held: 1, sending: 2, sent: 3, delivered: 4, undelivered: 4, failed: 4, refused: 4,
};

/**
 * A later status never moves a message back (a late "sent" after "delivered").
 * @example movesForward('delivered', 'sent') // → false
 */
export const movesForward = (current: MessageStatus, next: MessageStatus): boolean => MESSAGE_STATUS_RANK[next] >= MESSAGE_STATUS_RANK[current];
