import type { AppointmentActor, AppointmentEventKind } from '../db/entities';
import { OUTCOME_KINDS, type ReminderRow } from './appointment-rows';
import { costMicros, type PricedChannel } from './channel-prices';
import { billedParts } from './sms-parts';

/** Who made a change: the customer by SMS (`text`), or the clinic — an agent in the inbox or its own system through the API (`staff`). */
export type By = 'text' | 'staff';
export const byOf = (actor: AppointmentActor): By => (actor === 'contact' ? 'text' : 'staff');

export type Outcome = (typeof OUTCOME_KINDS)[number] | 'none';

/**
 * How far ahead of the visit a reminder went, in hours (upper bounds exclusive). The defaults (24 h and 2 h before,
 * moved earlier out of quiet hours) land in 12h_36h and under_3h; an evening-before reminder for an early visit in 3h_12h.
 */
export const LEAD_TIMES = [
  { leadTime: 'under_3h', belowHours: 3 }, { leadTime: '3h_12h', belowHours: 12 }, { leadTime: '12h_36h', belowHours: 36 },
  { leadTime: '36h_72h', belowHours: 72 }, { leadTime: '72h_plus', belowHours: Infinity },
] as const;
export type LeadTime = (typeof LEAD_TIMES)[number]['leadTime'];

/** @example leadTimeOf(new Date('2026-12-01T02:00Z'), new Date('2026-12-02T02:00Z')) // → '12h_36h' */
export function leadTimeOf(sentAt: Date, visitAt: Date): LeadTime {
  const hours = (visitAt.getTime() - sentAt.getTime()) / 3_600_000;
  return LEAD_TIMES.find((b) => hours < b.belowHours)!.leadTime;
}

/** Provider statuses of a text that left: it reached the provider, whatever the receipt said after. */
const LEFT = new Set(['sent', 'delivered', 'undelivered']);
export const textLeft = (status: string) => LEFT.has(status);

/** A reminder with what came of it. */
export interface Reminder extends ReminderRow {
  /** Its text left (the provider took it); false: refused (opted out), failed, or still waiting. */
  sent: boolean;
  outcome: Outcome;
  outcomeBy: By | null;
  outcomeAt: Date | null;
  leadTime: LeadTime;
  /** SMS parts billed for its text (0 when it did not leave). */
  parts: number;
  /** What those parts cost at the price of the channel that sent it, in millionths of the business's currency. */
  costMicros: number;
}

type Later = { eventId: number; appointmentId: number; kind: AppointmentEventKind; actor: AppointmentActor; at: Date };

/**
 * A reminder's outcome is the first confirmation, move or cancellation of its appointment after it and before the
 * next reminder of the same appointment (which then speaks for itself), by whoever made it; none: nothing changed.
 * Events are compared by id, the order they were written in. Its parts are priced at its own channel's price.
 */
export function judgeReminders(rows: ReminderRow[], later: Later[], channels: Map<number, PricedChannel>): Reminder[] {
  const byAppointment = new Map<number, Later[]>();
  for (const e of later) byAppointment.set(e.appointmentId, [...(byAppointment.get(e.appointmentId) ?? []), e]);
  return rows.map((r) => {
    const after = (byAppointment.get(r.appointmentId) ?? []).filter((e) => e.eventId > r.eventId);
    const next = after.findIndex((e) => e.kind === 'reminded');
    const change = (next === -1 ? after : after.slice(0, next)).find((e) => (OUTCOME_KINDS as readonly string[]).includes(e.kind));
    const sent = r.text !== null && LEFT.has(r.text.status);
    const parts = sent ? billedParts(r.text!) : 0;
    return {
      ...r, sent,
      outcome: (change?.kind ?? 'none') as Outcome, outcomeBy: change ? byOf(change.actor) : null, outcomeAt: change?.at ?? null,
      leadTime: leadTimeOf(r.at, r.visitAt),
      parts, costMicros: sent ? costMicros(channels, r.text!.channelId, parts) : 0,
    };
  });
}
