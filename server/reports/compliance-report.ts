import { Between, In, type EntityManager } from 'typeorm';
import { campaignAlarms } from '../campaigns/campaign-alarms';
import type { CampaignAlarms } from '../campaigns/campaign-contract';
import { AlarmEvent, Campaign } from '../db/entities';
import { rate } from './delivery-counts';
import { localDates } from './local-dates';
import { definitionsOf, OPT_OUT_RATE_LINE, type Definitions } from './message-definitions';
import type { ReportRange } from './report-range';
import { spanInstants, spanOf, sumsBy, sumsByLocal, type RollupSum, type SeriesSum } from './rollup-read';
import { groupBy } from './group-by';

/**
 * Opt-outs and complaints over a range, as message-definitions.ts defines them:
 * - `optOuts.count`: opt-out events in the range, imports left out (`bySource` has every source, imports included);
 * - `optOuts.rate`: opt-outs charged to the range's sends ÷ those sends' deliveries, against the 0.3% line;
 * - `complaints`: complaint texts, once per person in 72 h;
 * and per day, per send (campaign, template, or who wrote it), the alarms that paused campaigns, and this month's
 * complaint alarm as the campaigns page shows it.
 */
export interface OptOutFigures { count: number; rate: number | null; attributed: number; delivered: number }
export interface ComplianceReport {
  range: { from: string; to: string; timezone: string };
  optOuts: OptOutFigures & { bySource: Record<string, number>; healthy: boolean | null };
  optIns: { count: number };
  complaints: { count: number };
  previous: { optOuts: OptOutFigures; complaints: { count: number } };
  line: { optOutRate: number };
  byDay: Array<{ date: string; optOuts: number; optIns: number; complaints: number; delivered: number; attributedOptOuts: number; optOutRate: number | null }>;
  bySend: Array<{ send: string; name: string; delivered: number; optOuts: number; optOutRate: number | null; complaints: number }>;
  alarms: Array<{ at: string; kind: string; campaignId: number; campaignName: string | null; paused: boolean; held: number }>;
  monthlyComplaints: CampaignAlarms['monthlyComplaints'];
  takenDown: CampaignAlarms['takenDown'];
  definitions: Definitions;
}

const sourceOf = (state: string) => state.slice(0, state.indexOf(':'));
const sum = (rows: Array<Pick<RollupSum, 'n'>>) => rows.reduce((n, r) => n + r.n, 0);

/** The opt-out figures of some totals (`all` slice): events (imports apart), sends' opt-outs over their deliveries. */
export function optOutFigures(sums: Array<Pick<RollupSum, 'kind' | 'state' | 'n'>>): OptOutFigures {
  const count = sum(sums.filter((s) => s.kind === 'opt_out' && sourceOf(s.state) !== 'import'));
  const attributed = sum(sums.filter((s) => s.kind === 'opt_out_send'));
  const delivered = sum(sums.filter((s) => s.kind === 'out' && s.state === 'delivered'));
  return { count, attributed, delivered, rate: rate(attributed, delivered) };
}

const COMPLIANCE_KINDS = ['out', 'opt_out', 'opt_in', 'opt_out_send', 'complaint'] as const;

export async function optOutTotals(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>): Promise<{ optOuts: OptOutFigures; complaints: { count: number } }> {
  const sums = await sumsBy(em, spanOf(range), 'all', [...COMPLIANCE_KINDS]);
  return { optOuts: optOutFigures(sums), complaints: { count: sum(sums.filter((s) => s.kind === 'complaint')) } };
}

export async function complianceReport(em: EntityManager, range: ReportRange, now: Date): Promise<ComplianceReport> {
  const span = spanOf(range);
  const [all, previous, sends, days, alarms, month] = await Promise.all([
    sumsBy(em, span, 'all', [...COMPLIANCE_KINDS]), optOutTotals(em, range.previous),
    sumsBy(em, span, 'send', ['out', 'opt_out_send', 'complaint']), sumsByLocal(em, span, range.timezone, 'day', [...COMPLIANCE_KINDS]),
    alarmsIn(em, spanInstants(span)), campaignAlarms(em, now, range.timezone),
  ]);
  const optOuts = optOutFigures(all);
  const bySource: Record<string, number> = {};
  for (const s of all) if (s.kind === 'opt_out') bySource[sourceOf(s.state)] = (bySource[sourceOf(s.state)] ?? 0) + s.n;
  const perDay = groupBy(days, (d) => d.at as string);
  return {
    range: { from: range.from, to: range.to, timezone: range.timezone },
    optOuts: { ...optOuts, bySource, healthy: optOuts.rate === null ? null : optOuts.rate < OPT_OUT_RATE_LINE },
    optIns: { count: sum(all.filter((s) => s.kind === 'opt_in')) },
    complaints: { count: sum(all.filter((s) => s.kind === 'complaint')) },
    previous,
    line: { optOutRate: OPT_OUT_RATE_LINE },
    byDay: localDates(range).map((date) => dayFigures(date, perDay.get(date) ?? [])),
    bySend: await sendFigures(em, sends),
    alarms,
    monthlyComplaints: month.monthlyComplaints,
    takenDown: month.takenDown,
    definitions: definitionsOf('range', 'optOuts', 'optOutRate', 'complaints', 'alarms'),
  };
}

function dayFigures(date: string, rows: SeriesSum[]) {
  const f = optOutFigures(rows);
  return {
    date, optOuts: f.count, optIns: sum(rows.filter((r) => r.kind === 'opt_in')), complaints: sum(rows.filter((r) => r.kind === 'complaint')),
    delivered: f.delivered, attributedOptOuts: f.attributed, optOutRate: f.rate,
  };
}

/** Per send: its deliveries, the opt-outs charged to it, their rate, and the complaints that answered it; worst rate first. */
async function sendFigures(em: EntityManager, sums: RollupSum[]): Promise<ComplianceReport['bySend']> {
  const rows = [...groupBy(sums, (s) => s.value)].map(([send, list]) => {
    const delivered = sum(list.filter((s) => s.kind === 'out' && s.state === 'delivered'));
    const optOuts = sum(list.filter((s) => s.kind === 'opt_out_send'));
    return { send, delivered, optOuts, optOutRate: rate(optOuts, delivered), complaints: sum(list.filter((s) => s.kind === 'complaint')) };
  }).filter((r) => r.delivered || r.optOuts || r.complaints);
  const names = await sendNames(em, rows.map((r) => r.send));
  return rows.map((r) => ({ ...r, name: names.get(r.send) ?? r.send }))
    .sort((a, b) => (b.optOutRate ?? -1) - (a.optOutRate ?? -1) || b.optOuts - a.optOuts || a.send.localeCompare(b.send));
}

/** Campaign names for `campaign:<id>` sends; a template's is its key, anything else its own word. */
export async function sendNames(em: EntityManager, sends: string[]): Promise<Map<string, string>> {
  const ids = sends.filter((s) => s.startsWith('campaign:')).map((s) => Number(s.slice('campaign:'.length))).filter(Number.isInteger);
  const campaigns = ids.length ? await em.find(Campaign, { select: { id: true, name: true }, where: { id: In(ids) } }) : [];
  const names = new Map(campaigns.map((c) => [`campaign:${c.id}`, c.name]));
  for (const s of sends) if (s.startsWith('template:')) names.set(s, s.slice('template:'.length));
  return names;
}

async function alarmsIn(em: EntityManager, span: { start: Date; end: Date }): Promise<ComplianceReport['alarms']> {
  const rows = await em.find(AlarmEvent, { where: { createdAt: Between(span.start, new Date(span.end.getTime() - 1)) }, order: { id: 'ASC' }, take: 500 });
  const names = await sendNames(em, rows.map((r) => `campaign:${r.campaignId}`));
  return rows.map((r) => ({
    at: r.createdAt.toISOString(), kind: r.kind, campaignId: r.campaignId, campaignName: names.get(`campaign:${r.campaignId}`) ?? null, paused: r.paused, held: r.held,
  }));
}
