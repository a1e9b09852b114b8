import { z } from 'zod';
import { In, type EntityManager } from 'typeorm';
import { localTime } from '../../rules';
import { Agent, Contact, type ConversationEpisode } from '../db/entities';
import { boundedText, idText, limitText, oneOf, oneText } from '../http/query-schemas';
import { maskPhones } from '../shared/logger';
import { EPISODE_KINDS, KIND_SQL, STARTED_IN_RANGE, type EpisodeKind } from './episode-kinds';
import type { ReportRange } from './report-range';
import { instantOf, numberOf, reportQuery } from './report-sql';

export const episodeListSchema = z.object({
  from: oneText, to: oneText,
  kind: oneOf(EPISODE_KINDS).default('all'),
  reason: boundedText(32).optional(),
  language: boundedText(10).optional(),
  agentId: idText.optional(),
  hour: oneText.regex(/^([01]?\d|2[0-3])$/, 'must be an hour of day, 0 to 23').transform(Number).optional(),
  cursor: idText.optional(),
  limit: limitText(200, 50),
  format: oneOf(['json', 'csv'] as const).default('json'),
});
export type EpisodeListQuery = z.infer<typeof episodeListSchema>;

/** Where an episode stands now, for the list: with the bot, waiting for a person, answered, or how it ended. */
export type EpisodeState = 'bot' | 'waiting' | 'answered' | 'bot_resolved' | 'resolved' | 'closed_unanswered';

export interface EpisodeView {
  id: number;
  conversationId: number;
  contact: { id: number; name: string | null; phone: string };
  channelId: number | null;
  language: string;
  state: EpisodeState;
  startedAt: string;
  inboundCount: number;
  handoffAt: string | null;
  handoffReason: string | null;
  firstResponseAt: string | null;
  firstResponseAgent: { id: number; name: string } | null;
  firstResponseSeconds: number | null;
  firstResponseBusinessSeconds: number | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolvedAgent: { id: number; name: string } | null;
  resolutionSeconds: number | null;
  resolutionBusinessSeconds: number | null;
  botResolved: boolean;
}

type Row = Omit<ConversationEpisode, 'lastInboundAt'>;

const COLUMNS = `e.id, e.conversation_id, e.contact_id, e.channel_id, e.language, e.started_at, e.inbound_count, e.open_for, e.handoff_at,
  e.handoff_reason, e.first_response_at, e.first_response_agent_id, e.first_response_seconds, e.first_response_business_seconds, e.resolved_at,
  e.resolved_by, e.resolved_agent_id, e.resolution_seconds, e.resolution_business_seconds, e.bot_resolved`;

const intOrNull = (v: unknown) => (v === null || v === undefined ? null : numberOf(v));

function rowOf(r: Record<string, unknown>): Row {
  return {
    id: numberOf(r.id), conversationId: numberOf(r.conversation_id), contactId: numberOf(r.contact_id), channelId: intOrNull(r.channel_id),
    language: String(r.language), startedAt: instantOf(r.started_at as string)!, inboundCount: numberOf(r.inbound_count),
    openFor: intOrNull(r.open_for), handoffAt: instantOf(r.handoff_at as string | null), handoffReason: (r.handoff_reason as string | null) ?? null,
    firstResponseAt: instantOf(r.first_response_at as string | null), firstResponseAgentId: intOrNull(r.first_response_agent_id),
    firstResponseSeconds: intOrNull(r.first_response_seconds), firstResponseBusinessSeconds: intOrNull(r.first_response_business_seconds),
    resolvedAt: instantOf(r.resolved_at as string | null), resolvedBy: (r.resolved_by as Row['resolvedBy']) ?? null, resolvedAgentId: intOrNull(r.resolved_agent_id),
    resolutionSeconds: intOrNull(r.resolution_seconds), resolutionBusinessSeconds: intOrNull(r.resolution_business_seconds), botResolved: Boolean(numberOf(r.bot_resolved)),
  };
}

function stateOf(e: Row): EpisodeState {
  if (e.botResolved) return 'bot_resolved';
  const unanswered = e.handoffAt !== null && e.firstResponseAt === null;
  if (e.resolvedAt) return unanswered ? 'closed_unanswered' : 'resolved';
  return unanswered ? 'waiting' : e.firstResponseAt ? 'answered' : 'bot';
}

export interface EpisodeFilter { range: Pick<ReportRange, 'start' | 'end' | 'timezone'>; kind: EpisodeKind; reason?: string; language?: string; agentId?: number; hour?: number }

/**
 * One page of the episodes behind a figure, newest first: those that started in the range and match the filter
 * (`agentId`: episodes that agent answered first or resolved). `hour` (local hour of the start) is checked here rather
 * than in SQL, since the local hour depends on the zone; pages are read until the page is full.
 */
export async function listEpisodes(em: EntityManager, filter: EpisodeFilter, page: { cursor?: number; limit: number }): Promise<{ items: EpisodeView[]; nextCursor: string | null }> {
  const rows: Row[] = [];
  let before = page.cursor ?? null;
  let exhausted = false;
  while (rows.length < page.limit && !exhausted) {
    const asked = filter.hour === undefined ? page.limit - rows.length : 500;
    const batch = await episodeRows(em, filter, before, asked);
    exhausted = batch.length < asked;
    if (batch.length) before = batch[batch.length - 1]!.id;
    for (const row of batch) {
      if (rows.length === page.limit) break;
      if (filter.hour === undefined || localTime(row.startedAt, filter.range.timezone).hour === filter.hour) rows.push(row);
    }
  }
  const items = await viewsOf(em, rows);
  const last = rows.at(-1);
  return { items, nextCursor: rows.length === page.limit && last ? String(last.id) : null };
}

/** Every matching episode, newest first, a page at a time: for the CSV export. */
export async function* allEpisodes(em: EntityManager, filter: EpisodeFilter): AsyncGenerator<EpisodeView[]> {
  for (let cursor: number | undefined; ;) {
    const { items, nextCursor } = await listEpisodes(em, filter, { cursor, limit: 200 });
    if (items.length) yield items;
    if (!nextCursor) return;
    cursor = Number(nextCursor);
  }
}

async function episodeRows(em: EntityManager, f: EpisodeFilter, before: number | null, limit: number): Promise<Row[]> {
  const where = [STARTED_IN_RANGE, KIND_SQL[f.kind]];
  if (f.reason !== undefined) where.push('e.handoff_reason = :reason');
  if (f.language !== undefined) where.push('e.language = :language');
  if (f.agentId !== undefined) where.push('(e.first_response_agent_id = :agentId OR e.resolved_agent_id = :agentId)');
  if (before !== null) where.push('e.id < :before');
  const rows = await reportQuery<Record<string, unknown>>(em, `SELECT ${COLUMNS} FROM conversation_episodes e WHERE ${where.join(' AND ')}
    ORDER BY e.id DESC LIMIT ${Math.floor(limit)}`, { start: f.range.start, end: f.range.end, reason: f.reason, language: f.language, agentId: f.agentId, before });
  return rows.map(rowOf);
}

/** Contacts' numbers masked as the logs mask them (138****8000): a report is read by more people than a thread. */
async function viewsOf(em: EntityManager, rows: Row[]): Promise<EpisodeView[]> {
  if (!rows.length) return [];
  const contactIds = [...new Set(rows.map((r) => r.contactId))];
  const agentIds = [...new Set(rows.flatMap((r) => [r.firstResponseAgentId, r.resolvedAgentId]).filter((id): id is number => id !== null))];
  const [contacts, agents] = await Promise.all([
    em.find(Contact, { select: { id: true, name: true, phone: true }, where: { id: In(contactIds) } }),
    agentIds.length ? em.find(Agent, { select: { id: true, name: true }, where: { id: In(agentIds) } }) : Promise.resolve([]),
  ]);
  const contact = new Map(contacts.map((c) => [c.id, c]));
  const agent = (id: number | null) => { const a = id === null ? undefined : agents.find((x) => x.id === id); return a ? { id: a.id, name: a.name } : null; };
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map((r) => {
    const c = contact.get(r.contactId);
    return {
      id: r.id, conversationId: r.conversationId, contact: { id: r.contactId, name: c?.name ?? null, phone: c ? maskPhones(c.phone) : '' },
      channelId: r.channelId, language: r.language, state: stateOf(r), startedAt: r.startedAt.toISOString(), inboundCount: r.inboundCount,
      handoffAt: iso(r.handoffAt), handoffReason: r.handoffReason, firstResponseAt: iso(r.firstResponseAt), firstResponseAgent: agent(r.firstResponseAgentId),
      firstResponseSeconds: r.firstResponseSeconds, firstResponseBusinessSeconds: r.firstResponseBusinessSeconds,
      resolvedAt: iso(r.resolvedAt), resolvedBy: r.resolvedBy, resolvedAgent: agent(r.resolvedAgentId),
      resolutionSeconds: r.resolutionSeconds, resolutionBusinessSeconds: r.resolutionBusinessSeconds, botResolved: r.botResolved,
    };
  });
}
