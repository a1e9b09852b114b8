import { menuFor, renderTemplate, renderText } from '../../rules';
import { Message } from '../db/entities';
import type { DecisionContext } from './decision-context';
import { buildTemplateVars } from './template-vars';

type ReplySource = { template: string; vars?: Record<string, unknown>; compliance?: boolean } | { text: string; ruleId: string };

/**
 * Queues a bot reply in the inbound transaction (the transactional outbox). A template that declares a menu makes
 * the conversation await that menu, so the customer's "1" is read against what was actually sent.
 */
export async function queueBotReply(ctx: DecisionContext, source: ReplySource): Promise<Message> {
  const vars = {
    ...buildTemplateVars({ settings: ctx.ruleset.source.settings, contact: ctx.contact, appointment: ctx.appointment, slots: ctx.slots }),
    ...('vars' in source ? source.vars : {}),
  };
  const body = 'template' in source
    ? renderTemplate(ctx.ruleset, source.template, ctx.contact.locale, vars)
    : renderText(source.text, vars);
  const compliance = 'compliance' in source && source.compliance === true;
  const message = ctx.em.create(Message, {
    conversationId: ctx.conversation.id, contactId: ctx.contact.id, direction: 'out', origin: 'bot', body,
    provider: ctx.providerName, providerMessageId: null, status: 'queued', errorCode: null, errorMessage: null, agentId: null,
    templateKey: 'template' in source ? source.template : null, compliance, decision: ctx.decision, media: null,
    attempts: 0, nextAttemptAt: ctx.now, leaseUntil: null, sentAt: null,
  });
  await ctx.em.save(message);
  if ('template' in source) {
    const awaiting = menuFor(ctx.ruleset, source.template, ctx.now.toISOString());
    if (awaiting) {
      ctx.conversation.awaiting = awaiting;
      ctx.menuSent = true;
      ctx.conversation.awaitingContext = {
        ...(ctx.appointment ? { appointmentId: ctx.appointment.id } : {}),
        ...(ctx.slots ? { slots: Object.fromEntries(ctx.slots.map((s) => [s.option, s.startsAt.toISOString()])) } : {}),
      };
    }
  }
  ctx.outbound.push(message);
  return message;
}
