import { renderText } from '../../rules';
import { sampleTemplateVars } from '../admin/sample-vars';
import { createContact } from '../contacts/new-contact';
import { queueOutbound } from '../conversations/queue-outbound';
import { toMessageView } from '../conversations/views';
import { Campaign, Contact, Conversation, type Agent, type Message } from '../db/entities';
import type { AppDeps } from '../deps';
import { publishAfterCommit } from '../events/after-commit';
import { HttpError } from '../http/errors';
import { toE164 } from '../shared/phone';
import { campaignPolicy } from './campaign-policy';
import { campaignText, campaignVars, LINK_MARK, nextVisits, withLink, withRefusal } from './campaign-text';
import { campaignTemplateKey, deliveredText, templateChannelOf, templateVarsFor } from './campaign-provider-template';
import { PARAM_VALUE_MAX, type TemplatePreview } from '../channels/template-preview';
import type { CampaignProviderTemplate } from './campaign-contract';
import { createShortLink, shortUrl } from '../links/create-links';

/**
 * A value longer than Aliyun and Tencent take (35 characters) makes them refuse the whole text: a real send leaves
 * such a recipient out (`templateValueTooLong`, campaign-provider-template.ts), so the test send refuses as well —
 * queued, it would only fail at the provider — naming the parameter and how long its value is.
 */
function refuseLongValues(delivered: TemplatePreview, template: CampaignProviderTemplate, linkLength: number): void {
  const linkParam = Object.entries(template.params).find(([, variable]) => variable === 'link')?.[0];
  const long = delivered.warnings.find((w) => w.kind === 'long_value')
    ?? (linkParam !== undefined && linkLength > PARAM_VALUE_MAX ? { param: linkParam, length: linkLength } : undefined);
  if (!long) return;
  throw new HttpError(422, 'template_value_too_long',
    `providerTemplate.params.${long.param}: its value for this test is ${long.length} characters, and the provider takes at most ${PARAM_VALUE_MAX} per value; recipients like this are left out of the campaign (templateValueTooLong)`,
    `providerTemplate.params.${long.param}`);
}

/**
 * A campaign's text to the admin's own phone (their profile's, or one given), as a recipient would get it: through the
 * outbox like any text, but carrying no campaign, so it is in no count and blocks no real recipient's one message.
 * Filled with the admin's own contact record; what that lacks (a next visit) comes from the sample contact.
 */
export async function sendTestMessage(deps: AppDeps, campaignId: number, agent: Agent, phoneGiven: string | undefined): Promise<Message> {
  const raw = phoneGiven ?? agent.phone;
  if (!raw) throw new HttpError(409, 'no_phone', 'Add your mobile number to your profile, or send { phone }, for a test send', 'phone');
  const phone = toE164(raw, deps.config.DEFAULT_REGION);
  if (!phone) throw new HttpError(400, 'invalid_field', 'phone: not a phone number', 'phone');
  const ruleset = await deps.rulesets.get();
  const settings = ruleset.source.settings;
  const now = deps.clock.now();
  return publishAfterCommit(deps.ds, async (em, events) => {
    const campaign = await em.findOneBy(Campaign, { id: campaignId });
    if (!campaign) throw new HttpError(404, 'not_found', 'Campaign not found');
    const policy = await campaignPolicy(em);
    const contact = await em.findOneBy(Contact, { phone }) ?? await createContact(em, { phone, timezone: settings.timezone, name: agent.name }, now);
    let conversation = await em.findOneBy(Conversation, { contactId: contact.id });
    conversation ??= await em.save(em.create(Conversation, { contactId: contact.id, status: 'resolved', handledBy: 'bot', unread: 0, lastMessageAt: now }));
    const who = { contactId: contact.id, phone, name: contact.name, locale: contact.locale, timezone: contact.timezone, attributes: contact.attributes };
    let text: string;
    try {
      text = campaignText(campaign.body, campaign.category, who, (await nextVisits(em, [contact.id], now)).get(contact.id), settings, policy.refusalText, 'aliyun');
    } catch {
      const sample = sampleTemplateVars(settings, contact.locale);
      const filled = renderText(campaign.body, { ...sample, contact: { ...sample.contact, name: contact.name ?? sample.contact.name, phone, attributes: contact.attributes ?? {} }, link: LINK_MARK });
      text = campaign.category === 'marketing' ? withRefusal(filled, policy.refusalText) : filled;
    }
    // The admin's link is tracked like a recipient's but names nobody and no campaign: a test is in no count.
    let testLink: string | null = null;
    if (campaign.link && (text.includes(LINK_MARK) || Object.values(campaign.providerTemplate?.params ?? {}).includes('link'))) {
      testLink = shortUrl(deps.config.PUBLIC_URL, deps.config.PORT, await createShortLink(em, { targetUrl: campaign.link, now }));
      text = withLink(text, testLink);
    }
    // queueOutbound signs for the channel it leaves by (a signed text is not signed twice).
    const message = await queueOutbound(em, ruleset, {
      contact, conversation, content: { text }, origin: 'system', now, channels: deps.channels, agentId: agent.id,
    });
    // On Aliyun/Tencent the approved template is what goes, filled for the admin, as a recipient's would be.
    const templateChannel = campaign.providerTemplate ? await templateChannelOf(deps.channels, campaign.channelId, deps.config, em) : null;
    if (templateChannel && campaign.providerTemplate) {
      const vars = { ...campaignVars(who, (await nextVisits(em, [contact.id], now)).get(contact.id), settings), link: withLink(LINK_MARK, testLink ?? '') };
      refuseLongValues(deliveredText(templateChannel, campaign.providerTemplate, vars), campaign.providerTemplate, testLink?.length ?? 0);
      Object.assign(message, {
        templateKey: campaignTemplateKey(campaign.id), templateVars: templateVarsFor(campaign.providerTemplate, vars),
        body: deliveredText(templateChannel, campaign.providerTemplate, vars).text.slice(`【${templateChannel.signName}】`.length),
      });
      await em.save(message);
    }
    await em.save(conversation);
    events.push(() => { deps.bus.emit('message:created', toMessageView(message, contact.phone)); deps.bus.emit('outbox:queued', undefined); });
    return message;
  });
}
