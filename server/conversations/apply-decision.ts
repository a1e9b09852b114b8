import { businessStatus, reopeningLabel } from '../../rules';
import type { Effect, HandoffReason } from '../../rules/types';
import { appointmentEffectHandler, csatEffectHandler } from '../appointments/sms-replies';
import { recordConsentChange } from '../contacts/consent';
import type { DecisionContext, EffectHandler } from './decision-context';
import { queueBotReply } from './outbound';

/** Hands the thread to a person and tells the customer when to expect one. */
async function handOffWithAck(ctx: DecisionContext, reason: HandoffReason): Promise<void> {
  markHandedOff(ctx, reason);
  const now = ctx.now.toISOString();
  const status = businessStatus(ctx.ruleset.source.settings, now, ctx.contact.timezone);
  const reopensAt = reopeningLabel(now, status, ctx.contact.timezone, ctx.contact.locale);
  await queueBotReply(ctx, status.open ? { template: 'handoff_ack' } : { template: 'handoff_ack_closed', vars: { reopensAt } });
  ctx.repliesHandled = true;
}

function markHandedOff(ctx: DecisionContext, reason: HandoffReason): void {
  Object.assign(ctx.conversation, { handledBy: 'human', status: 'open', handoffReason: reason, waitingSince: ctx.now, snoozedUntil: null });
}

/** The customer's own keyword; the inbound message that carried it is the proof, repeated or not. */
async function recordConsent(ctx: DecisionContext, kind: 'opt_in' | 'opt_out'): Promise<void> {
  await recordConsentChange(ctx.em, ctx.contact, { kind, source: 'sms', messageId: ctx.inbound.id, detail: ctx.inbound.body, at: ctx.now });
}

/** One handler per effect type; the compiler refuses a new Effect without one. */
const handlers: { [K in Effect['type']]: EffectHandler<Extract<Effect, { type: K }>> } = {
  reply: async (ctx, e) => { if (!ctx.repliesHandled) await queueBotReply(ctx, e); },
  reply_text: async (ctx, e) => { if (!ctx.repliesHandled) await queueBotReply(ctx, { text: e.text, ruleId: e.ruleId }); },
  clear_awaiting: async (ctx) => {
    if (ctx.menuSent) return;
    ctx.conversation.awaiting = null;
    ctx.conversation.awaitingContext = null;
  },
  handoff: async (ctx, e) => markHandedOff(ctx, e.reason),
  opt_out: (ctx) => recordConsent(ctx, 'opt_out'),
  opt_in: (ctx) => recordConsent(ctx, 'opt_in'),
  tag: async (ctx, e) => {
    const tags = new Set(ctx.contact.tags);
    e.add?.forEach((t) => tags.add(t));
    e.remove?.forEach((t) => tags.delete(t));
    ctx.contact.tags = [...tags];
    await ctx.em.save(ctx.contact);
  },
  appointment: appointmentEffectHandler(handOffWithAck),
  csat: csatEffectHandler,
};

export async function applyDecision(ctx: DecisionContext): Promise<void> {
  for (const effect of ctx.decision.effects) {
    await (handlers[effect.type] as EffectHandler<Effect>)(ctx, effect);
  }
}
