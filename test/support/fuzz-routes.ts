import { ACTIONS } from '../../rules/types';
import { BULK_ACTIONS, CONVERSATION_PRIORITIES, CONVERSATION_STATUSES, CONVERSATION_VIEWS } from '../../server/inbox/socket-contract';

/**
 * Every HTTP route Huixin serves, with the query parameters and body fields it reads, for the fuzz test to aim at.
 * A table rather than a walk of the express stack: express 5 keeps mounted routers' paths only as matchers, and the
 * fuzz needs to know each route's fields anyway. A new route belongs here too.
 */

/** How to make a plausible value of a field; anything else the fuzz sends is junk on purpose. */
export type FieldKind =
  | 'id' | 'ids' | 'text' | 'phone' | 'email' | 'instant' | 'limit' | 'bool' | 'number' | 'version' | 'token' | 'cursor'
  | 'locale' | 'timezone' | 'hhmm-pair' | 'bodies' | 'rule-match' | 'object' | 'array' | 'template-key' | 'intent'
  | readonly string[];

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** With `:name` parameters, filled from what the server holds or with junk. */
  path: string;
  query?: Record<string, FieldKind>;
  body?: Record<string, FieldKind>;
  /** Twilio posts forms; everything else is JSON. */
  form?: boolean;
  /** Sent without the fuzz's own sessions, because it would end them. */
  anonymousOnly?: boolean;
}


const ruleBody: Record<string, FieldKind> = {
  name: 'text', enabled: 'bool', priority: 'number', match: 'rule-match', conditions: 'object', action: ACTIONS, reply: 'text', replyTemplate: 'template-key', addTags: 'array',
};

const serviceBody: Record<string, FieldKind> = { name: 'text', durationMinutes: 'number', bufferMinutes: 'number', locationIds: 'ids', staffIds: 'ids', active: 'bool' };
const locationBody: Record<string, FieldKind> = {
  name: 'text', address: 'text', phone: 'phone', timezone: 'timezone', capacity: 'number', slotMinutes: 'number', weeklyHours: 'object', closedDates: 'array',
};
const staffBody: Record<string, FieldKind> = { name: 'text', locationId: 'id', serviceIds: 'ids', weeklyHours: 'object', active: 'bool' };

const contactBody: Record<string, FieldKind> = { phone: 'phone', name: 'text', locale: 'locale', timezone: 'timezone', tags: 'array', attributes: 'object', marketingConsent: 'bool' };
const attributeBody: Record<string, FieldKind> = { key: 'text', labels: 'object', type: ['text', 'number', 'date', 'choice'], choices: 'array', position: 'number' };

const segmentBody: Record<string, FieldKind> = {
  name: 'text', tagsAny: 'array', tagsAll: 'array', attributes: 'array', consent: ['marketing', 'transactional'], tiers: 'array',
  noVisitMonths: 'number', upcomingWithinDays: 'number', noShowWithinDays: 'number', contactIds: 'ids', phones: 'array',
  repliedTo: 'id', repliedWith: 'text', clicked: 'id', booked: 'id',
};
const campaignBody: Record<string, FieldKind> = {
  name: 'text', category: ['marketing', 'transactional'], segmentId: 'id', body: 'text', menu: 'array', ratePerSecond: 'number', sendAt: 'instant', channelId: 'id', link: 'text',
  variants: 'array', testShare: 'number', winnerBy: ['replies', 'clicks', 'bookings'], winnerAfterHours: 'number',
  trigger: 'object',
};

/** Report ranges: real local dates, an impossible one, and junk. */
const reportDates = ['2026-11-01', '2026-11-24', '2026-11-31', '24/11/2026'] as const;
const reportRange: Record<string, FieldKind> = { from: ['2026-11-01', '2026-11-24', '2020-01-01', '2026-02-30'], to: ['2026-11-30', '2026-11-24', '2029-01-01'] };
/** A report's local dates (business time zone) and its CSV switch; drill-down lists page with offset and limit. */
const reportRangeCsv: Record<string, FieldKind> = { from: ['2026-11-01', '2026-11-30', '2026-02-30'], to: ['2026-11-30', '2027-01-31'], format: ['json', 'csv'] };
const reportPage: Record<string, FieldKind> = { offset: 'number', limit: 'limit' };

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/readyz' },
  // Operators' Prometheus scrape (served when the fuzz server has METRICS_TOKEN; the fuzz's tokens are never it: 401).
  { method: 'GET', path: '/metrics' },
  // A campaign's tracked short link (public: a 302, or a 404 page or JSON error for an unknown code).
  { method: 'GET', path: '/s/:code' },
  // The OpenAPI document and its page (public).
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'GET', path: '/api/docs' },
  // Providers and the phone simulator.
  { method: 'POST', path: '/webhooks/generic', body: { id: 'text', from: 'phone', to: 'text', text: 'text' } },
  { method: 'POST', path: '/webhooks/twilio', form: true, body: { MessageSid: 'text', SmsSid: 'text', From: 'phone', To: 'phone', Body: 'text', NumMedia: 'number', MediaUrl0: 'text', MediaContentType0: ['image/jpeg', 'image/svg+xml', 'x'] } },
  { method: 'POST', path: '/webhooks/twilio/status', form: true, body: { MessageSid: 'text', MessageStatus: ['queued', 'sent', 'delivered', 'failed', 'undelivered', 'read'], ErrorCode: ['21610', '30003', 'x'] } },
  { method: 'POST', path: '/webhooks/aliyun/sms-up', body: { phone_number: 'phone', content: 'text', sequence_id: 'text', dest_code: 'text', send_time: 'text' } },
  { method: 'POST', path: '/webhooks/aliyun/sms-report', body: { success: 'bool', err_code: ['DELIVERED', 'EXPIRED', 'x'], err_msg: 'text', sms_size: 'number', biz_id: 'text', out_id: 'id', Status: ['1', '2', '6'], MessageId: 'text', SmsSize: 'number' } },
  { method: 'POST', path: '/webhooks/tencent/reply', body: { mobile: 'phone', nationcode: ['86', '852', 'x'], text: 'text', time: 'number', extend: 'text', sign: 'text' } },
  { method: 'POST', path: '/webhooks/tencent/status', body: { sid: 'text', ext: 'id', report_status: ['SUCCESS', 'FAIL', 'x'], errmsg: 'text', description: 'text', mobile: 'phone' } },
  { method: 'POST', path: '/webhooks/aliyun/:secret/sms-up', body: { phone_number: 'phone', content: 'text', sequence_id: 'text' } },
  { method: 'POST', path: '/webhooks/tencent/:secret/reply', body: { mobile: 'phone', text: 'text', time: 'number' } },
  { method: 'GET', path: '/api/simulator/phones' },
  { method: 'GET', path: '/api/simulator/messages', query: { phone: 'phone' } },
  { method: 'POST', path: '/api/simulator/messages', body: { from: 'phone', text: 'text', pictures: ['xray', 'receipt', 'tooth'] } },
  { method: 'POST', path: '/api/simulator/pictures', body: { picture: 'text' } },
  { method: 'GET', path: '/api/messages/:id/media/:index' },
  // Sessions.
  { method: 'POST', path: '/api/auth/login', body: { email: 'email', password: 'text' } },
  { method: 'POST', path: '/api/auth/logout', anonymousOnly: true },
  { method: 'GET', path: '/api/auth/me' },
  // Admin.
  { method: 'POST', path: '/api/rules/simulate', body: { text: 'text', inReplyTo: 'template-key', now: 'instant', timezone: 'timezone', locale: 'locale', handledBy: ['bot', 'human'], draft: 'object' } },
  { method: 'GET', path: '/api/rules' },
  { method: 'POST', path: '/api/rules', body: ruleBody },
  { method: 'POST', path: '/api/rules/reorder', body: { ids: 'ids' } },
  { method: 'GET', path: '/api/rules/:id' },
  { method: 'PUT', path: '/api/rules/:id', body: ruleBody },
  { method: 'DELETE', path: '/api/rules/:id' },
  { method: 'GET', path: '/api/templates' },
  { method: 'GET', path: '/api/templates/variables' },
  { method: 'POST', path: '/api/templates/preview', body: { body: 'text', key: 'template-key', locale: 'locale' } },
  { method: 'GET', path: '/api/templates/:key' },
  { method: 'POST', path: '/api/templates', body: { key: 'template-key', bodies: 'bodies', menu: 'array', menuTtlMinutes: 'number' } },
  { method: 'PUT', path: '/api/templates/:key', body: { bodies: 'bodies', menu: 'array', menuTtlMinutes: 'number' } },
  { method: 'DELETE', path: '/api/templates/:key' },
  { method: 'GET', path: '/api/intents' },
  { method: 'POST', path: '/api/intents/retrain' },
  { method: 'POST', path: '/api/intents/:intent/phrases', body: { text: 'text', heldOut: 'bool' } },
  { method: 'DELETE', path: '/api/intents/phrases/:id' },
  { method: 'GET', path: '/api/intents/review' },
  { method: 'POST', path: '/api/intents/review/:messageId', body: { intent: 'intent' } },
  { method: 'GET', path: '/api/settings' },
  { method: 'PUT', path: '/api/settings', body: { businessName: 'text', smsSignature: 'text', timezone: 'timezone', businessHours: 'object', closedDates: 'array', reminders: 'array', quietHours: 'object', intentThreshold: 'number', intentMargin: 'number', assignmentCap: 'number', handoffTexts: 'object' } },
  { method: 'GET', path: '/api/versions' },
  { method: 'GET', path: '/api/versions/diff', query: { from: 'version', to: 'version' } },
  { method: 'GET', path: '/api/versions/:version' },
  { method: 'POST', path: '/api/versions/:version/rollback' },
  { method: 'GET', path: '/api/audit-log' },
  { method: 'GET', path: '/api/config/export' },
  { method: 'POST', path: '/api/config/import', body: { format: ['huixin-config/1'], rules: 'array', templates: 'array', intentPhrases: 'array', settings: 'object' } },
  // The inbox.
  { method: 'GET', path: '/api/conversations', query: {
    view: CONVERSATION_VIEWS, status: CONVERSATION_STATUSES, assignee: 'id', contactId: 'id', q: 'text', cursor: 'cursor', limit: 'limit',
    label: 'text', priority: [...CONVERSATION_PRIORITIES, 'none'], channel: ['loopback', 'generic', 'twilio', 'aliyun', 'tencent'],
  } },
  { method: 'GET', path: '/api/conversations/counts' },
  { method: 'GET', path: '/api/conversations/labels' },
  { method: 'POST', path: '/api/conversations', body: { phone: 'phone', name: 'text', body: 'text' } },
  { method: 'POST', path: '/api/conversations/bulk', body: { ids: 'ids', action: BULK_ACTIONS, assigneeId: 'id', label: 'text' } },
  { method: 'PATCH', path: '/api/conversations/:id', body: { labels: 'array', priority: CONVERSATION_PRIORITIES } },
  { method: 'GET', path: '/api/conversations/:id' },
  { method: 'GET', path: '/api/conversations/:id/messages' },
  { method: 'POST', path: '/api/conversations/:id/messages', body: { body: 'text', template: 'template-key' } },
  { method: 'POST', path: '/api/conversations/:id/bot-offer', body: { messageId: 'id' } },
  { method: 'GET', path: '/api/conversations/:id/templates' },
  { method: 'GET', path: '/api/conversations/:id/reply-rules' },
  { method: 'GET', path: '/api/conversations/:id/notes' },
  { method: 'GET', path: '/api/conversations/:id/activity' },
  { method: 'POST', path: '/api/conversations/:id/notes', body: { body: 'text' } },
  ...['take-over', 'hand-back', 'resolve', 'reopen', 'read'].map((action): RouteSpec => ({ method: 'POST', path: `/api/conversations/:id/${action}` })),
  { method: 'POST', path: '/api/conversations/:id/assign', body: { assigneeId: 'id' } },
  { method: 'POST', path: '/api/conversations/:id/snooze', body: { until: 'instant' } },
  { method: 'GET', path: '/api/agents' },
  { method: 'POST', path: '/api/agents/me/availability', body: { away: 'bool' } },
  // The team. Not `active` nor `role`: deactivating the fuzz's own agent would turn the rest of the run into 401s.
  { method: 'GET', path: '/api/agents', query: { include: ['inactive'] } },
  { method: 'POST', path: '/api/agents', body: { email: 'email', name: 'text', role: ['admin', 'agent'], locale: 'locale' } },
  { method: 'PATCH', path: '/api/agents/:id', body: { name: 'text', locale: 'locale' } },
  { method: 'POST', path: '/api/agents/:id/reset-link' },
  { method: 'POST', path: '/api/auth/accept-invite', body: { token: 'token', password: 'text' } },
  { method: 'GET', path: '/api/me' },
  { method: 'PATCH', path: '/api/me', body: { name: 'text', locale: 'locale', password: 'text', currentPassword: 'text', phone: 'phone' } },
  // Appointments.
  { method: 'GET', path: '/api/services' },
  { method: 'POST', path: '/api/services', body: serviceBody },
  { method: 'PATCH', path: '/api/services/:id', body: serviceBody },
  { method: 'DELETE', path: '/api/services/:id' },
  { method: 'GET', path: '/api/locations' },
  { method: 'POST', path: '/api/locations', body: locationBody },
  { method: 'PATCH', path: '/api/locations/:id', body: locationBody },
  { method: 'DELETE', path: '/api/locations/:id' },
  { method: 'GET', path: '/api/staff' },
  { method: 'POST', path: '/api/staff', body: staffBody },
  { method: 'PATCH', path: '/api/staff/:id', body: staffBody },
  { method: 'DELETE', path: '/api/staff/:id' },
  { method: 'GET', path: '/api/availability', query: { serviceId: 'id', from: 'instant', limit: 'limit', staffId: 'id', locationId: 'id' } },
  { method: 'POST', path: '/api/appointments', body: { contactPhone: 'phone', contactId: 'id', serviceId: 'id', startsAt: 'instant', staffId: 'id', locationId: 'id', source: ['agent', 'api'] } },
  { method: 'GET', path: '/api/appointments', query: { contactId: 'id', locationId: 'id', staffId: 'id', status: ['booked', 'confirmed', 'cancelled', 'completed', 'no_show'], from: 'instant', to: 'instant' } },
  { method: 'GET', path: '/api/appointments/:id' },
  { method: 'GET', path: '/api/appointments/:id/reschedule-options', query: { limit: 'limit' } },
  { method: 'POST', path: '/api/appointments/:id/:command', body: { startsAt: 'instant' } },
  { method: 'GET', path: '/api/calendar/feeds' },
  { method: 'GET', path: '/api/calendar/capacity', query: { locationId: 'id', from: 'instant', to: 'instant', serviceId: 'id', staffId: 'id' } },
  { method: 'GET', path: '/api/calendar/:kind/:id.ics', query: { token: 'token' } },
  { method: 'GET', path: '/api/setup' },
  { method: 'POST', path: '/api/setup/complete' },
  // Contacts.
  { method: 'GET', path: '/api/contacts', query: { phone: 'phone' } },
  { method: 'GET', path: '/api/contacts', query: { q: 'text', tag: 'text', consent: ['subscribed', 'opted_out', 'marketing', 'no_marketing'], activeSince: 'instant', inactiveSince: 'instant', cursor: 'cursor', limit: 'limit' } },
  { method: 'POST', path: '/api/contacts', body: contactBody },
  { method: 'GET', path: '/api/contacts/:id' },
  { method: 'PATCH', path: '/api/contacts/:id', body: contactBody },
  { method: 'DELETE', path: '/api/contacts/:id' },
  { method: 'POST', path: '/api/contacts/:id/merge', body: { otherId: 'id' } },
  { method: 'POST', path: '/api/contacts/:id/tags', body: { tag: 'text' } },
  { method: 'DELETE', path: '/api/contacts/:id/tags/:tag' },
  { method: 'GET', path: '/api/contact-attributes' },
  { method: 'POST', path: '/api/contact-attributes', body: attributeBody },
  { method: 'PATCH', path: '/api/contact-attributes/:id', body: attributeBody },
  { method: 'DELETE', path: '/api/contact-attributes/:id' },
  // Contacts import (a text/csv body: every JSON or junk body the fuzz sends must get a clean 415) and export.
  { method: 'POST', path: '/api/contacts/import', query: { dryRun: ['true', 'false'], source: 'text', region: ['CN', 'US', 'XX'], encoding: ['utf-8', 'gbk', 'x'], mapping: 'object' }, body: { phone: 'phone', name: 'text' } },
  { method: 'GET', path: '/api/contacts/export', query: { q: 'text', tag: 'text', consent: ['subscribed', 'opted_out', 'marketing', 'no_marketing'], activeSince: 'instant', inactiveSince: 'instant' } },
  // Canned replies (issue 14).
  { method: 'GET', path: '/api/channels' },
  { method: 'POST', path: '/api/channels', body: { name: 'text', provider: ['loopback', 'twilio', 'aliyun', 'tencent'], sender: 'phone', ratePerSecond: 'number', carries: 'array', config: 'object', secrets: 'object', active: 'bool', pricePerSegment: 'number' } },
  { method: 'PATCH', path: '/api/channels/:id', body: { name: 'text', sender: 'phone', ratePerSecond: 'number', carries: 'array', config: 'object', secrets: 'object', active: 'bool', pricePerSegment: 'number' } },
  { method: 'GET', path: '/api/channels/default/templates' },
  { method: 'GET', path: '/api/channels/:id/templates' },
  { method: 'PUT', path: '/api/channels/:id/templates/:key', body: { code: ['SMS_123456', '1234567', 'x'], text: 'text', params: 'object' } },
  { method: 'DELETE', path: '/api/channels/:id/templates/:key' },
  // Segments and campaigns (issue 16).
  { method: 'GET', path: '/api/segments' },
  { method: 'POST', path: '/api/segments', body: segmentBody },
  { method: 'GET', path: '/api/segments/:id' },
  { method: 'PATCH', path: '/api/segments/:id', body: segmentBody },
  { method: 'GET', path: '/api/segments/:id/preview' },
  { method: 'GET', path: '/api/campaign-settings' },
  { method: 'PUT', path: '/api/campaign-settings', body: {
    monthlyCaps: 'object', activeDays: 'number', dormantDays: 'number', complainedDays: 'number', sendWindow: 'object', refusalText: 'text',
    skipInConversation: 'bool', skipVisitWithinHours: 'number', optOutAlarmRate: 'number', pricePerSegment: 'number',
    complaintTakeDownCount: 'number', monthlyComplaintAlarmRate: 'number',
  } },
  { method: 'GET', path: '/api/campaigns' },
  { method: 'POST', path: '/api/campaigns', body: campaignBody },
  { method: 'GET', path: '/api/campaigns/:id' },
  { method: 'PATCH', path: '/api/campaigns/:id', body: campaignBody },
  { method: 'GET', path: '/api/campaigns/:id/preview' },
  { method: 'POST', path: '/api/campaigns/:id/test', body: { phone: 'phone' } },
  { method: 'POST', path: '/api/campaigns/:id/start' },
  { method: 'POST', path: '/api/campaigns/:id/pause' },
  { method: 'POST', path: '/api/campaigns/:id/resume' },
  { method: 'POST', path: '/api/campaigns/:id/cancel' },
  { method: 'POST', path: '/api/campaigns/:id/review', body: { decision: ['restore', 'keep_down'] } },
  { method: 'POST', path: '/api/campaigns/:id/copy' },
  { method: 'GET', path: '/api/campaign-alarms' },
  { method: 'GET', path: '/api/canned-replies', query: { q: 'text' } },
  { method: 'POST', path: '/api/canned-replies', body: { shortcut: 'template-key', bodies: 'bodies', scope: ['team', 'mine'] } },
  { method: 'PATCH', path: '/api/canned-replies/:id', body: { shortcut: 'template-key', bodies: 'bodies' } },
  { method: 'DELETE', path: '/api/canned-replies/:id' },
  { method: 'GET', path: '/api/conversations/:id/canned-replies' },
  { method: 'GET', path: '/api/notifications', query: { limit: 'limit', before: 'id' } },
  { method: 'POST', path: '/api/notifications/read', body: { ids: 'ids', all: 'bool', conversationId: 'id' } },
  // Reports (issue 17): local dates in the business's zone.
  { method: 'GET', path: '/api/reports/conversations', query: { from: reportDates, to: reportDates, format: ['json', 'csv', 'x'], table: ['byDay', 'byHour', 'byLanguage', 'perAgent', 'handoffsByReason', 'x'] } },
  { method: 'GET', path: '/api/reports/episodes', query: {
    from: reportDates, to: reportDates, kind: ['all', 'handoff', 'bot_resolved', 'unanswered', 'answered', 'resolved', 'open', 'x'], reason: 'text', language: 'locale',
    agentId: 'id', hour: ['0', '11', '23', '24', 'x'], cursor: 'id', limit: 'limit', format: ['json', 'csv', 'x'],
  } },
  // The message reports (issue 17): a range of local dates, CSV tables, and the lists behind the figures.
  { method: 'GET', path: '/api/reports/overview', query: { ...reportRange, format: ['json', 'csv'] } },
  { method: 'GET', path: '/api/reports/delivery', query: { ...reportRange, format: ['json', 'csv'], table: ['byDay', 'byCarrier', 'latency', 'failureReasons', 'x'] } },
  { method: 'GET', path: '/api/reports/compliance', query: { ...reportRange, format: ['json', 'csv'], table: ['byDay', 'bySend', 'alarms', 'x'] } },
  { method: 'GET', path: '/api/reports/messages', query: {
    ...reportRange, format: ['json', 'csv'], cursor: 'cursor', limit: 'limit', status: ['failed,undelivered', 'delivered', 'pending', 'lost'], direction: ['in', 'out'],
    channel: ['0', '1', 'x'], carrier: ['cmcc', 'abroad', 'cn_other', 'x'], region: ['CN', 'US/CA', 'HK'], code: ['twilio:30003', '30003'],
    send: ['campaign:1', 'template:handoff_ack', 'agent'], language: 'locale', complaint: ['true', 'false'],
  } },
  { method: 'GET', path: '/api/reports/opt-outs', query: { ...reportRange, format: ['json', 'csv'], cursor: 'cursor', limit: 'limit', source: ['sms', 'provider', 'import', 'x'], send: ['campaign:1', 'agent'] } },
  // Reports (issue 17): appointments, satisfaction and campaigns, each with the list behind its figures.
  { method: 'GET', path: '/api/reports/appointments', query: { ...reportRangeCsv, table: ['reminders', 'lead_time', 'language', 'changes', 'visits'] } },
  { method: 'GET', path: '/api/reports/appointments/items', query: {
    ...reportRangeCsv, ...reportPage, figure: ['reminders', 'reminders_not_sent', 'changes', 'visits'], outcome: ['confirmed', 'rescheduled', 'cancelled', 'none'],
    by: ['text', 'staff'], leadTime: ['under_3h', '12h_36h', '72h_plus'], language: 'locale', kind: ['booked', 'cancelled'], confirmed: ['yes', 'no'], noShow: ['yes', 'no'],
  } },
  { method: 'GET', path: '/api/reports/csat', query: { ...reportRangeCsv, table: ['distribution', 'trend', 'language'], interval: ['day', 'week'] } },
  { method: 'GET', path: '/api/reports/csat/items', query: { ...reportRangeCsv, ...reportPage, figure: ['surveys', 'responses', 'satisfied', 'low'], score: ['1', '5', '6'], language: 'locale' } },
  { method: 'GET', path: '/api/reports/campaigns', query: { ...reportRangeCsv, table: ['campaigns', 'language'] } },
  { method: 'GET', path: '/api/reports/responses', query: { ...reportRangeCsv, table: ['sends', 'x'] } },
  { method: 'GET', path: '/api/reports/responses/items', query: { ...reportRangeCsv, ...reportPage, send: ['campaign:1', 'template:appointment_reminder', 'agent', 'x'], figure: ['delivered', 'replied', 'not_replied', 'x'] } },
  { method: 'GET', path: '/api/reports/campaigns/items', query: {
    ...reportRangeCsv, ...reportPage, campaignId: 'id', figure: ['sent', 'delivered', 'failed', 'replied', 'booked'], variant: ['A', 'B'], language: 'locale',
  } },
  // What is not there.
  { method: 'GET', path: '/api/nothing-here' },
  { method: 'DELETE', path: '/api/conversations' },
];
