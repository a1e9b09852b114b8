import type { EntityManager } from 'typeorm';
import type { Campaign } from '../db/entities';
import type { CampaignView, CampaignWinner, StoredWinner } from './campaign-contract';
import { campaignStats } from './campaign-stats';

export async function toCampaignView(em: EntityManager, c: Campaign, now: Date): Promise<CampaignView> {
  return {
    id: c.id, name: c.name, category: c.category, segmentId: c.segmentId, body: c.body, menu: c.menu, link: c.link,
    variants: c.variants, testShare: c.testShare, winnerBy: c.winnerBy, winnerAfterHours: c.winnerAfterHours, winner: winnerView(c.winner), ratePerSecond: c.ratePerSecond,
    sendAt: c.sendAt?.toISOString() ?? null, channelId: c.channelId, status: c.status, ...(c.pausedReason ? { pausedReason: c.pausedReason } : {}),
    takenDown: c.takenDown, keptDown: c.keptDownAt !== null, extendCode: c.extendCode, trigger: c.trigger, providerTemplate: c.providerTemplate,
    startedAt: c.startedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
    stats: await campaignStats(em, c, now),
  };
}

/** A winner chosen before reasons were codes kept an English sentence: its code follows from `significant`. */
export function winnerView(w: StoredWinner | null): CampaignWinner | null {
  if (!w || typeof w.reason !== 'string') return w as CampaignWinner | null;
  return { ...w, reason: { code: w.significant ? 'significant' : 'not_significant', alpha: 0.05 } };
}
