import { insertRows } from '../bulk-insert';
import { Campaign, Segment } from '../entities';
import { CAMPAIGN_REPLIES } from './demo-people';
import { between, localAt, pick, plusMinutes, templateText, weekdayOf, type DemoWorld } from './demo-world';

/**
 * One finished marketing campaign, twelve days back (a Saturday's is moved to the Friday): an autumn cleaning offer
 * with a short link to each recipient, sent in the bulk lane over a few minutes, two texts undelivered, a handful of
 * replies the bot thanks, a couple of clicks — and one recipient who answered 退订 the next day (the caller's opt-out).
 */

const LINK = 'https://clinic.example/autumn-cleaning';

export interface DemoCampaign { sentAt: Date; optOutAt: Date }

export async function seedDemoCampaign(w: DemoWorld, recipients: DemoWorld['people'], publicUrl: string): Promise<DemoCampaign> {
  let daysAgo = 12;
  while (weekdayOf(w, daysAgo) === 0 || weekdayOf(w, daysAgo) === 6) daysAgo++;
  const sentAt = localAt(w, daysAgo, 10 * 60 + 30);
  const segment = await w.em.insert(Segment, { name: '老客户（营销同意）', definition: { tagsAny: ['demo'], consent: 'marketing' } });
  const body = '秋季洗牙季：本月预约洗牙立减50元，名额有限。预约请回复1或点击 {{link}} 退订回TD';
  const { identifiers } = await w.em.insert(Campaign, {
    name: '秋季洗牙优惠', category: 'marketing', segmentId: Number(segment.identifiers[0]!.id), body, menu: null, link: LINK, variants: null,
    testShare: null, winnerBy: null, winnerAfterHours: null, testQueuedAt: null, winner: null, ratePerSecond: 5, sendAt: sentAt, channelId: null,
    status: 'done', pausedReason: null, duplicates: 0, createdBy: null, startedAt: sentAt, audienceDone: true, leaseUntil: null, leaseOwner: null,
    extendCode: null, takenDown: false, complaintsReviewed: 0, trigger: null, providerTemplate: null,
  });
  const campaignId = Number(identifiers[0]!.id);
  const links = [];
  const people = [];
  for (const [i, person] of recipients.entries()) {
    const at = new Date(sentAt.getTime() + i * 12_000);
    const code = `d${campaignId}${String(i).padStart(3, '0')}${Math.floor(w.random() * 36 ** 4).toString(36)}`.slice(0, 16);
    const clicked = i % 9 === 2 ? plusMinutes(at, between(w, 5, 600)) : null;
    links.push({ code, target_url: LINK, campaign_id: campaignId, contact_id: person.thread.contactId, first_clicked_at: clicked, click_count: clicked ? between(w, 1, 2) : 0, created_at: at });
    people.push({ campaign_id: campaignId, variant: null, contact_id: person.thread.contactId, status: 'queued', reason: null, tier: null, deferred_until: null, created_at: sentAt });
    const undelivered = i === 5 || i === 17;
    w.timeline.send(person.thread, at, `【${w.businessName}】${body.replace('{{link}}', `${publicUrl}/s/${code}`)}`, {
      origin: 'system', campaignId, ...(undelivered ? { status: 'undelivered', errorCode: i === 5 ? 'blacklisted' : 'expired' } : {}),
    });
    // A few answer it within hours; the bot thanks them.
    if (i % 6 === 1) {
      const replied = plusMinutes(at, between(w, 20, 1200));
      w.timeline.text(person.thread, replied, pick(w, CAMPAIGN_REPLIES));
      w.timeline.send(person.thread, replied, templateText(w, 'campaign_thanks', person.locale, {}), { origin: 'bot', templateKey: 'campaign_thanks' });
    }
  }
  await insertRows(w.em, 'short_links', links);
  await insertRows(w.em, 'campaign_recipients', people);
  return { sentAt, optOutAt: plusMinutes(sentAt, 26 * 60 + 7) };
}
