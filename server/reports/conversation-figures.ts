import type { EntityManager } from 'typeorm';
import { Agent } from '../db/entities';
import { backlogNow } from './backlog';
import type { ConversationHeadline } from './conversation-headline';
import { episodeCohort, noCounts, type Measured, type Response } from './episode-cohort';
import type { EpisodeCounts } from './episode-kinds';
import { inboundVolume } from './inbound-volume';
import { daysOf, type ReportRange } from './report-range';
import { localSeries, type HourSpan } from './rollup-read';
import { dailyTimeHistograms, histogramLocalSpan, timeHistograms, type TimePrecision } from './time-rollup-read';
import { TIME_PRECISION } from './time-histogram';
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
  /** How far the times may be from the exact values, relative: 0 (exact, from every episode) or 0.04 (time-rollup-read.ts). */
  precision: TimePrecision;
}

export interface FigureOptions {
  /** For the backlog's waiting time; the clock's now. */
  now?: Date;
  /** Only this agent's row in perAgent (an agent asking for their own numbers). */
  onlyAgentId?: number;
  /** The times from every episode's values whatever the range's length (to check the histograms against). */
  exactTimes?: boolean;
}

const pairs = (values: readonly Measured[]) => values.map((v) => [v.seconds, v.businessSeconds] as const);
/** Values grouped by a key, in one pass. */
function groupBy<T, K>(values: readonly T[], key: (v: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const v of values) { const k = key(v); const g = groups.get(k); if (g) g.push(v); else groups.set(k, [v]); }
  return groups;
}

/** The times the figures show, by slice: from the episodes' values, or from the roll-ups' histograms for a long range. */
interface Times {
  precision: TimePrecision;
  firstResponse: Timing;
  resolution: Timing;
  day(date: string): Timing;
  language(language: string): Timing;
  agent(agentId: number): { firstResponse: Timing; resolution: Timing };
}

function exactTimes(responses: readonly Response[], resolutions: readonly Measured[]): Times {
  const byDay = groupBy(responses, (r) => r.date);
  const byLanguage = groupBy(responses, (r) => r.language);
  const answered = groupBy(responses, (r) => r.agentId);
  const resolved = groupBy(resolutions, (r) => r.agentId);
  return {
    precision: 0, firstResponse: timingOf(pairs(responses)), resolution: timingOf(pairs(resolutions)),
    day: (date) => timingOf(pairs(byDay.get(date) ?? [])),
    language: (language) => timingOf(pairs(byLanguage.get(language) ?? [])),
    agent: (id) => ({ firstResponse: timingOf(pairs(answered.get(id) ?? [])), resolution: timingOf(pairs(resolved.get(id) ?? [])) }),
  };
}

async function histogramTimes(em: EntityManager, range: ReportRange, span: HourSpan): Promise<Times> {
  const [all, languages, agents, days] = await Promise.all([
    timeHistograms(em, span, 'all'), timeHistograms(em, span, 'language'), timeHistograms(em, span, 'agent'), dailyTimeHistograms(em, span, range.timezone),
  ]);
  return {
    precision: TIME_PRECISION, firstResponse: all.timing('first_resp', ''), resolution: all.timing('resolution', ''),
    day: (date) => days.timing('first_resp', date),
    language: (language) => languages.timing('first_resp', language),
    agent: (id) => ({ firstResponse: agents.timing('first_resp', String(id)), resolution: agents.timing('resolution', String(id)) }),
  };
}

export async function conversationFigures(em: EntityManager, range: ReportRange, opts: FigureOptions = {}): Promise<ConversationFigures> {
  const now = opts.now ?? new Date();
  const agents = await em.find(Agent, { select: { id: true, name: true, active: true }, order: { id: 'ASC' } });
  const span = opts.exactTimes ? null : histogramLocalSpan(range);
  // Inbound texts and episode starts per local day and hour come from the same roll-up rows: read once for both.
  const series = await localSeries(em, range, ['in', 'episode']);
  const [cohort, inbound, backlog, histograms] = await Promise.all([
    episodeCohort(em, range, series, { values: !span }), inboundVolume(em, range, series), backlogNow(em, now, agents.map((a) => a.id)),
    span ? histogramTimes(em, range, span) : null,
  ]);
  const times = histograms ?? exactTimes(cohort.responses, cohort.resolutions);
  const { total, byDay, byHourOfDay: episodesByHour } = cohort;
  const perAgent = agentFigures(times, agents, backlog.byAgent).filter((a) => opts.onlyAgentId === undefined || a.agentId === opts.onlyAgentId);
  return {
    inbound: inbound.total,
    ...total,
    handoffsByReason: cohort.handoffsByReason,
    botResolutionRate: rate(total.botResolved, total.episodes),
    firstResponse: times.firstResponse,
    resolution: times.resolution,
    firstResponseMedianSeconds: times.firstResponse.medianSeconds,
    backlog: { open: backlog.open, unassigned: backlog.unassigned, oldestWaitingSeconds: backlog.oldestWaitingSeconds },
    perAgent,
    byDay: daysOf(range).map(({ date }) => {
      const t = times.day(date);
      return { date, inbound: inbound.byDay.get(date) ?? 0, ...(byDay.get(date) ?? noCounts()), firstResponseMedianSeconds: t.medianSeconds, businessFirstResponseMedianSeconds: t.businessMedianSeconds };
    }),
    byHour: inbound.byHour.map((n, hour) => ({ hour, inbound: n, episodes: episodesByHour[hour]! })),
    byLanguage: [...cohort.byLanguage.keys()].sort().map((language) => {
      const counts = cohort.byLanguage.get(language)!;
      const t = times.language(language);
      return {
        language, ...counts, botResolutionRate: rate(counts.botResolved, counts.episodes),
        firstResponseMedianSeconds: t.medianSeconds, businessFirstResponseMedianSeconds: t.businessMedianSeconds,
      };
    }),
    precision: times.precision,
  };
}

/** Every active agent (zeros included, so nobody is missing from the table), and anyone else with a number in range. */
function agentFigures(times: Times, agents: Array<Pick<Agent, 'id' | 'name' | 'active'>>, open: Map<number, number>): AgentFigures[] {
  return agents.flatMap((agent) => {
    const theirs = { ...times.agent(agent.id), open: open.get(agent.id) ?? 0 };
    if (!agent.active && !theirs.firstResponse.count && !theirs.resolution.count && !theirs.open) return [];
    return [{
      agentId: agent.id, name: agent.name, firstResponse: theirs.firstResponse,
      resolved: theirs.resolution.count, resolution: theirs.resolution, openNow: theirs.open,
    }];
  });
}
