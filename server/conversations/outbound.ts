import type { Message } from '../db/entities';
import type { DecisionContext } from './decision-context';
import { queueOutbound } from './queue-outbound';

type ReplySource = { template: string; vars?: Record<string, unknown>; compliance?: boolean } | { text: string; ruleId: string };

/**
 * Queues the bot's reply for the decision being applied: its template and variables are the decision's, and the
 * decision itself stays with the text it followed (the reply names that text).
 */
export async function queueBotReply(ctx: DecisionContext, source: ReplySource): Promise<Message> {
  const message = await queueOutbound(ctx.em, ctx.ruleset, {
    contact: ctx.contact, conversation: ctx.conversation, origin: 'bot', now: ctx.now, channels: ctx.channels,
    content: 'template' in source ? { template: source.template, vars: source.vars } : { handlebars: source.text },
    compliance: 'compliance' in source && source.compliance === true,
    decision: ctx.decision, decidedBy: ctx.inbound, leaseUntil: ctx.replyLease,
  });
  ctx.outbound.push(message);
  return message;
}
