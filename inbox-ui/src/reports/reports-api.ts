import { apiRequest } from '../shared/api';
import type { DateRange } from './report-range';

/**
 * Typed calls to the report routes of issue 17 (server/reports/*.routes.ts). The shapes are written out here, as
 * far as the page reads them: the server's own types live beside code that needs the database, which the UI's
 * compiler cannot follow. Their source: overview.ts, delivery-report.ts, compliance-report.ts,
 * conversation-figures.ts (+ conversation-headline.ts), appointment-figures.ts, csat-figures.ts / csat-report.ts,
 * campaign-figures.ts, and the lists message-list.ts, opt-out-list.ts, episode-list.ts, drill-down.ts.
 */
export type Words = { zh: string; en: string };
export type Definitions = Record<string, Words>;
type Rate = number | null;

export interface DeliveryCounts {
  sent: number; delivered: number; failed: number; undelivered: number; awaitingReceipt: number; pending: number; refused: number;
  deliveryRate: Rate; segments: number; cost: number;
}

export interface ConversationHeadline {
  inbound: number; episodes: number; handoffs: number; botResolved: number; botResolutionRate: Rate; unanswered: number;
  firstResponseMedianSeconds: number | null; businessFirstResponseMedianSeconds: number | null;
  resolutionMedianSeconds: number | null; businessResolutionMedianSeconds: number | null;
  /** 0: exact medians; 0.04: within 4 % (a range longer than 31 days is read from the times' histograms). */
  precision: number;
}

export interface CsatFigures {
  responses: number; surveysSent: number; responseRate: Rate; satisfied: number; satisfiedRate: Rate; average: number | null;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

interface OverviewParts {
  messages: { sent: number; delivered: number; failed: number; deliveryRate: Rate; received: number; segments: number; cost: number };
  conversations: ConversationHeadline;
  optOuts: { count: number; rate: Rate };
  csat: CsatFigures;
}
export interface Overview extends OverviewParts {
  range: { from: string; to: string; timezone: string };
  previous: OverviewParts & { range: DateRange };
  definitions: Definitions;
}

export interface DeliveryReport {
  range: { from: string; to: string; timezone: string };
  totals: DeliveryCounts & { received: number; healthy: boolean | null };
  previous: DeliveryCounts & { received: number };
  line: { deliveryRate: number };
  byChannel: Array<DeliveryCounts & { channelId: number; name: string | null; provider: string; pricePerSegment: number }>;
  byCarrier: Array<DeliveryCounts & { key: string; name: Words }>;
  byRegion: Array<DeliveryCounts & { key: string }>;
  failureReasons: Array<{ provider: string; code: string; count: number; reason: Words | null }>;
  latency: Array<{ provider: string; receipts: number; medianSeconds: number | null; p90Seconds: number | null }>;
  byHourOfDay: Array<{ hour: number; sent: number; delivered: number; failed: number; received: number }>;
  byDay: Array<DeliveryCounts & { date: string; received: number }>;
  definitions: Definitions;
}

export interface Timing { medianSeconds: number | null; p90Seconds: number | null; businessMedianSeconds: number | null; businessP90Seconds: number | null; count: number }

export interface ConversationReport {
  inbound: number; episodes: number; handoffs: number; handoffsByReason: Record<string, number>; botResolved: number; botResolutionRate: Rate;
  unanswered: number; firstResponse: Timing; resolution: Timing;
  backlog: { open: number; unassigned: number; oldestWaitingSeconds: number | null };
  perAgent: Array<{ agentId: number; name: string; firstResponse: Timing; resolved: number; resolution: Timing; openNow: number }>;
  byDay: Array<{ date: string; inbound: number; episodes: number; handoffs: number; botResolved: number; unanswered: number; businessFirstResponseMedianSeconds: number | null }>;
  byHour: Array<{ hour: number; inbound: number; episodes: number }>;
  previous: ConversationHeadline;
  definitions: Definitions;
}

type ByWho = { text: number; staff: number };
export interface OutcomeTally {
  sent: number; confirmed: ByWho; rescheduled: ByWho; cancelled: ByWho; noChange: number; answeredByText: number; answeredByTextRate: Rate;
}
export interface NoShowTally { visits: number; noShows: number; noShowRate: Rate }
export interface AppointmentReport {
  reminders: OutcomeTally & { notSent: number; parts: number; cost: number; costPerReminder: number | null; byLeadTime: Array<{ leadTime: string } & OutcomeTally> };
  changes: Record<'booked' | 'confirmed' | 'rescheduled' | 'cancelled', ByWho>;
  visits: { confirmed: NoShowTally; unconfirmed: NoShowTally };
  previous: { remindersSent: number; answeredByText: number; answeredByTextRate: Rate; cost: number; confirmedNoShowRate: Rate; unconfirmedNoShowRate: Rate };
  definitions: Definitions;
}

export interface CampaignCounts {
  sent: number; delivered: number; failed: number; pending: number; deliveryRate: Rate; replied: number; replyRate: Rate; clicked: number; clickRate: Rate;
  optedOut: number; optOutRate: Rate; booked: number; bookingRate: Rate; parts: number; cost: number;
}
export interface CampaignReport {
  totals: CampaignCounts;
  campaigns: Array<CampaignCounts & { id: number; name: string; category: string; status: string; startedAt: string | null; variants: Array<{ key: string } & CampaignCounts> }>;
  previous: CampaignCounts;
  definitions: Definitions;
}

/** `GET /api/reports/responses` (server/reports/send-responses.ts). */
export interface ResponseReport {
  responseHours: number;
  sends: Array<{ send: string; kind: 'campaign' | 'template'; name: string; delivered: number; replied: number; responseRate: Rate }>;
  definitions: Definitions;
}

export interface ComplianceReport {
  optOuts: { count: number; rate: Rate; attributed: number; delivered: number; healthy: boolean | null };
  optIns: { count: number };
  complaints: { count: number };
  previous: { optOuts: { count: number; rate: Rate }; complaints: { count: number } };
  line: { optOutRate: number };
  byDay: Array<{ date: string; optOuts: number; optIns: number; complaints: number; delivered: number; attributedOptOuts: number; optOutRate: Rate }>;
  bySend: Array<{ send: string; name: string; delivered: number; optOuts: number; optOutRate: Rate; complaints: number }>;
  alarms: Array<{ at: string; kind: string; campaignId: number; campaignName: string | null; paused: boolean; held: number }>;
  monthlyComplaints: { month: string; complaints: number; sent: number; rate: number; threshold: number; alarm: boolean };
  takenDown: Array<{ id: number; name: string; status: string }>;
  definitions: Definitions;
}

export interface CsatReport extends CsatFigures {
  trend: { interval: 'day' | 'week'; points: Array<{ date: string; surveysSent: number; responses: number; average: number | null; satisfiedRate: Rate }> };
  lowScores: SurveyItem[];
  previous: CsatFigures;
  definitions: Definitions;
}

/** A drill-down row about a contact (drill-down.ts): the phone masked, the thread to open. */
interface ContactCells { contactId: number; contactName: string | null; phone: string; conversationId: number | null }
export interface SurveyItem extends ContactCells { appointmentId: number; service: string; language: string; surveyAt: string | null; score: number | null; ratedAt: string | null }

export interface ReportMessage {
  id: number; conversationId: number; direction: 'in' | 'out'; status: string; outcome: string; phone: string; errorCode: string | null;
  errorReason: Words | null; createdAt: string; preview: string;
}
export interface ReportOptOut { id: number; at: string; source: string; phone: string | null; conversationId: number | null; cause: { name: string } | null }
export interface EpisodeItem {
  id: number; conversationId: number; contact: { id: number; name: string | null; phone: string }; state: string; startedAt: string;
  handoffReason: string | null; firstResponseSeconds: number | null; firstResponseBusinessSeconds: number | null; resolutionSeconds: number | null;
  firstResponseAgent: { name: string } | null;
}
export type AppointmentItem = ContactCells & {
  appointmentId: number; service: string; remindedAt?: string | null; visitAt?: string | null; startsAt?: string | null; at?: string | null;
  outcome?: string; outcomeBy?: string | null; kind?: string; by?: string; status?: string; confirmed?: boolean; leadTime?: string;
};
export type CampaignItem = ContactCells & { messageId: number; variant: string | null; status: string; sentAt: string | null };
/** A recipient of a send and the reply that answered it (`reply`: its start, customer text, shown as text). */
export type ResponseItem = ContactCells & { messageId: number; sentAt: string; replyId: number | null; repliedAt: string | null; reply: string | null };

export type Params = Record<string, string | number | undefined>;

/** `?from=&to=` and the rest, empty values left out. */
export function queryOf(range: DateRange, params: Params = {}): string {
  const q = new URLSearchParams({ from: range.from, to: range.to });
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}

const get = <T>(path: string, range: DateRange, params?: Params) => apiRequest<T>(`${path}?${queryOf(range, params)}`);

export const reportsApi = {
  overview: (r: DateRange) => get<Overview>('/api/reports/overview', r),
  delivery: (r: DateRange) => get<DeliveryReport>('/api/reports/delivery', r),
  conversations: (r: DateRange) => get<ConversationReport>('/api/reports/conversations', r),
  appointments: (r: DateRange) => get<AppointmentReport>('/api/reports/appointments', r),
  campaigns: (r: DateRange) => get<CampaignReport>('/api/reports/campaigns', r),
  compliance: (r: DateRange) => get<ComplianceReport>('/api/reports/compliance', r),
  responses: (r: DateRange) => get<ResponseReport>('/api/reports/responses', r),
  csat: (r: DateRange) => get<CsatReport>('/api/reports/csat', r),
  /** A page of a drill-down list (drill.ts says which route and which paging). */
  list: <T>(path: string, r: DateRange, params: Params) => get<T>(path, r, params),
};

/**
 * A table's or a list's CSV download: the same route with `format=csv`. A plain link: the session is the httpOnly
 * cookie the browser sends with it, as with the contacts export, so no token is ever put in a URL.
 */
export const csvUrl = (path: string, range: DateRange, params: Params = {}): string => `${path}?${queryOf(range, { ...params, format: 'csv' })}`;
