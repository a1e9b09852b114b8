import type { ConsentScope, Effect, HandoffReason } from '../../rules/types';
import { appointmentEffectHandler, csatEffectHandler } from '../appointments/sms-replies';
import { recordConsentChange } from '../contacts/consent';
import { handOffLine, recordActivity } from '../activity/record-activity';
import { handOff } from './conversation-state';
import type { DecisionContext, EffectHandler } from './decision-context';
import { queueBotReply } from './outbound';
import { recordTagsAdded } from '../contacts/tag-events';
import { markHandOff } from '../reports/episode-writes';

async function markHandedOff(ctx: DecisionContext, reason: HandoffReason): Promise<void> {
  Object.assign(ctx.conversation, handOff(ctx.conversation, reason, ctx.now));
  markHandOff(ctx.episode, reason, ctx.now);
  await recordActivity(ctx.em, ctx.events, ctx.bus, ctx.conversation.id, handOffLine(reason), ctx.now);
}

/** The customer's own words; the inbound message that carried them is the proof, repeated or not. */
async function recordConsent(ctx: DecisionContext, kind: 'opt_in' | 'opt_out', scope: ConsentScope = 'all'): Promise<void> {
  await recordConsentChange(ctx.em, ctx.contact, { kind, scope, source: 'sms', messageId: ctx.inbound.id, detail: ctx.inbound.body, at: ctx.now });
}

/** A yes to marketing answering a campaign's menu: the reply is the proof, the campaign its source. */
async function recordMarketingYes(ctx: DecisionContext, campaignId: number | undefined): Promise<void> {
  const detail = campaignId === undefined ? ctx.inbound.body : `campaign ${campaignId}: ${ctx.inbound.body}`;
  await recordConsentChange(ctx.em, ctx.contact, { kind: 'opt_in', scope: 'marketing', source: campaignId === undefined ? 'sms' : 'campaign', messageId: ctx.inbound.id, detail, at: ctx.now });
}

/** One handler per effect type; the compiler refuses a new Effect without one. */
const handlers: { [K in Effect['type']]: EffectHandler<Extract<Effect, { type: K }>> } = {
  reply: async (ctx, e) => { await queueBotReply(ctx, e); },
  reply_text: async (ctx, e) => { await queueBotReply(ctx, { text: e.text, ruleId: e.ruleId }); },
  clear_awaiting: async (ctx) => {
    ctx.conversation.awaiting = null;
    ctx.conversation.awaitingContext = null;
  },
  // After the reply that asks: the menu and what it is about (the appointment, each letter's slot) are the decision's.
  await_reply: async (ctx, e) => {
    ctx.conversation.awaiting = e.awaiting;
    ctx.conversation.awaitingContext = e.context;
  },
  handoff: (ctx, e) => markHandedOff(ctx, e.reason),
  opt_out: (ctx, e) => recordConsent(ctx, 'opt_out', e.scope),
  opt_in: (ctx, e) => (e.scope === 'marketing' ? recordMarketingYes(ctx, e.campaignId) : recordConsent(ctx, 'opt_in')),
  tag: async (ctx, e) => {
    const before = ctx.contact.tags;
    const tags = new Set(ctx.contact.tags);
    e.add?.forEach((t) => tags.add(t));
    e.remove?.forEach((t) => tags.delete(t));
    ctx.contact.tags = [...tags];
    await ctx.em.save(ctx.contact);
    await recordTagsAdded(ctx.em, ctx.contact.id, before, ctx.contact.tags, ctx.now);
  },
  appointment: appointmentEffectHandler,
  csat: csatEffectHandler,
};

export async function applyDecision(ctx: DecisionContext): Promise<void> {
  for (const effect of ctx.decision.effects) {
    await (handlers[effect.type] as EffectHandler<Effect>)(ctx, effect);
  }
}
