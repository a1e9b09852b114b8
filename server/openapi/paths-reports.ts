import { z, type ZodObject, type ZodType } from 'zod';
import { APPOINTMENT_TABLES } from '../reports/appointment-report';
import { drillQuery as appointmentDrill } from '../reports/appointment-reports.routes';
import { CAMPAIGN_TABLES } from '../reports/campaign-report';
import { drillQuery as campaignDrill } from '../reports/campaign-reports.routes';
import { figuresSchema } from '../reports/conversation-report.routes';
import { csatQuery, drillQuery as csatDrill } from '../reports/csat-reports.routes';
import { episodeListSchema } from '../reports/episode-list';
import { COMPLIANCE_TABLES, DELIVERY_TABLES, format, messageQuery, optOutQuery, tableQuery } from '../reports/message-reports.routes';
import { formatQuery, pageQuery } from '../reports/report-query';
import { drillQuery as responsesDrill, TABLES as RESPONSE_TABLES } from '../reports/send-responses.routes';
import { campaignItems, campaignReport, responseItems, responseReport } from './campaign-report-answers';
import { conversationReport, episodeList } from './conversation-report-answers';
import { complianceReport, deliveryReport, overview, reportMessages, reportOptOuts } from './message-report-answers';
import { appointmentItems, appointmentReport, csatItems, csatReport } from './visit-report-answers';
import { group, json, type SuccessAnswer } from './operation';

/**
 * `?from=&to=`: read by parseReportRange (server/reports/report-range.ts) beside each route's own query, so written
 * here for the document. A query that names them itself keeps its own.
 */
const rangeFields = {
  from: z.string().describe('First local day, YYYY-MM-DD (business time zone)'),
  to: z.string().describe('Last local day, YYYY-MM-DD'),
};
const withRange = (query: ZodObject) => z.object({ ...rangeFields, ...query.shape });
/** Drill-down lists read the report's own filters and then a page (report-query.ts parsePage). */
const drill = (query: ZodObject) => withRange(z.object({ ...query.shape, ...pageQuery.shape }));

const csvNote = 'With `format=csv`, the chosen `table` as a CSV download instead.';
const report = (schema: ZodType): SuccessAnswer => ({ ...json(schema), description: `OK. ${csvNote}` });

export const reportPaths = group('Reports', 'signed-in', [
  { method: 'get', path: '/api/reports/overview', summary: 'The dashboard: messages, conversations, opt-outs and CSAT against the previous period', query: withRange(z.object(format)), ok: report(overview) },
  { method: 'get', path: '/api/reports/conversations', summary: 'Conversation figures: volumes, hand-offs, response times, per agent', query: withRange(figuresSchema), ok: report(conversationReport) },
  { method: 'get', path: '/api/reports/episodes', summary: 'The conversation episodes behind a figure', query: withRange(episodeListSchema), ok: json(episodeList) },
  { method: 'get', path: '/api/reports/delivery', summary: 'Delivery by day, channel, carrier, region and failure reason', query: withRange(tableQuery(DELIVERY_TABLES)), ok: report(deliveryReport) },
  { method: 'get', path: '/api/reports/compliance', summary: 'Opt-outs and complaints per send, and the alarms they raised', query: withRange(tableQuery(COMPLIANCE_TABLES)), ok: report(complianceReport) },
  { method: 'get', path: '/api/reports/messages', summary: 'The messages behind a delivery figure', query: withRange(messageQuery), ok: json(reportMessages) },
  { method: 'get', path: '/api/reports/opt-outs', summary: 'The opt-outs behind a compliance figure', query: withRange(optOutQuery), ok: json(reportOptOuts) },
  { method: 'get', path: '/api/reports/appointments', summary: 'Reminders, lead time, changes and visits', query: withRange(formatQuery(APPOINTMENT_TABLES)), ok: report(appointmentReport) },
  { method: 'get', path: '/api/reports/appointments/items', summary: 'The appointments behind an appointment figure', query: drill(appointmentDrill), ok: json(appointmentItems) },
  { method: 'get', path: '/api/reports/csat', summary: 'Satisfaction scores: distribution, trend, language', query: withRange(csatQuery), ok: report(csatReport) },
  { method: 'get', path: '/api/reports/csat/items', summary: 'The answers behind a CSAT figure', query: drill(csatDrill), ok: json(csatItems) },
  { method: 'get', path: '/api/reports/campaigns', summary: 'Campaign results side by side', access: 'admin', query: withRange(formatQuery(CAMPAIGN_TABLES)), ok: report(campaignReport) },
  { method: 'get', path: '/api/reports/campaigns/items', summary: 'The recipients behind a campaign figure', access: 'admin', query: drill(campaignDrill), ok: json(campaignItems) },
  { method: 'get', path: '/api/reports/responses', summary: 'Replies to each send (campaign or template)', access: 'admin', query: withRange(formatQuery(RESPONSE_TABLES)), ok: report(responseReport) },
  { method: 'get', path: '/api/reports/responses/items', summary: 'The replies behind a response figure', access: 'admin', query: drill(responsesDrill), ok: json(responseItems) },
]);
