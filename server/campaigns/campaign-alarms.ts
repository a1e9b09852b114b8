import { IsNull, type EntityManager } from 'typeorm';
import { atLocalMinute, localDate } from '../appointments/zoned-time';
import { Campaign } from '../db/entities';
import type { CampaignAlarms } from './campaign-contract';
import { campaignPolicy } from './campaign-policy';
import { COMPLAINT_DAYS } from './complaint-takedown';

const DAY = 86_400_000;

/**
 * What the admin overview warns about: this month's complaint rate over marketing texts (the seeds' carriers watch it;
 * over the setting it is an alarm), and content taken down for complaints that waits for a review. This month is the
 * business's calendar month. A complaint is counted as the take-down counts it (complaint-takedown.ts), once per
 * person and campaign; texts are marketing campaign messages that left this month.
 */
export async function campaignAlarms(em: EntityManager, now: Date, timezone: string): Promise<CampaignAlarms> {
  const policy = await campaignPolicy(em);
  const day = Number(localDate(now, timezone).slice(8, 10));
  const monthStart = atLocalMinute(now, -(day - 1), 0, timezone);
  // Only campaigns that can have sent this month (started before its end, not before the month's complaint window).
  const since = new Date(monthStart.getTime() - 60 * DAY);
  const marketing = (startedSince: Date) => em.createQueryBuilder().select('COUNT(*)', 'n').from('messages', 'm')
    .innerJoin('campaigns', 'c', 'c.id = m.campaign_id').where("c.category = 'marketing' AND c.started_at >= :startedSince", { startedSince });
  const sent = await marketing(since).andWhere('m.sent_at >= :monthStart', { monthStart }).getRawOne<{ n: number | string }>();
  const complaints = await marketing(new Date(since.getTime() - COMPLAINT_DAYS * DAY)).andWhere('m.sent_at IS NOT NULL')
    .andWhere(`EXISTS (SELECT 1 FROM messages i WHERE i.conversation_id = m.conversation_id AND i.direction = 'in'
      AND i.created_at >= m.sent_at AND i.created_at >= :monthStart AND i.decision LIKE '%"complaint"%')`, { monthStart }).getRawOne<{ n: number | string }>();
  const sentCount = Number(sent?.n ?? 0);
  const complaintCount = Number(complaints?.n ?? 0);
  const rate = sentCount ? complaintCount / sentCount : 0;
  // Kept down by a review: settled, no longer an alarm.
  const takenDown = await em.find(Campaign, { where: { takenDown: true, keptDownAt: IsNull() }, order: { id: 'DESC' }, take: 50, select: { id: true, name: true, status: true } });
  return {
    monthlyComplaints: {
      month: localDate(now, timezone).slice(0, 7), complaints: complaintCount, sent: sentCount, rate,
      threshold: policy.monthlyComplaintAlarmRate, alarm: sentCount > 0 && rate > policy.monthlyComplaintAlarmRate,
    },
    takenDown: takenDown.map((c) => ({ id: c.id, name: c.name, status: c.status })),
  };
}
