import { showTime } from '../shared/business-time';
import { label } from '../shared/i18n';
import { localToday } from './report-range';
import { formatSeconds } from './report-format';
import {
  reportsApi, type AppointmentItem, type CampaignItem, type EpisodeItem, type Params, type ReportMessage, type ReportOptOut, type ResponseItem, type SurveyItem,
} from './reports-api';
import type { DateRange } from './report-range';
import { tr, trValue } from './reports-messages';

/**
 * What a figure stands for: which list route returns the rows it counted, narrowed as the figure is. Opening a
 * drill shows those rows (DrillPanel.vue), each with its thread in the inbox and, for a visit, its day in the calendar.
 */
export type DrillList = 'messages' | 'optOuts' | 'episodes' | 'appointments' | 'csat' | 'campaign' | 'responses';
export interface Drill { list: DrillList; title: string; params: Params }

/** Each list's route and how it pages: keyset lists answer `nextCursor`, the row lists `nextOffset` and `total`. */
export const DRILL_ROUTES: Record<DrillList, { path: string; paging: 'cursor' | 'offset' }> = {
  messages: { path: '/api/reports/messages', paging: 'cursor' },
  optOuts: { path: '/api/reports/opt-outs', paging: 'cursor' },
  episodes: { path: '/api/reports/episodes', paging: 'cursor' },
  appointments: { path: '/api/reports/appointments/items', paging: 'offset' },
  csat: { path: '/api/reports/csat/items', paging: 'offset' },
  campaign: { path: '/api/reports/campaigns/items', paging: 'offset' },
  responses: { path: '/api/reports/responses/items', paging: 'offset' },
};

/** One row of a drill-down as the panel shows it, whatever list it came from. */
export interface DrillRow {
  key: string;
  /** The instant the row is about (a text, an episode's start, a reminder), shown on the business's clock. */
  at: string | null;
  who: string;
  /** Short facts in the agent's language. */
  facts: string[];
  /** A customer's or the clinic's text: shown as text, never as HTML. */
  text?: string;
  conversationId: number | null;
  /** The visit's day in the calendar (`/calendar?date=`), for appointment rows. */
  visit?: { at: string; calendar: string };
}

export interface DrillPage { rows: DrillRow[]; next: string | null; total: number | null }

const PAGE = 50;
const whoOf = (name: string | null | undefined, phone: string | null | undefined) => [name, phone].filter(Boolean).join(' · ') || '—';
const calendarOf = (iso: string, timeZone: string) => `/calendar?${new URLSearchParams({ date: localToday(new Date(iso), timeZone), view: 'timeGridDay' })}`;

export async function drillPage(drill: Drill, range: DateRange, next: string | null, lang: string, timeZone: string): Promise<DrillPage> {
  const route = DRILL_ROUTES[drill.list];
  const paging = next === null ? {} : route.paging === 'cursor' ? { cursor: next } : { offset: next };
  const answer = await reportsApi.list<{ items: unknown[]; nextCursor?: string | null; nextOffset?: number | null; total?: number }>(
    route.path, range, { ...drill.params, ...paging, limit: PAGE });
  const rows = answer.items.map((item) => rowOf(drill.list, item, lang, timeZone));
  const after = route.paging === 'cursor' ? answer.nextCursor ?? null : answer.nextOffset === null || answer.nextOffset === undefined ? null : String(answer.nextOffset);
  return { rows, next: after, total: answer.total ?? null };
}

function rowOf(list: DrillList, item: unknown, lang: string, timeZone: string): DrillRow {
  switch (list) {
    case 'messages': {
      const m = item as ReportMessage;
      const reason = m.errorReason ? (lang === 'en' ? m.errorReason.en : m.errorReason.zh) : m.errorCode;
      return {
        key: `m${m.id}`, at: m.createdAt, who: m.phone, conversationId: m.conversationId, text: m.preview,
        facts: [tr(m.direction === 'in' ? 'direction.in' : 'direction.out'), label('delivery', m.status), ...(reason ? [reason] : [])],
      };
    }
    case 'optOuts': {
      const o = item as ReportOptOut;
      return { key: `o${o.id}`, at: o.at, who: o.phone ?? '—', conversationId: o.conversationId, facts: [trValue('source', o.source), ...(o.cause ? [tr('causedBy', { name: o.cause.name })] : [])] };
    }
    case 'episodes': {
      const e = item as EpisodeItem;
      const first = e.firstResponseBusinessSeconds === null ? [] : [tr('firstResponseWas', { time: formatSeconds(e.firstResponseBusinessSeconds, lang), agent: e.firstResponseAgent?.name ?? '' })];
      return {
        key: `e${e.id}`, at: e.startedAt, who: whoOf(e.contact.name, e.contact.phone), conversationId: e.conversationId,
        facts: [trValue('state', e.state), ...(e.handoffReason ? [handoffReason(e.handoffReason)] : []), ...first],
      };
    }
    case 'appointments': {
      const a = item as AppointmentItem;
      const visitAt = a.visitAt ?? a.startsAt ?? null;
      const facts = [a.service,
        ...(a.outcome ? [a.outcome === 'none' ? tr('outcome.none') : `${trValue('outcome', a.outcome)} · ${trValue('by', a.outcomeBy ?? '')}`] : []),
        ...(a.kind ? [`${trValue('outcome', a.kind)} · ${trValue('by', a.by ?? '')}`] : []),
        ...(a.status ? [label('appointment', a.status)] : []),
        ...(a.leadTime ? [trValue('leadTime', a.leadTime)] : [])];
      return {
        key: `a${a.appointmentId}-${a.remindedAt ?? a.at ?? ''}`, at: a.remindedAt ?? a.at ?? visitAt, who: whoOf(a.contactName, a.phone), conversationId: a.conversationId, facts,
        ...(visitAt ? { visit: { at: visitAt, calendar: calendarOf(visitAt, timeZone) } } : {}),
      };
    }
    case 'csat': {
      const s = item as SurveyItem;
      return {
        key: `s${s.appointmentId}`, at: s.surveyAt, who: whoOf(s.contactName, s.phone), conversationId: s.conversationId,
        facts: [s.service, s.score === null ? tr('noScore') : tr('scoreOf', { score: s.score })],
      };
    }
    case 'campaign': {
      const c = item as CampaignItem;
      return {
        key: `c${c.messageId}`, at: c.sentAt, who: whoOf(c.contactName, c.phone), conversationId: c.conversationId,
        facts: [label('delivery', c.status), ...(c.variant ? [tr('variantOf', { key: c.variant })] : [])],
      };
    }
    case 'responses': {
      const r = item as ResponseItem;
      return {
        key: `r${r.messageId}`, at: r.sentAt, who: whoOf(r.contactName, r.phone), conversationId: r.conversationId,
        facts: [r.repliedAt ? tr('repliedAt', { time: showTime(r.repliedAt, 'dateTime') }) : tr('noReply')],
        ...(r.reply ? { text: r.reply } : {}),
      };
    }
  }
}

/** A hand-off's reason in words: the inbox's own (shared/i18n.ts), or this page's for a take-over and an assignment. */
export const handoffReason = (reason: string): string => (reason === 'taken_over' || reason === 'assigned' || reason === 'unknown' ? trValue('reason', reason) : label('reason', reason));
