import type { EntityManager } from 'typeorm';
import { isMysql } from '../db/data-source';
import type { ConversationEpisode } from '../db/entities';
import { hourOf, type RollupDelta } from './rollup-keys';
import { countRollups, writeRollups } from './rollup-store';
import { timeBucket } from './time-histogram';
import { instantParam, storedInstant } from './stored-values';
import { hourSql } from './raw-rows';

/**
 * Conversation episodes counted in `report_rollups` (kind `episode`), so a year's conversation figures read a few
 * hundred rows instead of every episode: each episode counts in the UTC hour it started, as the figures count it on
 * the day it started. States are the populations of episode-kinds.ts that are counts — `started` (every episode),
 * `handoff`, `bot` (bot-resolved), `unanswered` — each on dimension `all` (value '') and `language`; hand-offs also on
 * `reason`. The measured times are kept as histograms (time-histogram.ts): kind `first_resp` (by the episode's
 * first response) and `resolution` (by a person's resolution, episode-kinds.ts `answered` and `resolved`), state
 * `c:<bucket>` for calendar and `b:<bucket>` for business seconds, on dimension `time` (value '') — so a long range's
 * medians are read from counts (time-rollup-read.ts) —, and resolutions also on `agent` (value: the resolving agent's
 * id), for the per-agent table. Both dimensions are also kept per month (rollup-keys.ts MONTHLY_DIMS): a year reads 12
 * rows per bucket. Not per language: the first responses, per language and per day, are read from the episodes.
 *
 * Kept in the transaction of every change of an episode (episode-writes.ts, quiet-episodes.ts) as "add the new,
 * subtract the old", through the same gathered upsert as the message counts (rollup-store.ts); rebuilt from the
 * episodes by `npm run reports:rebuild` (rollup-rebuild.ts).
 */

/** The fields of an episode its counts depend on (a snapshot: take it before changing the row). */
export type CountedEpisode = Pick<ConversationEpisode, 'startedAt' | 'language' | 'handoffAt' | 'handoffReason' | 'firstResponseAt' | 'botResolved'>
  & Partial<Pick<ConversationEpisode, TimeField>>;
/** The fields of the measured times; optional so that callers counting only episodes (tests, old snapshots) need not name them. */
type TimeField = 'firstResponseSeconds' | 'firstResponseBusinessSeconds' | 'resolvedBy' | 'resolvedAgentId' | 'resolutionSeconds' | 'resolutionBusinessSeconds';

export type EpisodeState = 'started' | 'handoff' | 'bot' | 'unanswered';

/** A hand-off without a stored reason is counted as the figures show it. */
export const reasonOf = (reason: string | null | undefined) => (reason ?? 'unknown').slice(0, 80);

/** The states one episode counts in (episode-kinds.ts: handoff, bot_resolved, unanswered). */
export function episodeStates(ep: Pick<CountedEpisode, 'handoffAt' | 'firstResponseAt' | 'botResolved'>): EpisodeState[] {
  const states: EpisodeState[] = ['started'];
  if (ep.handoffAt) states.push('handoff');
  if (ep.botResolved) states.push('bot');
  if (ep.handoffAt && !ep.firstResponseAt) states.push('unanswered');
  return states;
}

/** The counts one episode adds (sign +1) or takes away (−1) as it stands. */
export function episodeDeltas(ep: CountedEpisode, sign: 1 | -1): RollupDelta[] {
  const base = { hour: hourOf(ep.startedAt), channelId: 0, kind: 'episode' as const, n: sign, segments: 0 };
  const rows = episodeStates(ep).flatMap((state): RollupDelta[] => [
    { ...base, dim: 'all', value: '', state }, { ...base, dim: 'language', value: String(ep.language).slice(0, 80), state },
  ]);
  if (ep.handoffAt) rows.push({ ...base, dim: 'reason', value: reasonOf(ep.handoffReason), state: 'handoff' });
  return [...rows, ...timeDeltas(ep, sign)];
}

/** The episode's measured times in their buckets (the populations of episode-kinds.ts KIND_SQL answered and resolved). */
export function timeDeltas(ep: CountedEpisode, sign: 1 | -1): RollupDelta[] {
  const base = { hour: hourOf(ep.startedAt), channelId: 0, n: sign, segments: 0 };
  const measured = (kind: 'first_resp' | 'resolution', seconds: number, business: number, dim: 'time' | 'agent' = 'time', value = ''): RollupDelta[] =>
    ([['c', seconds], ['b', business]] as const).map(([clock, v]) => ({ ...base, kind, state: `${clock}:${timeBucket(v)}`, dim, value }));
  const rows: RollupDelta[] = [];
  if (ep.firstResponseAt && ep.firstResponseSeconds != null) rows.push(...measured('first_resp', ep.firstResponseSeconds, ep.firstResponseBusinessSeconds ?? 0));
  if (ep.resolvedBy === 'agent' && !ep.botResolved && ep.resolutionSeconds != null) {
    rows.push(...measured('resolution', ep.resolutionSeconds, ep.resolutionBusinessSeconds ?? 0));
    // Per agent too: the report's per-agent resolution times over a long range (conversation-figures.ts).
    if (ep.resolvedAgentId != null) rows.push(...measured('resolution', ep.resolutionSeconds, ep.resolutionBusinessSeconds ?? 0, 'agent', String(ep.resolvedAgentId)));
  }
  return rows;
}

/** The counted fields of an episode, copied (so the row can change after). */
export const countedEpisode = (ep: CountedEpisode): CountedEpisode => ({
  startedAt: ep.startedAt, language: ep.language, handoffAt: ep.handoffAt ?? null, handoffReason: ep.handoffReason ?? null,
  firstResponseAt: ep.firstResponseAt ?? null, botResolved: Boolean(ep.botResolved),
  firstResponseSeconds: ep.firstResponseSeconds ?? null, firstResponseBusinessSeconds: ep.firstResponseBusinessSeconds ?? null,
  resolvedBy: ep.resolvedBy ?? null, resolvedAgentId: ep.resolvedAgentId ?? null, resolutionSeconds: ep.resolutionSeconds ?? null, resolutionBusinessSeconds: ep.resolutionBusinessSeconds ?? null,
});

/** Counts an episode's change from `before` to `after` (null: not there) with the caller's write on `em`. */
export async function countEpisodeChange(em: EntityManager, before: CountedEpisode | null, after: CountedEpisode | null): Promise<void> {
  await countRollups(em, [...(after ? episodeDeltas(countedEpisode(after), 1) : []), ...(before ? episodeDeltas(countedEpisode(before), -1) : [])]);
}

/**
 * The counts of the episodes that started in [start, end), from the rows (the rebuild's part, rollup-rebuild.ts):
 * grouped by everything a count is keyed by, then expanded as the live writers would have counted each episode.
 */
export async function rebuiltEpisodeDeltas(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  const hour = hourSql(em, 'e.started_at');
  const handoff = 'CASE WHEN e.handoff_at IS NULL THEN 0 ELSE 1 END';
  const answered = 'CASE WHEN e.first_response_at IS NULL THEN 0 ELSE 1 END';
  const bot = 'CASE WHEN e.bot_resolved = 1 THEN 1 ELSE 0 END';
  // As the day's messages (rollup-rebuild.ts): an episode changing meanwhile waits for the day to be rebuilt.
  if (isMysql(em.connection)) await em.query('SELECT id FROM conversation_episodes WHERE started_at >= ? AND started_at < ? LOCK IN SHARE MODE', [start, end]);
  const rows = await em.query(`SELECT ${hour} AS hour, e.language AS language, e.handoff_reason AS reason, ${handoff} AS handoff, ${answered} AS answered,
      ${bot} AS bot, COUNT(*) AS n FROM conversation_episodes e WHERE e.started_at >= ? AND e.started_at < ?
    GROUP BY ${hour}, e.language, e.handoff_reason, ${handoff}, ${answered}, ${bot}`,
  [instantParam(em, start), instantParam(em, end)]) as Array<Record<string, unknown>>;
  return rows.flatMap((r) => {
    const n = Number(r.n);
    const at = new Date(Number(r.hour) * 3_600_000);
    const ep: CountedEpisode = {
      startedAt: at, language: String(r.language), handoffAt: Number(r.handoff) ? at : null, handoffReason: (r.reason as string | null) ?? null,
      firstResponseAt: Number(r.answered) ? at : null, botResolved: Number(r.bot) === 1,
    };
    return episodeDeltas(ep, 1).map((d) => ({ ...d, n: d.n * n }));
  }).concat(await rebuiltTimeDeltas(em, start, end));
}

/** The columns of an episode's measured times, as timeDeltasOfRow reads them (the rebuild's and the migration's query). */
export const TIME_COLUMNS = `e.started_at AS startedAt, e.first_response_at AS firstResponseAt, e.first_response_seconds AS firstResponseSeconds,
  e.first_response_business_seconds AS firstResponseBusinessSeconds, e.resolved_by AS resolvedBy, e.resolved_agent_id AS resolvedAgentId,
  e.bot_resolved AS botResolved, e.resolution_seconds AS resolutionSeconds, e.resolution_business_seconds AS resolutionBusinessSeconds`;
/** Episodes with a measured time. */
export const MEASURED_SQL = '(e.first_response_at IS NOT NULL OR e.resolution_seconds IS NOT NULL)';

/** The time histogram counts of one raw row of TIME_COLUMNS. */
export function timeDeltasOfRow(r: Record<string, unknown>): RollupDelta[] {
  const num = (v: unknown) => (v == null ? null : Number(v));
  return timeDeltas({
    startedAt: storedInstant(r.startedAt), language: '', handoffAt: null, handoffReason: null,
    firstResponseAt: r.firstResponseAt == null ? null : storedInstant(r.firstResponseAt), botResolved: Number(r.botResolved) === 1 || r.botResolved === true,
    firstResponseSeconds: num(r.firstResponseSeconds), firstResponseBusinessSeconds: num(r.firstResponseBusinessSeconds),
    resolvedBy: (r.resolvedBy as CountedEpisode['resolvedBy']) ?? null, resolvedAgentId: num(r.resolvedAgentId), resolutionSeconds: num(r.resolutionSeconds),
    resolutionBusinessSeconds: num(r.resolutionBusinessSeconds),
  }, 1);
}

/**
 * Every time histogram row written again from all the episodes, a page at a time: the migration that gave them
 * dimensions of their own (1764900012000) and month rows.
 */
export async function rewriteTimeHistograms(query: (sql: string, params: unknown[]) => Promise<unknown>, mysql: boolean): Promise<void> {
  await query("DELETE FROM report_rollups WHERE kind IN ('first_resp', 'resolution')", []);
  for (let after = 0; ;) {
    const rows = await query(`SELECT e.id AS id, ${TIME_COLUMNS} FROM conversation_episodes e WHERE e.id > ? AND ${MEASURED_SQL}
      ORDER BY e.id LIMIT 5000`, [after]) as Array<Record<string, unknown>>;
    if (!rows.length) return;
    after = Number(rows[rows.length - 1]!.id);
    await writeRollups(query, mysql, rows.flatMap(timeDeltasOfRow));
  }
}

/** The measured times of the episodes that started in [start, end), one row each (a day is a few hundred). */
async function rebuiltTimeDeltas(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  const rows = await em.query(`SELECT ${TIME_COLUMNS} FROM conversation_episodes e WHERE e.started_at >= ? AND e.started_at < ? AND ${MEASURED_SQL}`,
    [instantParam(em, start), instantParam(em, end)]) as Array<Record<string, unknown>>;
  return rows.flatMap(timeDeltasOfRow);
}
