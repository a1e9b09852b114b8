import type { EntityManager } from 'typeorm';
import { WAITING_FOR_PERSON } from '../conversations/conversation-state';
import { instantOf, numberOf, reportQuery } from './report-sql';

/**
 * The team's backlog now, whatever the range: `open` conversations a person handles that are not resolved or snoozed
 * (the inbox's "needs a person"), `unassigned` those nobody has yet, and how long the customer who has waited longest
 * for an answer has waited (null: nobody waits). `byAgent` is each assignee's open count.
 */
export interface Backlog { open: number; unassigned: number; oldestWaitingSeconds: number | null; byAgent: Map<number, number> }

/**
 * The inbox's own condition, read as SQL (conversation-state.ts), so the backlog is exactly what the inbox shows. Two
 * statements, each on the index that fits it: grouping all conversations by assignee let MariaDB walk the assignee
 * index over every conversation ever (half a second at 140,000), so the agents' counts look up the agents named.
 */
export async function backlogNow(em: EntityManager, now: Date, agentIds: readonly number[]): Promise<Backlog> {
  const [[totals], perAgent] = await Promise.all([
    reportQuery<{ n: unknown; unassigned: unknown; oldest: string | Date | null }>(em, `SELECT COUNT(*) AS n,
      SUM(CASE WHEN c.assignee_id IS NULL THEN 1 ELSE 0 END) AS unassigned, MIN(c.waiting_since) AS oldest FROM conversations c
      WHERE ${WAITING_FOR_PERSON.sql('c')}`, {}),
    agentIds.length ? reportQuery<{ agent: unknown; n: unknown }>(em, `SELECT c.assignee_id AS agent, COUNT(*) AS n FROM conversations c
      WHERE c.assignee_id IN (:...agentIds) AND ${WAITING_FOR_PERSON.sql('c')} GROUP BY c.assignee_id`, { agentIds: [...agentIds] }) : Promise.resolve([]),
  ]);
  const oldest = instantOf(totals?.oldest);
  return {
    open: numberOf(totals?.n), unassigned: numberOf(totals?.unassigned),
    oldestWaitingSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : null,
    byAgent: new Map(perAgent.map((r) => [numberOf(r.agent), numberOf(r.n)])),
  };
}
