/**
 * The thread's quiet lines (issue 14 item 2), as the API and the socket carry them. Types only, so the browser build
 * includes it like socket-contract.ts.
 */

/** What happened to the conversation itself (rows of conversation_activity). */
export const CONVERSATION_ACTIVITY_KINDS = ['assigned', 'unassigned', 'taken_over', 'handed_back', 'resolved', 'reopened', 'snoozed', 'woke', 'handed_off', 'labelled', 'prioritised', 'slots_offered'] as const;
export type ConversationActivityKind = (typeof CONVERSATION_ACTIVITY_KINDS)[number];

/** What happened around it: the contact's appointments and consent, read from their own histories. */
export type AppointmentActivityKind = 'appointment_booked' | 'appointment_confirmed' | 'appointment_rescheduled' | 'appointment_cancelled';
export type ConsentActivityKind = 'opted_out' | 'opted_in';
export type ActivityKind = ConversationActivityKind | AppointmentActivityKind | ConsentActivityKind;

/** Who did it: an agent (named), the bot, the customer by SMS, or Huixin itself (timers, round-robin, imports). */
export type ActivityActor = 'agent' | 'bot' | 'customer' | 'system';

export interface ActivityDetail {
  /** assigned / taken_over / unassigned: the agent the thread went to (or left). */
  agentId?: number | null;
  agentName?: string | null;
  /** snoozed: until when (null: until the customer replies). */
  until?: string | null;
  /** labelled: the labels put on and taken off. */
  added?: string[];
  removed?: string[];
  /** prioritised: the new priority (null: none). */
  priority?: string | null;
  /** handed_off: the bot's HandoffReason. */
  reason?: string;
  /** appointments: when (after the change) and what. */
  startsAt?: string;
  service?: string | null;
  /** slots_offered: the times an agent offered on the bot's behalf, lettered A, B, C in this order. */
  slots?: string[];
  /** consent: every text or marketing only. */
  scope?: string;
}

export interface ActivityView {
  /** Unique across the three sources: `c12` (conversation), `a5` (appointment event), `k3` (consent event). */
  id: string;
  conversationId: number;
  kind: ActivityKind;
  actor: ActivityActor;
  actorName: string | null;
  detail: ActivityDetail;
  at: string;
}

/** GET /api/conversations/:id/activity; times are shown in the business's time zone. */
export interface ActivityPage { timezone: string; items: ActivityView[] }
