import { ACTIONS } from '../../rules/types';
import { CONVERSATION_STATUSES, CONVERSATION_VIEWS } from '../../server/inbox/socket-contract';

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
  name: 'text', enabled: 'bool', priority: 'number', match: 'rule-match', conditions: 'object', action: ACTIONS, reply: 'text', replyTemplate: 'template-key',
};

const serviceBody: Record<string, FieldKind> = { name: 'text', durationMinutes: 'number', bufferMinutes: 'number', locationIds: 'ids', staffIds: 'ids', active: 'bool' };
const locationBody: Record<string, FieldKind> = {
  name: 'text', address: 'text', phone: 'phone', timezone: 'timezone', capacity: 'number', slotMinutes: 'number', weeklyHours: 'object', closedDates: 'array',
};
const staffBody: Record<string, FieldKind> = { name: 'text', locationId: 'id', serviceIds: 'ids', weeklyHours: 'object', active: 'bool' };

const contactBody: Record<string, FieldKind> = { phone: 'phone', name: 'text', locale: 'locale', timezone: 'timezone', tags: 'array', attributes: 'object', marketingConsent: 'bool' };
const attributeBody: Record<string, FieldKind> = { key: 'text', labels: 'object', type: ['text', 'number', 'date', 'choice'], choices: 'array', position: 'number' };

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/healthz' },
  // Providers and the phone simulator.
  { method: 'POST', path: '/webhooks/generic', body: { id: 'text', from: 'phone', to: 'text', text: 'text' } },
  { method: 'POST', path: '/webhooks/twilio', form: true, body: { MessageSid: 'text', SmsSid: 'text', From: 'phone', To: 'phone', Body: 'text', NumMedia: 'number', MediaUrl0: 'text' } },
  { method: 'POST', path: '/webhooks/twilio/status', form: true, body: { MessageSid: 'text', MessageStatus: ['queued', 'sent', 'delivered', 'failed', 'undelivered', 'read'], ErrorCode: ['21610', '30003', 'x'] } },
  { method: 'GET', path: '/api/simulator/phones' },
  { method: 'GET', path: '/api/simulator/messages', query: { phone: 'phone' } },
  { method: 'POST', path: '/api/simulator/messages', body: { from: 'phone', text: 'text' } },
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
  { method: 'GET', path: '/api/conversations', query: { view: CONVERSATION_VIEWS, status: CONVERSATION_STATUSES, assignee: 'id', contactId: 'id', q: 'text', cursor: 'cursor', limit: 'limit' } },
  { method: 'GET', path: '/api/conversations/counts' },
  { method: 'GET', path: '/api/conversations/:id' },
  { method: 'GET', path: '/api/conversations/:id/messages' },
  { method: 'POST', path: '/api/conversations/:id/messages', body: { body: 'text', template: 'template-key' } },
  { method: 'GET', path: '/api/conversations/:id/templates' },
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
  { method: 'PATCH', path: '/api/me', body: { name: 'text', locale: 'locale', password: 'text', currentPassword: 'text' } },
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
  { method: 'GET', path: '/api/canned-replies', query: { q: 'text' } },
  { method: 'POST', path: '/api/canned-replies', body: { shortcut: 'template-key', bodies: 'bodies', scope: ['team', 'mine'] } },
  { method: 'PATCH', path: '/api/canned-replies/:id', body: { shortcut: 'template-key', bodies: 'bodies' } },
  { method: 'DELETE', path: '/api/canned-replies/:id' },
  { method: 'GET', path: '/api/conversations/:id/canned-replies' },
  // What is not there.
  { method: 'GET', path: '/api/nothing-here' },
  { method: 'DELETE', path: '/api/conversations' },
];
