import type { EntityManager } from 'typeorm';
import { Campaign } from '../db/entities';

/** Codes are 1–4 digits (Aliyun's SmsUpExtendCode and Tencent's ExtendCode take short numeric extensions). */
const MAX_CODE = 9999;
/** Campaigns whose replies may still arrive on their code; a done one keeps it for as long as its menu is answered. */
const ACTIVE = ['scheduled', 'running', 'paused'];
const REPLIES_DAYS = 7;

/**
 * Gives a starting campaign the smallest extension code no other active (or lately finished) campaign holds (kept if it has one), in the
 * start's transaction. A started campaign keeps its code after it ends, so a late reply still finds it; the newest
 * campaign holding a code is the one a reply on it answers.
 */
export async function assignExtendCode(em: EntityManager, campaign: Campaign, now: Date): Promise<string | null> {
  if (campaign.extendCode) return campaign.extendCode;
  const taken = await em.createQueryBuilder(Campaign, 'c').select('c.extendCode', 'code')
    .where('c.extend_code IS NOT NULL AND c.id <> :id', { id: campaign.id })
    .andWhere("(c.status IN (:...active) OR (c.status = 'done' AND c.started_at >= :since))", { active: ACTIVE, since: new Date(now.getTime() - REPLIES_DAYS * 86_400_000) }).getRawMany<{ code: string }>();
  const used = new Set(taken.map((t) => t.code));
  for (let n = 1; n <= MAX_CODE; n++) {
    const code = String(n);
    if (used.has(code)) continue;
    await em.update(Campaign, { id: campaign.id }, { extendCode: code });
    campaign.extendCode = code;
    return code;
  }
  return null;
}

/** The campaign a reply's extension code names: the newest started one holding it. */
export async function campaignByExtendCode(em: EntityManager, code: string | null | undefined): Promise<Campaign | null> {
  if (!code || !/^\d{1,4}$/.test(code)) return null;
  return em.createQueryBuilder(Campaign, 'c').where('c.extend_code = :code AND c.started_at IS NOT NULL', { code })
    .orderBy('c.started_at', 'DESC').addOrderBy('c.id', 'DESC').getOne();
}
