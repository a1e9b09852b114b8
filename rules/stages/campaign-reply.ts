import type { CampaignMenu, CampaignMenuAction, Effect } from '../types';
import { handoffEffects } from '../effects';
import { parseChoice } from '../text/choice';
import type { StageContext, StageDecision } from './stage';

/**
 * The campaign a live campaign menu belongs to: the conversation awaits it and it has not expired. A text sent
 * while it is live answers that campaign whatever it says, so the decision carries the campaign id for its stats.
 */
export function liveCampaign(ctx: StageContext): CampaignMenu | undefined {
  const awaiting = ctx.input.conversation.awaiting;
  if (!awaiting?.campaign || Date.parse(ctx.now) > Date.parse(awaiting.expiresAt)) return undefined;
  return awaiting.campaign;
}

/**
 * The option a reply names: "1", "１", "一", "回复1", "1." (the menu-answer parser), or a word key typed as it was
 * offered ("WANT100"). Only keys that were offered count.
 * @example optionKey(a 1/2 menu, "回复２") // → '2'
 */
function optionKey(ctx: StageContext, campaign: CampaignMenu): string | undefined {
  const offered = ctx.input.conversation.awaiting!.options;
  const choice = parseChoice(ctx.norm.plain);
  const word = ctx.key.toUpperCase();
  return offered.find((k) => Object.hasOwn(campaign.actions, k) && (k === choice || k.toUpperCase() === word));
}

function tagged(option: CampaignMenuAction): Effect[] {
  return option.tag ? [{ type: 'tag', add: [option.tag] }] : [];
}

function decide(ctx: StageContext, campaignId: number, key: string, option: CampaignMenuAction): StageDecision {
  const menu = { name: `campaign:${campaignId}`, option: key };
  const base = { stage: 'awaiting-reply' as const, menu };
  switch (option.action) {
    case 'tag':
      return { ...base, action: 'ack', params: { campaignId, tag: option.tag }, effects: [...tagged(option), { type: 'clear_awaiting' }, { type: 'reply', template: 'campaign_thanks' }] };
    case 'opt_in':
      return {
        ...base, action: 'opt_in', params: { campaignId, scope: 'marketing' },
        effects: [...tagged(option), { type: 'opt_in', scope: 'marketing', campaignId }, { type: 'clear_awaiting' }, { type: 'reply', template: 'campaign_opt_in_confirmation', compliance: true }],
      };
    case 'handoff':
      return { ...base, action: 'handoff', params: { campaignId, reason: 'campaign' }, effects: [...tagged(option), ...handoffEffects('campaign', ctx)] };
    case 'book':
      // Which service and which times are facts: rules/appointments/new-booking.ts offers them.
      return { ...base, action: 'appointment.book', params: { campaignId }, effects: [...tagged(option), { type: 'appointment', op: 'book' }] };
  }
}

/**
 * Stage 2 for a campaign's reply menu ("回复1预约，回复2了解详情"): the same answer parsing as a template's menu, each
 * offered key mapped to the action the campaign declared (book, tag, hand off, opt in). Compliance has already
 * run, so TD/R/退订/STOP win over the menu. Anything that is not an option returns null and the usual stages
 * (keywords, intent, hand-off) answer it; the trace says which campaign it answered either way.
 */
export function campaignReplyStage(ctx: StageContext): StageDecision | null {
  const campaign = liveCampaign(ctx);
  if (!campaign) return null;
  const key = optionKey(ctx, campaign);
  if (key === undefined) {
    ctx.steps.push({ stage: 'awaiting-reply', outcome: `campaign ${campaign.campaignId}: not one of its options (${ctx.input.conversation.awaiting!.options.join('/')}) → the usual stages` });
    return null;
  }
  const option = campaign.actions[key];
  ctx.steps.push({ stage: 'awaiting-reply', outcome: `campaign ${campaign.campaignId}: option ${key} → ${option.action}${option.tag ? ` (tag ${option.tag})` : ''}` });
  return decide(ctx, campaign.campaignId, key, option);
}
