import type { Message } from '../db/entities';
import type { DecisionContext } from './decision-context';
import { queueOutbound } from './queue-outbound';

type ReplySource = { template: string; vars?: Record<string, unknown>; compliance?: boolean } | { text: string; ruleId: string };

/** Queues the bot's reply for the decision being applied. */
export async function queueBotReply(ctx: DecisionContext, source: ReplySource): Promise<Message> {
  const menuBefore = ctx.conversation.awaiting;
  const message = await queueOutbound(ctx.em, ctx.ruleset, {
    contact: ctx.contact, conversation: ctx.conversation, origin: 'bot', now: ctx.now, providerName: ctx.providerName,
    content: 'template' in source ? { template: source.template, vars: source.vars } : { handlebars: source.text },
    compliance: 'compliance' in source && source.compliance === true,
    appointment: ctx.appointment, slots: ctx.slots, decision: ctx.decision,
  });
  if (ctx.conversation.awaiting !== menuBefore) ctx.menuSent = true;
  ctx.outbound.push(message);
  return message;
}
