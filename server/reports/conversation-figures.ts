import type { EntityManager } from 'typeorm';
import { Agent } from '../db/entities';
import { backlogNow } from './backlog';
import type { ConversationHeadline } from './conversation-headline';
import { episodeCohort, noCounts, type Response } from './episode-cohort';
import type { EpisodeCounts } from './episode-kinds';
import { inboundVolume } from './inbound-volume';
import { daysOf, type ReportRange } from './report-range';
import { localSeries } from './rollup-read';
import { TIME_PRECISION } from './time-histogram';
import { agentResolutionHistograms, histogramSpan, timeHistograms, type TimePrecision } from './time-rollup-read';
import { rate, timingOf, type Timing } from './timing';

/** One agent's own numbers: the first responses they gave, the episodes they resolved, and their open backlog now. */
export interface AgentFigures {
  agentId: number;
  name: string;
  firstResponse: Timing;
  resolved: number;
  resolution: Timing;
  openNow: number;
}

export interface DayFigures extends EpisodeCounts {
  date: string;
  inbound: number;
  firstResponseMedianSeconds: number | null;
  businessFirstResponseMedianSeconds: number | null;
}

/** A language's share of the headline (texts are not split by language, nor is the resolution time). */
export type LanguageFigures = { language: string } & Omit<ConversationHeadline, 'inbound' | 'resolutionMedianSeconds' | 'businessResolutionMedianSeconds' | 'precision'>;

/**
 * The conversations section of the dashboard for a range (definitions: episode-state.ts, episode-kinds.ts and
 * conversation-definitions.ts). `inbound` counts customer texts received in the range; every other count is over the
 * episodes that started in it. The overview's contract keys (`inbound`, `handoffs`, `botResolved`,
 * `botResolutionRate`, `firstResponseMedianSeconds`) are here as they are named there.
 */
export interface ConversationFigures extends EpisodeCounts {
  inbound: number;
  handoffsByReason: Record<string, number>;
  botResolutionRate: number | null;
  firstResponse: Timing;
  resolution: Timing;
  firstResponseMedianSeconds: number | null;
  backlog: { open: number; unassigned: number; oldestWaitingSeconds: number | null };
  perAgent: AgentFigures[];
  byDay: DayFigures[];
  byHour: Array<{ hour: number; inbound: number; episodes: number }>;
  byLanguage: LanguageFigures[];
  /**
   * How far the times may be from the exact values, relative. 0 up to a month (EXACT_TIMES_DAYS); over a longer range
   * the resolution times, in total and per agent, come from their month histograms (time-rollup-read.ts) and this is
   * TIME_PRECISION: reading a year's 41,000 resolutions was a third of the report at a million messages. The first
   * responses stay exact, read from the episodes along an index that holds every column they need (their per-day and
   * per-language medians have no histograms: per local day they would be read from hour rows, as many as the values).
   */
  precision: TimePrecision;
}

export interface FigureOptions {
  /** For the backlog's waiting time; the clock's now. */
  now?: Date;
  /** Only this agent's row in perAgent (an agent asking for their own numbers). */
  onlyAgentId?: number;
}

/** Values grouped by a key, in one pass. */
function groupBy<T, K>(values: readonly T[], key: (v: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const v of values) { const k = key(v); const g = groups.get(k); if (g) g.push(v); else groups.set(k, [v]); }
  return groups;
}

export async function conversationFigures(em: EntityManager, range: ReportRange, opts: FigureOptions = {}): Promise<ConversationFigures> {
  const now = opts.now ?? new Date();
  const agents = await em.find(Agent, { select: { id: true, name: true, active: true }, order: { id: 'ASC' } });
  // Inbound texts and episode starts per local day and hour come from the same roll-up rows: read once for both.
  const series = await localSeries(em, range, ['in', 'episode']);
  const span = histogramSpan(range);
  const [cohort, inbound, backlog, resolved] = await Promise.all([
    episodeCohort(em, range, series, { resolutions: !span }), inboundVolume(em, range, series), backlogNow(em, now, agents.map((a) => a.id)),
    span ? Promise.all([timeHistograms(em, span, ['resolution']), agentResolutionHistograms(em, span)]) : null,
  ]);
  // The resolution times from the values, or over a long range from the histograms: in total and per resolving agent.
  const byResolver = cohort.resolutions && groupBy(cohort.resolutions, (r) => r.agentId);
  const resolution = cohort.resolutions ? timingOf(cohort.resolutions) : resolved![0].timing('resolution', '');
  const resolutionOf = (agentId: number) => (byResolver ? timingOf(byResolver.get(agentId) ?? []) : resolved![1].timing('resolution', String(agentId)));
  const { total, byDay, byHourOfDay: episodesByHour } = cohort;
  const responsesByDay = groupBy(cohort.responses, (r) => r.date);
  const responsesByLanguage = groupBy(cohort.responses, (r) => r.language);
  const firstResponse = timingOf(cohort.responses);
  const perAgent = agentFigures(cohort.responses, resolutionOf, agents, backlog.byAgent).filter((a) => opts.onlyAgentId === undefined || a.agentId === opts.onlyAgentId);
  return {
    inbound: inbound.total,
    ...total,
    handoffsByReason: cohort.handoffsByReason,
    botResolutionRate: rate(total.botResolved, total.episodes),
    firstResponse,
    resolution,
    firstResponseMedianSeconds: firstResponse.medianSeconds,
    backlog: { open: backlog.open, unassigned: backlog.unassigned, oldestWaitingSeconds: backlog.oldestWaitingSeconds },
    perAgent,
    byDay: daysOf(range).map(({ date }) => {
      const t = timingOf(responsesByDay.get(date) ?? []);
      return { date, inbound: inbound.byDay.get(date) ?? 0, ...(byDay.get(date) ?? noCounts()), firstResponseMedianSeconds: t.medianSeconds, businessFirstResponseMedianSeconds: t.businessMedianSeconds };
    }),
    byHour: inbound.byHour.map((n, hour) => ({ hour, inbound: n, episodes: episodesByHour[hour]! })),
    byLanguage: [...cohort.byLanguage.keys()].sort().map((language) => {
      const counts = cohort.byLanguage.get(language)!;
      const t = timingOf(responsesByLanguage.get(language) ?? []);
      return {
        language, ...counts, botResolutionRate: rate(counts.botResolved, counts.episodes),
        firstResponseMedianSeconds: t.medianSeconds, businessFirstResponseMedianSeconds: t.businessMedianSeconds,
      };
    }),
    precision: span ? TIME_PRECISION : 0,
  };
}

/** Every active agent (zeros included, so nobody is missing from the table), and anyone else with a number in range. */
function agentFigures(responses: readonly Response[], resolutionOf: (agentId: number) => Timing, agents: Array<Pick<Agent, 'id' | 'name' | 'active'>>, open: Map<number, number>): AgentFigures[] {
  const answered = groupBy(responses, (r) => r.agentId);
  return agents.flatMap((agent) => {
    const theirs = { answered: answered.get(agent.id) ?? [], resolution: resolutionOf(agent.id), open: open.get(agent.id) ?? 0 };
    if (!agent.active && !theirs.answered.length && !theirs.resolution.count && !theirs.open) return [];
    return [{
      agentId: agent.id, name: agent.name, firstResponse: timingOf(theirs.answered),
      resolved: theirs.resolution.count, resolution: theirs.resolution, openNow: theirs.open,
    }];
  });
}
