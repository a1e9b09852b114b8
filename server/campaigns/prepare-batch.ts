/** A campaign batch before its transaction: each recipient checked and its text filled (queue-campaign.ts, trigger-campaigns.ts). */
import type { EntityManager } from 'typeorm';
import type { Settings } from '../../rules/types';
import { pickVariant } from '../../rules/campaigns/variant-split';
import type { Campaign } from '../db/entities';
import type { AudienceRow } from './campaign-audience';
import type { CampaignPolicy } from './campaign-policy';
import { deliveredText, templateExclusion, templateVarsFor, type TemplateChannel } from './campaign-provider-template';
import { campaignText, campaignVars, nextVisits, SAMPLE_CODE, type LinkBase } from './campaign-text';
import { shortUrl } from '../links/create-links';
import { checkRecipient, windowOpenings, type RecipientCheck } from './recipient-checks';

export interface BatchContext {
  campaign: Campaign; policy: CampaignPolicy; settings: Settings; providerName: string; now: Date;
  /** Messages the campaign queued before this batch: with a rate, the n-th leaves n / rate seconds after the start. */
  sequence: number;
  linkBase: LinkBase;
  /** An Aliyun or Tencent channel: texts are the campaign's provider template, filled (campaign-provider-template.ts). */
  templateChannel: TemplateChannel | null;
}

export interface PreparedBatch {
  context: BatchContext;
  checked: Array<{ row: AudienceRow; check: RecipientCheck; body: string | null; variant: string | null; templateVars: Record<string, unknown> | null }>;
  sending: number;
}

/**
 * The template a contact gets, and its A/B variant: one body without variants; in the test, the variant its hash picks
 * by weight; after it, the winner's body (the rest is no variant's sample, so `variant` stays null).
 */
export function templateFor(campaign: Campaign, contactId: number): { template: string; variant: string | null } {
  if (!campaign.variants?.length) return { template: campaign.body, variant: null };
  if (campaign.winner) return { template: campaign.variants.find((v) => v.key === campaign.winner!.key)?.body ?? campaign.body, variant: null };
  const key = pickVariant(campaign.id, contactId, campaign.variants);
  return { template: campaign.variants.find((v) => v.key === key)!.body, variant: key };
}

/** Each contact's check and text, before the transaction (pure, but for one read of the batch's next visits). */
export async function prepareBatch(em: EntityManager, b: BatchContext, batch: AudienceRow[]): Promise<PreparedBatch> {
  const { campaign, policy, now } = b;
  const visits = [campaign.body, ...(campaign.variants ?? []).map((v) => v.body), ...Object.values(campaign.providerTemplate?.params ?? {})].some((t) => t.includes('appointment')) ? await nextVisits(em, batch.map((r) => r.contactId), now) : new Map();
  const opening = windowOpenings(now, policy.sendWindow);
  const linkLength = [...shortUrl(b.linkBase.PUBLIC_URL, b.linkBase.PORT, SAMPLE_CODE)].length;
  const checked = batch.map((row) => {
    let check: RecipientCheck = checkRecipient(row, policy, campaign.category, now, opening);
    let body: string | null = null;
    let templateVars: Record<string, unknown> | null = null;
    const { template, variant } = templateFor(campaign, row.contactId);
    if (check.status !== 'excluded' && b.templateChannel && campaign.providerTemplate) {
      // The approved text is what leaves: the row keeps it filled (the provider adds the 【签名】) and the values it needs.
      const vars = campaignVars(row, visits.get(row.contactId), b.settings);
      const delivered = deliveredText(b.templateChannel, campaign.providerTemplate, vars);
      const refused = templateExclusion(delivered, campaign.providerTemplate, linkLength);
      if (refused) check = { status: 'excluded', reason: refused };
      else {
        body = delivered.text.slice(`【${b.templateChannel.signName}】`.length);
        templateVars = templateVarsFor(campaign.providerTemplate, vars);
      }
    } else if (check.status !== 'excluded') {
      try {
        body = campaignText(template, campaign.category, row, visits.get(row.contactId), b.settings, policy.refusalText, b.providerName);
      } catch {
        check = { status: 'excluded', reason: 'missingData' };
      }
    }
    return { row, check, body, variant, templateVars };
  });
  return { context: b, checked, sending: checked.filter((c) => c.body !== null).length };
}
