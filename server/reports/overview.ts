import type { EntityManager } from 'typeorm';
import type { Role } from '../db/entities';
import { pricedChannels } from './channel-prices';
import { optOutFigures, optOutTotals } from './compliance-report';
import { deliveryCounts } from './delivery-counts';
import { deliveryTotals } from './delivery-report';
import { groupBy } from './group-by';
import { localDates } from './local-dates';
import { definitionsOf, type Definitions } from './message-definitions';
import { reportRange, type ReportRange } from './report-range';
import { spanOf, sumsByLocal } from './rollup-read';
import { CONVERSATION_DEFINITIONS } from './conversation-definitions';
import { conversationHeadline } from './conversation-headline';
import { CSAT_DEFINITIONS } from './csat-report';
import { csatFigures } from './csat-counts';

/** Who asks and with what: sections that are per agent (conversations) narrow to the viewer when they are an agent. */
export interface ReportContext { em: EntityManager; viewer: { agentId: number; role: Role }; defaultProvider: string; now: Date }

/**
 * One part of `GET /api/reports/overview`: its headline figures over a range (asked for the range and for the previous
 * period of the same length), optionally its values per local day for the page's series, and the definitions of its
 * figures. A part of the dashboard joins the overview by adding one line to OVERVIEW_SECTIONS.
 */
export interface OverviewSection<T = unknown> {
  key: string;
  figures(ctx: ReportContext, range: ReportRange): Promise<T>;
  daily?(ctx: ReportContext, range: ReportRange): Promise<Map<string, unknown>>;
  definitions?: Definitions;
}

/** `messages`: sent, delivered, failed (with undelivered), delivery rate; received, billed parts and their cost. */
export const messagesSection: OverviewSection = {
  key: 'messages',
  async figures(ctx, range) {
    const t = await deliveryTotals(ctx.em, range, await pricedChannels(ctx.em, ctx.defaultProvider));
    return { sent: t.sent, delivered: t.delivered, failed: t.failed, deliveryRate: t.deliveryRate, received: t.received, segments: t.segments, cost: t.cost };
  },
  async daily(ctx, range) {
    const channels = await pricedChannels(ctx.em, ctx.defaultProvider);
    const days = groupBy(await sumsByLocal(ctx.em, spanOf(range), range.timezone, 'day', ['in', 'out']), (d) => d.at as string);
    return new Map(localDates(range).map((date) => {
      const rows = days.get(date) ?? [];
      const c = deliveryCounts(rows, channels);
      return [date, { sent: c.sent, delivered: c.delivered, failed: c.failed, received: rows.filter((r) => r.kind === 'in').reduce((n, r) => n + r.n, 0) }];
    }));
  },
  definitions: definitionsOf('sent', 'delivered', 'failed', 'deliveryRate', 'segments', 'cost'),
};

/** `optOuts`: opt-outs in the range (imports apart) and the opt-out rate per send. */
export const optOutsSection: OverviewSection = {
  key: 'optOuts',
  async figures(ctx, range) {
    const { optOuts } = await optOutTotals(ctx.em, range);
    return { count: optOuts.count, rate: optOuts.rate };
  },
  async daily(ctx, range) {
    const days = groupBy(await sumsByLocal(ctx.em, spanOf(range), range.timezone, 'day', ['opt_out']), (d) => d.at as string);
    return new Map(localDates(range).map((date) => [date, optOutFigures(days.get(date) ?? []).count]));
  },
  definitions: definitionsOf('optOuts', 'optOutRate'),
};

/** Some of a section's definitions, by key. */
const pick = (all: Definitions, ...keys: string[]): Definitions => Object.fromEntries(keys.map((k) => [k, all[k]!]));

/**
 * `conversations`: the conversation report's headline (conversation-headline.ts) — the contract's `inbound`,
 * `handoffs`, `botResolved`, `botResolutionRate`, `firstResponseMedianSeconds`, with the business-hours medians the
 * dashboard's tile shows. The same definitions as conversationFigures, read with aggregates: the overview asks for the
 * previous period too, and the full figures (per agent, per day, the backlog) belong to the conversations route.
 * Clinic-wide for agents as well, as that route's headline is.
 */
export const conversationsSection: OverviewSection = {
  key: 'conversations',
  figures: (ctx, range) => conversationHeadline(ctx.em, range),
  definitions: pick(CONVERSATION_DEFINITIONS, 'inbound', 'episodes', 'handoffs', 'botResolved', 'botResolutionRate', 'unanswered', 'firstResponse', 'businessSeconds'),
};

/** `csat`: responses ÷ surveys sent, satisfied (4–5) ÷ responses, the mean and the distribution (csat-figures.ts). */
export const csatSection: OverviewSection = {
  key: 'csat',
  figures: (ctx, range) => csatFigures(ctx.em, range),
  definitions: pick(CSAT_DEFINITIONS, 'surveysSent', 'responses', 'responseRate', 'satisfiedRate', 'average'),
};

/** The overview's parts, in the order the page shows them. */
export const OVERVIEW_SECTIONS: OverviewSection[] = [messagesSection, conversationsSection, optOutsSection, csatSection];

export interface Overview {
  range: { from: string; to: string; timezone: string };
  previous: Record<string, unknown> & { range: { from: string; to: string } };
  series: Array<Record<string, unknown> & { date: string }>;
  definitions: Definitions;
  [section: string]: unknown;
}

/** Every section's figures for the range and the previous period, and their series per local day, side by side. */
export async function buildOverview(ctx: ReportContext, range: ReportRange, sections: OverviewSection[] = OVERVIEW_SECTIONS): Promise<Overview> {
  const previous = reportRange(range.previous.from, range.previous.to, range.timezone);
  const [now, before, daily] = await Promise.all([
    Promise.all(sections.map((s) => s.figures(ctx, range))),
    Promise.all(sections.map((s) => s.figures(ctx, previous))),
    Promise.all(sections.map((s) => s.daily?.(ctx, range) ?? Promise.resolve(null))),
  ]);
  const byKey = (values: unknown[]) => Object.fromEntries(sections.map((s, i) => [s.key, values[i]]));
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone },
    ...byKey(now),
    previous: { range: { from: previous.from, to: previous.to }, ...byKey(before) },
    series: localDates(range).map((date) => ({
      date, ...Object.fromEntries(sections.flatMap((s, i) => (daily[i] ? [[s.key, daily[i]!.get(date) ?? null]] : []))),
    })),
    definitions: Object.assign({}, definitionsOf('range'), ...sections.map((s) => s.definitions ?? {})),
  };
}
