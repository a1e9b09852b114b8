import type { DataSource, EntityManager } from 'typeorm';
import { SYSTEM_TEMPLATES, type BusinessCalendar } from '../../rules';
import type { Settings } from '../../rules/types';
import type { ConversationActivityKind } from '../activity/activity-contract';
import { ConversationEpisode, RulesetVersionRow } from '../db/entities';
import { conversationsIn } from '../db/repositories/conversations.repository';
import { inTransaction } from '../db/transaction';
import { calendarIn } from './episode-writes';
import { replayEpisodes, type EpisodeRow, type ThreadFact } from './episode-replay';
import { storedInstant } from './stored-values';
import { countedEpisode, episodeDeltas, type CountedEpisode } from './episode-rollups';
import { countRollups } from './rollup-store';

const BATCH = 200;
const INSERT_CHUNK = 100;

/**
 * Recomputes conversation_episodes from the rows themselves (episode-replay.ts replays them): for conversations from
 * before episodes were written, to repair, and for the demo's history (db/seed/demo-history.ts). Each conversation is
 * one transaction on its locked row, so Huixin may run meanwhile: a take-over, a reply or a resolve of that thread
 * waits for its rebuild, and the rows keep their ids (writeEpisodes), so a text racing it lands on the rebuilt row.
 *
 * Response and resolution times are counted on the business calendar in force at the moment, as the live writer
 * counts them: the ruleset version saved last before it (ruleset_versions; the first one, the configuration before the
 * first admin edit, for earlier moments; today's settings when no admin ever saved). What the rows no longer tell is
 * taken as it is now: the contact's language. Two contacts merged are rebuilt as one conversation from the start.
 */
export async function rebuildEpisodes(ds: DataSource, now: Date, onBatch?: (conversations: number, episodes: number) => void,
  only?: { conversationIds: number[] }): Promise<{ conversations: number; episodes: number }> {
  const calendarAt = await calendarHistory(ds.manager);
  let conversations = 0;
  let episodes = 0;
  const ids = only ? [...only.conversationIds].sort((a, b) => a - b) : null;
  for (let after = 0; ;) {
    const batch = ids ? ids.filter((id) => id > after).slice(0, BATCH)
      : (await ds.query(`SELECT id FROM conversations WHERE id > ? ORDER BY id LIMIT ${BATCH}`, [after]) as Array<{ id: number | string }>).map((r) => Number(r.id));
    for (const id of batch) {
      episodes += await inTransaction(ds, (em) => rebuildConversation(em, id, calendarAt, now));
      conversations++;
    }
    onBatch?.(conversations, episodes);
    if (batch.length < BATCH) return { conversations, episodes };
    after = batch[batch.length - 1]!;
  }
}

async function rebuildConversation(em: EntityManager, id: number, calendarAt: (at: Date) => BusinessCalendar, now: Date): Promise<number> {
  const conversation = await conversationsIn(em).lockById(id);
  const [contact] = await em.query('SELECT locale FROM contacts WHERE id = ?', [conversation.contactId]) as Array<{ locale: string }>;
  const facts = await factsOf(em, id);
  const rows = facts.some((f) => f.kind === 'text') ? replayEpisodes({
    conversationId: id, contactId: conversation.contactId, language: contact?.locale ?? 'zh-CN', facts, calendarAt,
    current: { status: conversation.status, handledBy: conversation.handledBy }, now,
  }) : [];
  await writeEpisodes(em, id, rows);
  return rows.length;
}

/**
 * The conversation's episode rows become `rows`, oldest first, keeping the ids it had in order: a drill-down's link
 * to an episode still opens it, a second rebuild changes nothing at all, and a text that read its open episode just
 * before writes to the same row after (on MariaDB its UPDATE waits for this transaction). Rows beyond the new count
 * are deleted, new ones inserted. Nothing is open while they are rewritten, as the unique open_for asks.
 */
async function writeEpisodes(em: EntityManager, conversationId: number, rows: EpisodeRow[]): Promise<void> {
  const before = await em.query(`SELECT id, started_at, language, handoff_at, handoff_reason, first_response_at, bot_resolved,
      first_response_seconds, first_response_business_seconds, resolved_by, resolved_agent_id, resolution_seconds, resolution_business_seconds
    FROM conversation_episodes WHERE conversation_id = ? ORDER BY id`, [conversationId]) as Array<Record<string, unknown>>;
  const had = before.map((r) => Number(r.id));
  // The episode counts (episode-rollups.ts) move with the rows, in this transaction: the old rows' counts out, the new ones' in.
  const counted = (r: Record<string, unknown>): CountedEpisode => ({
    startedAt: storedInstant(r.started_at), language: String(r.language), handoffAt: r.handoff_at == null ? null : storedInstant(r.handoff_at),
    handoffReason: (r.handoff_reason as string | null) ?? null, firstResponseAt: r.first_response_at == null ? null : storedInstant(r.first_response_at),
    botResolved: Number(r.bot_resolved) === 1 || r.bot_resolved === true,
    firstResponseSeconds: num(r.first_response_seconds), firstResponseBusinessSeconds: num(r.first_response_business_seconds),
    resolvedBy: (r.resolved_by as CountedEpisode['resolvedBy']) ?? null, resolvedAgentId: num(r.resolved_agent_id), resolutionSeconds: num(r.resolution_seconds),
    resolutionBusinessSeconds: num(r.resolution_business_seconds),
  });
  const num = (v: unknown) => (v == null ? null : Number(v));
  await countRollups(em, [...before.flatMap((r) => episodeDeltas(counted(r), -1)), ...rows.map((row) => episodeDeltas(countedEpisode(row), 1)).flat()]);
  if (had.length) await em.query('UPDATE conversation_episodes SET open_for = NULL WHERE conversation_id = ?', [conversationId]);
  for (const [i, row] of rows.entries()) if (i < had.length) await em.update(ConversationEpisode, { id: had[i]! }, row);
  if (had.length > rows.length) await em.delete(ConversationEpisode, had.slice(rows.length));
  const added = rows.slice(had.length);
  for (let i = 0; i < added.length; i += INSERT_CHUNK) {
    await em.createQueryBuilder().insert().into(ConversationEpisode).values(added.slice(i, i + INSERT_CHUNK)).updateEntity(false).execute();
  }
}

/** Texts in, agents' texts out and activity lines, in the order they happened (a text before what it caused at the same instant). */
async function factsOf(em: EntityManager, conversationId: number): Promise<ThreadFact[]> {
  const [messages, lines] = await Promise.all([
    em.query(`SELECT id, direction, agent_id AS agentId, template_key AS templateKey, channel_id AS channelId, created_at AS at FROM messages
      WHERE conversation_id = ? AND (direction = 'in' OR (origin = 'agent' AND agent_id IS NOT NULL)) ORDER BY created_at, id`, [conversationId]),
    em.query('SELECT id, kind, agent_id AS agentId, detail, at FROM conversation_activity WHERE conversation_id = ? ORDER BY at, id', [conversationId]),
  ]) as [Array<Record<string, unknown>>, Array<Record<string, unknown>>];
  const offers = new Set(lines.filter((l) => l.kind === 'slots_offered').map((l) => storedInstant(l.at).getTime()));
  const facts: Array<ThreadFact & { order: number; seq: number }> = [];
  for (const m of messages) {
    const at = storedInstant(m.at);
    if (m.direction === 'in') facts.push({ kind: 'text', at, channelId: m.channelId == null ? null : Number(m.channelId), order: 0, seq: Number(m.id) });
    else {
      // Visits' texts from the contact panel are system templates; agents may not send those as replies, only the bot's offer by a click.
      const template = m.templateKey == null ? null : String(m.templateKey);
      const claims = template === null || !Object.hasOwn(SYSTEM_TEMPLATES, template) || offers.has(at.getTime());
      facts.push({ kind: 'reply', at, agentId: Number(m.agentId), claims, order: 2, seq: Number(m.id) });
    }
  }
  for (const l of lines) {
    const detail = (typeof l.detail === 'string' ? JSON.parse(l.detail) : l.detail ?? {}) as Extract<ThreadFact, { kind: 'line' }>['detail'];
    facts.push({ kind: 'line', at: storedInstant(l.at), line: l.kind as ConversationActivityKind, agentId: l.agentId == null ? null : Number(l.agentId), detail: detail ?? {}, order: 1, seq: Number(l.id) });
  }
  return facts.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order || a.seq - b.seq);
}

/**
 * The business calendar in force at each moment, from the saved ruleset versions (each the whole configuration after a
 * save; the first, the one before the first edit). Read once for the whole rebuild.
 */
async function calendarHistory(em: EntityManager): Promise<(at: Date) => BusinessCalendar> {
  const versions = (await em.find(RulesetVersionRow, { select: { id: true, createdAt: true, snapshot: true }, order: { id: 'ASC' } }))
    .map((v) => ({ from: v.createdAt.getTime(), calendar: calendarOf(v.snapshot.settings) }));
  const today = await calendarIn(em);
  if (versions.length === 0) return () => today;
  return (at) => {
    let inForce = versions[0]!.calendar;
    for (const v of versions) if (v.from <= at.getTime()) inForce = v.calendar;
    return inForce;
  };
}

const calendarOf = ({ timezone, businessHours, closedDates, makeUpWorkdays }: Settings): BusinessCalendar => ({ timezone, businessHours, closedDates, makeUpWorkdays });
