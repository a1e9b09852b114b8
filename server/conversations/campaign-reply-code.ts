import type { EntityManager } from 'typeorm';
import { campaignByExtendCode } from '../campaigns/extend-code';
import { campaignAwaiting } from '../campaigns/write-batch';
import { Message, type Conversation } from '../db/entities';

/**
 * A text that arrived on a campaign's extension code (Aliyun `dest_code`, Tencent `extend`) answers that campaign, even
 * when the thread's menu was replaced since (a reminder's 1/2/3, a later campaign): the campaign's menu is put back as
 * what the conversation awaits before the engine reads it. Only for a contact the campaign actually texted, and only
 * while the menu would still be live (a week from that text).
 */
export async function awaitCampaignByCode(em: EntityManager, conversation: Conversation, contactId: number, extendCode: string | null | undefined, now: Date): Promise<void> {
  const campaign = await campaignByExtendCode(em, extendCode);
  if (!campaign?.menu?.length) return;
  if (conversation.awaiting?.menu === `campaign:${campaign.id}`) return;
  const sent = await em.findOne(Message, { where: { campaignId: campaign.id, contactId, direction: 'out' }, select: { id: true, sentAt: true, createdAt: true } });
  if (!sent) return;
  const awaiting = campaignAwaiting(campaign, sent.sentAt ?? sent.createdAt);
  if (!awaiting || (awaiting.expiresAt && new Date(awaiting.expiresAt) <= now)) return;
  conversation.awaiting = awaiting;
  conversation.awaitingContext = null;
}
