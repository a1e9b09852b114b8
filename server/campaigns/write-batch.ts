/** A prepared campaign batch written in one transaction: recipient rows, conversations, outbox rows, the reply menu. */
import type { EntityManager } from 'typeorm';
import type { Awaiting } from '../../rules/types';
import { insertMapped, insertRowsReturning } from '../db/bulk-insert';
import { type Campaign, Conversation } from '../db/entities';
import { createShortLinks, shortUrl } from '../links/create-links';
import type { AudienceRow } from './campaign-audience';
import { campaignTemplateKey } from './campaign-provider-template';
import { LINK_MARK, withLink } from './campaign-text';
import { countNewMessages } from '../reports/message-rollups';
import type { BatchContext, PreparedBatch } from './prepare-batch';

/** A campaign menu is answered for a week; after that a "1" is an ordinary text again. */
const MENU_DAYS = 7;

/** The campaign's reply menu as the conversation awaits it (task E's engine answers it). */
export function campaignAwaiting(c: Campaign, now: Date): Awaiting | null {
  if (!c.menu?.length) return null;
  return {
    menu: `campaign:${c.id}`, options: c.menu.map((o) => o.key), expiresAt: new Date(now.getTime() + MENU_DAYS * 86_400_000).toISOString(),
    campaign: { campaignId: c.id, actions: Object.fromEntries(c.menu.map((o) => [o.key, o.action === 'tag' ? { action: 'tag', tag: o.tag! } : { action: o.action, ...(o.tag ? { tag: o.tag } : {}) }])) },
  };
}

/** One batch: recipient rows, conversations for contacts that never had one, outbox rows, the menu. Returns messages written. */
export async function writeBatch(em: EntityManager, prepared: PreparedBatch): Promise<number> {
  const { context: b, checked } = prepared;
  const { campaign, now } = b;
  await insertMapped(em, 'campaign_recipients', checked, ({ row, check, variant }) => ({
    campaign_id: campaign.id, contact_id: row.contactId, variant, status: check.status, reason: check.status === 'excluded' ? check.reason : null,
    tier: row.tier, deferred_until: check.status === 'deferred' ? check.until : null, created_at: now,
  }));
  const sending = checked.filter((c) => c.body !== null);
  if (!sending.length) return 0;
  if (campaign.link) await putLinks(em, b, sending);
  const awaiting = campaignAwaiting(campaign, now);
  const conversations = await conversationsFor(em, sending.map((s) => s.row), campaign, awaiting, now);
  let n = b.sequence;
  const paced = (at: Date) => (campaign.ratePerSecond ? new Date(Math.max(at.getTime(), now.getTime() + Math.floor(n++ / campaign.ratePerSecond) * 1000)) : at);
  // The columns queueOutbound writes (through insertStamped), for many rows at once.
  const templateKey = campaign.providerTemplate && b.templateChannel ? campaignTemplateKey(campaign.id) : null;
  await insertMapped(em, 'messages', sending, ({ row, check, body, templateVars }) => ({
    conversation_id: conversations.get(row.contactId)!, contact_id: row.contactId, direction: 'out', origin: 'system', body: body!,
    channel_id: campaign.channelId, provider: b.providerName, provider_message_id: null, status: 'queued', error_code: null, error_message: null,
    agent_id: null, template_key: templateKey, compliance: false, decision: null, media: null, template_vars: templateVars, billed_segments: null, extend_code: campaign.extendCode,
    lane: 'bulk', campaign_id: campaign.id, attempts: 0, next_attempt_at: paced(check.status === 'deferred' ? check.until : now), lease_until: null, sent_at: null,
    created_at: now, updated_at: now,
  }));
  // The batch's report counts: one grouped write for the whole batch, at its commit.
  await countNewMessages(em, sending.map(({ row }) => ({
    contact: row,
    message: {
      createdAt: now, direction: 'out', status: 'queued', provider: b.providerName, channelId: campaign.channelId, campaignId: campaign.id,
      templateKey, origin: 'system', errorCode: null, billedSegments: null, providerMessageId: null, sentAt: null,
    },
  })));
  // The menu replaces none but another campaign's: a reminder's pending 1/2/3 keeps its meaning. (New threads have it.)
  const existing = sending.filter((s) => s.row.conversationId).map((s) => s.row.conversationId!);
  if (awaiting && existing.length) {
    await em.createQueryBuilder().update(Conversation).set({ awaiting, awaitingContext: null })
      .where('id IN (:...ids)', { ids: existing })
      .andWhere(`(awaiting IS NULL OR awaiting LIKE :campaignMenu)`, { campaignMenu: '%"menu":"campaign:%' }).execute();
  }
  return sending.length;
}

/** Each recipient's own short link in place of `{{link}}`, made in the batch's transaction: a link exists exactly when its text does. */
async function putLinks(em: EntityManager, b: BatchContext, sending: PreparedBatch['checked']): Promise<void> {
  const linked = sending.filter((s) => s.body!.includes(LINK_MARK));
  if (!linked.length) return;
  const codes = await createShortLinks(em, { targetUrl: b.campaign.link!, campaignId: b.campaign.id, contactIds: linked.map((s) => s.row.contactId), now: b.now });
  for (const s of linked) {
    const url = shortUrl(b.linkBase.PUBLIC_URL, b.linkBase.PORT, codes.get(s.row.contactId)!);
    s.body = withLink(s.body!, url);
    if (s.templateVars?.link === LINK_MARK) s.templateVars.link = url;
  }
}

/**
 * Each contact's conversation id; contacts that never had a thread get one (resolved: a campaign text is no task for
 * the inbox) already awaiting the campaign's menu, their ids returned by the INSERT itself where the database can.
 */
async function conversationsFor(em: EntityManager, rows: AudienceRow[], campaign: Campaign, awaiting: Awaiting | null, now: Date): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  for (const r of rows) if (r.conversationId) ids.set(r.contactId, r.conversationId);
  const missing = rows.filter((r) => !r.conversationId).map((r) => r.contactId);
  if (!missing.length) return ids;
  const made = await insertRowsReturning(em, 'conversations', missing, (contactId) => ({
    contact_id: contactId, status: 'resolved', handled_by: 'bot', assignee_id: null, handoff_reason: null, awaiting, awaiting_context: null,
    snoozed_until: null, last_message_at: now, waiting_since: null, unread: 0, priority: null, labels: null, channel_id: campaign.channelId,
    created_at: now, updated_at: now,
  }), ['id', 'contact_id']) ?? await em.query(`SELECT id, contact_id FROM conversations WHERE contact_id IN (${missing.map(() => '?').join(', ')})`, missing) as Array<Record<string, unknown>>;
  for (const c of made) ids.set(Number(c.contact_id), Number(c.id));
  return ids;
}
