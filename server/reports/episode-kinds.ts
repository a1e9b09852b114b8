/**
 * The populations the conversation figures count, each written once as a condition on conversation_episodes `e`
 * (episode-state.ts says why each is what it is). Figures count them, drill-downs list them.
 */
export const EPISODE_KINDS = ['all', 'handoff', 'bot_resolved', 'unanswered', 'answered', 'resolved', 'open'] as const;
export type EpisodeKind = (typeof EPISODE_KINDS)[number];

export const KIND_SQL: Record<EpisodeKind, string> = {
  all: '1 = 1',
  handoff: 'e.handoff_at IS NOT NULL',
  bot_resolved: 'e.bot_resolved = 1',
  // Handed to a person who has not answered (still waiting, or closed without a reply): a count, never a zero time.
  unanswered: 'e.handoff_at IS NOT NULL AND e.first_response_at IS NULL',
  // The first response time's population: a person replied (bot-only episodes have no reply by definition).
  answered: 'e.first_response_at IS NOT NULL',
  // The resolution time's population: a person resolved it and took part (bot-resolved episodes are left out).
  resolved: "e.resolved_by = 'agent' AND e.bot_resolved = 0 AND e.resolution_seconds IS NOT NULL",
  open: 'e.open_for IS NOT NULL',
};

/** Episodes that started in [:start, :end): every figure counts an episode on the day it started. */
export const STARTED_IN_RANGE = 'e.started_at >= :start AND e.started_at < :end';

const sum = (kind: EpisodeKind) => `SUM(CASE WHEN ${KIND_SQL[kind]} THEN 1 ELSE 0 END)`;

/** The counts of a group of episodes, as SELECT columns episodes, handoffs, bot, unanswered. */
export const COUNTS_SQL = `COUNT(*) AS episodes, ${sum('handoff')} AS handoffs, ${sum('bot_resolved')} AS bot, ${sum('unanswered')} AS unanswered`;

export interface EpisodeCounts { episodes: number; handoffs: number; botResolved: number; unanswered: number }
