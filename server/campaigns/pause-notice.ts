import type { DataSource } from 'typeorm';
import { Agent, type Campaign } from '../db/entities';
import { publishAfterCommit } from '../events/after-commit';
import type { EventBus } from '../events/event-bus';
import { notify } from '../notifications/notify';

/**
 * Rings every active admin's bell when a campaign paused itself for opt-outs. A bell entry points at a conversation:
 * the thread of the latest recipient who opted out, where the admin sees what the refusal answered.
 */
export async function notifyAdminsOfPause(ds: DataSource, bus: EventBus, campaign: Campaign, now: Date): Promise<void> {
  const [latest] = await ds.query(`SELECT m.conversation_id AS conversationId FROM messages m WHERE m.campaign_id = ?
    AND EXISTS (SELECT 1 FROM consent_events ce WHERE ce.contact_id = m.contact_id AND ce.kind = 'opt_out' AND ce.created_at >= m.sent_at)
    ORDER BY m.id DESC LIMIT 1`, [campaign.id]) as Array<{ conversationId: number }>;
  if (!latest) return;
  await publishAfterCommit(ds, async (em, events) => {
    const admins = await em.find(Agent, { where: { role: 'admin', active: true }, select: { id: true } });
    await notify(em, events, bus, admins.map((a) => ({ agentId: a.id, kind: 'campaign' as const, conversationId: Number(latest.conversationId) })), now);
  });
}
