import { z } from 'zod';
import type { ConversationFigures } from '../reports/conversation-figures';
import type { ConversationHeadline } from '../reports/conversation-headline';
import type { listEpisodes } from '../reports/episode-list';
import { TIME_PRECISION } from '../reports/time-histogram';
import { isoInstant, type SameShape } from './common-schemas';
import { cursorPage, definitions, localRange, seconds, share } from './report-answers';

/** The conversation reports (server/reports/conversation-report.routes.ts): the figures and the episodes behind them. */

const precision = z.union([z.literal(0), z.literal(TIME_PRECISION)])
  .describe('How far the times may be from the exact values, relative: 0 up to a month, more over longer ranges');
const episodeCounts = { episodes: z.number(), handoffs: z.number(), botResolved: z.number(), unanswered: z.number() };

export const conversationHeadline = z.object({
  inbound: z.number(), ...episodeCounts, botResolutionRate: share,
  firstResponseMedianSeconds: seconds, businessFirstResponseMedianSeconds: seconds,
  resolutionMedianSeconds: seconds, businessResolutionMedianSeconds: seconds,
  precision,
});
true satisfies SameShape<typeof conversationHeadline, ConversationHeadline>;

/** timing.ts Timing: in calendar seconds and in business-hours seconds. */
const timing = z.object({
  medianSeconds: seconds, p90Seconds: seconds, businessMedianSeconds: seconds, businessP90Seconds: seconds, count: z.number(),
}).meta({ id: 'ReportTiming' });

const figures = z.object({
  ...episodeCounts,
  inbound: z.number().describe('Customer texts received in the range; every other count is over the episodes that started in it'),
  handoffsByReason: z.record(z.string(), z.number()),
  botResolutionRate: share,
  firstResponse: timing, resolution: timing,
  firstResponseMedianSeconds: seconds,
  backlog: z.object({ open: z.number(), unassigned: z.number(), oldestWaitingSeconds: seconds }),
  perAgent: z.array(z.object({ agentId: z.number(), name: z.string(), firstResponse: timing, resolved: z.number(), resolution: timing, openNow: z.number() }))
    .describe("An agent asking sees their own row only"),
  byDay: z.array(z.object({ ...episodeCounts, date: z.string(), inbound: z.number(), firstResponseMedianSeconds: seconds, businessFirstResponseMedianSeconds: seconds })),
  byHour: z.array(z.object({ hour: z.number(), inbound: z.number(), episodes: z.number() })),
  byLanguage: z.array(conversationHeadline.omit({ inbound: true, resolutionMedianSeconds: true, businessResolutionMedianSeconds: true, precision: true })
    .extend({ language: z.string() })),
  precision,
});
true satisfies SameShape<typeof figures, ConversationFigures>;

export const conversationReport = figures.extend({
  range: localRange,
  previous: conversationHeadline.extend({ from: z.string(), to: z.string() }).describe('The headline of the period of the same length just before'),
  definitions,
});

const agentRef = z.object({ id: z.number(), name: z.string() });
export const episodeList = cursorPage(z.object({
  id: z.number(), conversationId: z.number(),
  contact: z.object({ id: z.number(), name: z.string().nullable(), phone: z.string() }),
  channelId: z.number().nullable(), language: z.string(),
  state: z.enum(['bot', 'waiting', 'answered', 'bot_resolved', 'resolved', 'closed_unanswered']),
  startedAt: isoInstant, inboundCount: z.number(),
  handoffAt: isoInstant.nullable(), handoffReason: z.string().nullable(),
  firstResponseAt: isoInstant.nullable(), firstResponseAgent: agentRef.nullable(),
  firstResponseSeconds: seconds, firstResponseBusinessSeconds: seconds,
  resolvedAt: isoInstant.nullable(), resolvedBy: z.string().nullable(), resolvedAgent: agentRef.nullable(),
  resolutionSeconds: seconds, resolutionBusinessSeconds: seconds,
  botResolved: z.boolean(),
}));
true satisfies SameShape<typeof episodeList, Awaited<ReturnType<typeof listEpisodes>>>;
