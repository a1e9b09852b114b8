import { In, type EntityManager } from 'typeorm';
import type { Decision } from '../../rules/types';
import { Message } from '../db/entities';

/**
 * The decisions the bot replies among `messages` were sent by, by the id of the customer's text that holds each
 * (a reply names that text, `decidedById`, rather than storing a copy). A thread's page usually holds the text just
 * before its reply; the texts it does not hold are read in one query.
 */
export async function decisionsOfReplies(em: EntityManager, messages: Message[]): Promise<Map<number, Decision>> {
  const decisions = new Map<number, Decision>();
  for (const m of messages) if (m.direction === 'in' && m.decision) decisions.set(m.id, m.decision);
  const missing = [...new Set(messages.map((m) => m.decidedById).filter((id): id is number => typeof id === 'number' && !decisions.has(id)))];
  if (missing.length) {
    const rows = await em.find(Message, { select: { id: true, decision: true }, where: { id: In(missing) } });
    for (const row of rows) if (row.decision) decisions.set(row.id, row.decision);
  }
  return decisions;
}

/** The decision the text `m` names holds, for a bot reply that names one. */
export const decisionOf = (m: Message, decisions: Map<number, Decision>): Decision | undefined =>
  (m.decidedById ? decisions.get(m.decidedById) : undefined);
