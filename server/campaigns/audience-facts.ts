import type { EntityManager } from 'typeorm';
import type { EngagementTier } from './campaign-contract';
import type { CampaignPolicy } from './campaign-policy';
import { tierFrom, tierParams } from './engagement-tier';

const DAY = 86_400_000;

/** What the checks read about one contact of a page beyond its own row: its tier, its recent marketing, a visit soon. */
export interface ContactFacts { tier: EngagementTier; recentMarketing: number; visitSoon: boolean }

/** One contact of a page as the grouped queries look it up: its id and its one conversation, if any. */
export interface PageContact { contactId: number; conversationId: number | null }

type Flag = number | string | null;

/**
 * The facts of a whole page of the audience in three grouped queries (its threads' messages, its appointments, its
 * opt-outs) rather than nine correlated subqueries per contact: each thread's messages are read once, not once for
 * the complaint, twice for the tier's texts and again for the cap. Each flag is worked out in SQL, against the
 * caller's clock, so the dialects' ways of returning instants never meet JavaScript; the tier is then engagement-tier's
 * `tierFrom`, the same order as TIER_SQL (which filters segments by tier).
 */
export async function audienceFacts(em: EntityManager, page: PageContact[], now: Date, policy: CampaignPolicy): Promise<Map<number, ContactFacts>> {
  const contactIds = page.map((p) => p.contactId);
  const conversationIds = page.flatMap((p) => (p.conversationId === null ? [] : [p.conversationId]));
  const params = {
    ...tierParams(now, policy), now, contactIds, conversationIds,
    visitUntil: new Date(now.getTime() + policy.skipVisitWithinHours * 3_600_000), capSince: new Date(now.getTime() - 30 * DAY),
  };
  const raw = <T>(sql: string) => {
    const [query, values] = em.connection.driver.escapeQueryWithParameters(sql, params);
    return em.query(query, values) as Promise<T[]>;
  };
  const [threads, visits, optOuts] = await Promise.all([
    conversationIds.length ? raw<{ id: number; complaint: Flag; textedActive: Flag; textedDormant: Flag; recentMarketing: Flag }>(`
      SELECT m.conversation_id AS id,
        MAX(CASE WHEN m.direction = 'in' AND m.created_at >= :tierComplainedSince AND m.decision LIKE '%"complaint"%' THEN 1 ELSE 0 END) AS complaint,
        MAX(CASE WHEN m.direction = 'in' AND m.created_at >= :tierActiveSince THEN 1 ELSE 0 END) AS textedActive,
        MAX(CASE WHEN m.direction = 'in' AND m.created_at >= :tierDormantSince THEN 1 ELSE 0 END) AS textedDormant,
        SUM(CASE WHEN qc.category = 'marketing' AND m.created_at >= :capSince AND m.status <> 'refused' THEN 1 ELSE 0 END) AS recentMarketing
      FROM messages m LEFT JOIN campaigns qc ON qc.id = m.campaign_id
      WHERE m.conversation_id IN (:...conversationIds) GROUP BY m.conversation_id`) : [],
    raw<{ id: number; visitedActive: Flag; visitedDormant: Flag; visitSoon: Flag }>(`
      SELECT a.contact_id AS id,
        MAX(CASE WHEN a.status = 'completed' AND a.starts_at >= :tierActiveSince AND a.starts_at <= :now THEN 1 ELSE 0 END) AS visitedActive,
        MAX(CASE WHEN a.status = 'completed' AND a.starts_at >= :tierDormantSince AND a.starts_at <= :now THEN 1 ELSE 0 END) AS visitedDormant,
        MAX(CASE WHEN a.status IN ('booked', 'confirmed') AND a.starts_at >= :now AND a.starts_at < :visitUntil THEN 1 ELSE 0 END) AS visitSoon
      FROM appointments a WHERE a.contact_id IN (:...contactIds) GROUP BY a.contact_id`),
    raw<{ id: number }>(`SELECT DISTINCT ce.contact_id AS id FROM consent_events ce
      WHERE ce.contact_id IN (:...contactIds) AND ce.kind = 'opt_out' AND ce.created_at >= :tierComplainedSince`),
  ]);
  const byThread = new Map(threads.map((t) => [Number(t.id), t]));
  const byContact = new Map(visits.map((v) => [Number(v.id), v]));
  const optedOut = new Set(optOuts.map((o) => Number(o.id)));
  const on = (flag: Flag | undefined) => Number(flag ?? 0) > 0;
  const facts = new Map<number, ContactFacts>();
  for (const p of page) {
    const thread = p.conversationId === null ? undefined : byThread.get(p.conversationId);
    const visit = byContact.get(p.contactId);
    facts.set(p.contactId, {
      tier: tierFrom({
        complained: optedOut.has(p.contactId) || on(thread?.complaint),
        active: on(thread?.textedActive) || on(visit?.visitedActive),
        dormant: !on(thread?.textedDormant) && !on(visit?.visitedDormant),
      }),
      recentMarketing: Number(thread?.recentMarketing ?? 0),
      visitSoon: policy.skipVisitWithinHours > 0 && on(visit?.visitSoon),
    });
  }
  return facts;
}
