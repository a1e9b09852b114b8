import type { DataSource } from 'typeorm';
import { Campaign, type Agent } from '../db/entities';
import { insertStamped } from '../db/insert-stamped';
import { inTransaction } from '../db/transaction';
import { notFound } from '../http/errors';
import { refuseTakenDown } from './campaign-control';

/** A campaign name's limit (campaigns.name, and the schemas' `name`). */
const NAME_MAX = 100;

/**
 * The copy's name: the original's marked as a copy in the admin's language, the original cut (never the mark) when
 * both would pass the 100 characters a name takes.
 * @example copyName('春季洗牙', 'zh-CN') // → '春季洗牙（副本）'
 * @example copyName('Spring cleaning', 'en') // → 'Spring cleaning (copy)'
 */
export function copyName(name: string, locale: string): string {
  const mark = locale.startsWith('zh') ? '（副本）' : ' (copy)';
  return [...name].slice(0, NAME_MAX - [...mark].length).join('').trimEnd() + mark;
}

/**
 * A new draft with what the campaign says and to whom (segment, category, channel, body, link, menu, A/B variants and
 * their settings, trigger, rate, provider template) and none of what happened to it: no status, schedule, numbers,
 * extension code, winner or take-down. Content taken down for complaints is not copied until an admin reviews it:
 * a copy would send what the take-down stopped.
 */
export async function copyCampaign(ds: DataSource, id: number, agent: Agent, now: Date): Promise<Campaign> {
  return inTransaction(ds, async (em) => {
    const c = await em.findOneBy(Campaign, { id });
    if (!c) throw notFound('Campaign');
    refuseTakenDown(c);
    return insertStamped(em, Campaign, {
      name: copyName(c.name, agent.locale), category: c.category, segmentId: c.segmentId, body: c.body, menu: c.menu, link: c.link,
      variants: c.variants, testShare: c.testShare, winnerBy: c.winnerBy, winnerAfterHours: c.winnerAfterHours,
      ratePerSecond: c.ratePerSecond, channelId: c.channelId, trigger: c.trigger, providerTemplate: c.providerTemplate,
      status: 'draft', pausedReason: null, sendAt: null, testQueuedAt: null, winner: null, duplicates: 0, createdBy: agent.id, startedAt: null,
      audienceDone: false, leaseUntil: null, leaseOwner: null, extendCode: null, takenDown: false, complaintsReviewed: 0, keptDownAt: null,
    }, now);
  });
}
