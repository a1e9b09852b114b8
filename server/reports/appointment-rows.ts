import type { EntityManager } from 'typeorm';
import type { AppointmentActor, AppointmentEventKind, AppointmentStatus, MessageStatus } from '../db/entities';
import { instant, rawRows } from './raw-rows';
import type { ReportRange } from './report-range';
import { pairTexts } from './text-of-event';

type Range = Pick<ReportRange, 'start' | 'end'>;
type Raw = Record<string, string | number | Date | null>;
/** Only the bounds: a ReportRange's other fields must never meet a `:name` in the SQL. */
const bounds = (range: Range) => ({ start: range.start, end: range.end });

/** What a report lists about the appointment behind a figure. */
export interface AppointmentRef { appointmentId: number; contactId: number; language: string; service: string }

/** An appointment's SMS as the reports need it: whether it left, and what it cost (its parts at its channel's price; null: the default channel). */
export interface SentText {
  id: number; contactId: number; createdAt: Date; status: MessageStatus; provider: string; channelId: number | null; body: string; billedSegments: number | null;
}

export interface ReminderRow extends AppointmentRef { eventId: number; at: Date; visitAt: Date; actor: AppointmentActor; text: SentText | null }
export interface ChangeRow extends AppointmentRef { eventId: number; kind: AppointmentEventKind; actor: AppointmentActor; at: Date }
export interface VisitRow extends AppointmentRef { startsAt: Date; status: Extract<AppointmentStatus, 'completed' | 'no_show'>; statusBefore: AppointmentStatus }

/** The kinds of change a reminder may lead to (its outcome), and that the report counts by who made them. */
export const OUTCOME_KINDS = ['confirmed', 'rescheduled', 'cancelled'] as const;
export const CHANGE_KINDS = ['booked', ...OUTCOME_KINDS] as const;

const ref = (r: Raw): AppointmentRef => ({
  appointmentId: Number(r.appointmentId), contactId: Number(r.contactId), language: String(r.language), service: String(r.service),
});
const APPOINTMENT = `JOIN appointments a ON a.id = e.appointment_id JOIN contacts ct ON ct.id = a.contact_id`;
const REF_COLUMNS = `a.id AS appointmentId, a.contact_id AS contactId, ct.locale AS language, a.service AS service`;

/** The texts of one template queued in the range (the reminders' or the surveys'), oldest first. */
export async function textsOf(em: EntityManager, template: string, range: Range): Promise<SentText[]> {
  // The direction test is a CASE so no index serves it: SQLite (no statistics) took idx_messages_direction_created,
  // every outbound text of the range, over the template's own index (a year's survey texts: ~500 ms of the overview).
  const rows = await rawRows<Raw>(em, `SELECT ${SENT_TEXT_COLUMNS} FROM messages m
    WHERE m.template_key = :template AND (CASE WHEN m.direction = 'out' THEN 1 ELSE 0 END) = 1
    AND m.created_at >= :start AND m.created_at < :end ORDER BY m.id`,
  { template, ...bounds(range) });
  return rows.map(sentTextOf);
}

/** The columns of a SentText on messages `m`, as sentTextOf reads them. */
export const SENT_TEXT_COLUMNS = `m.id AS id, m.contact_id AS contactId, m.created_at AS createdAt, m.status AS status,
    m.provider AS provider, m.channel_id AS channelId, m.body AS body, m.billed_segments AS billedSegments`;

export const sentTextOf = (r: Raw): SentText => ({
  id: Number(r.id), contactId: Number(r.contactId), createdAt: instant(r.createdAt as string | Date), status: r.status as MessageStatus,
  provider: String(r.provider), channelId: r.channelId === null ? null : Number(r.channelId), body: String(r.body), billedSegments: r.billedSegments === null ? null : Number(r.billedSegments),
});

/** Every reminder recorded in the range ('reminded' events: the job's and an agent's "remind"), each with its text. */
export async function reminderRows(em: EntityManager, range: Range): Promise<ReminderRow[]> {
  const [events, texts] = await Promise.all([
    rawRows<Raw>(em, `SELECT e.id AS eventId, e.at AS at, e.to_starts_at AS visitAt, e.actor AS actor, ${REF_COLUMNS}
      FROM appointment_events e ${APPOINTMENT} WHERE e.kind = 'reminded' AND e.at >= :start AND e.at < :end ORDER BY e.id`, bounds(range)),
    textsOf(em, 'appointment_reminder', range),
  ]);
  const reminders = events.map((r) => ({
    ...ref(r), eventId: Number(r.eventId), at: instant(r.at as string | Date), visitAt: instant(r.visitAt as string | Date), actor: r.actor as AppointmentActor, text: null,
  }));
  const paired = pairTexts(reminders, texts);
  return reminders.map((r) => ({ ...r, text: paired.get(r) ?? null }));
}

/**
 * What happened to the reminded appointments from the range's start on (later reminders included, which end an
 * earlier reminder's say), oldest first: an answer to a reminder sent on the 31st may come on the 1st.
 */
export async function eventsAfterReminders(em: EntityManager, range: Range): Promise<Array<{ eventId: number; appointmentId: number; kind: AppointmentEventKind; actor: AppointmentActor; at: Date }>> {
  const rows = await rawRows<Raw>(em, `SELECT e.id AS eventId, e.appointment_id AS appointmentId, e.kind AS kind, e.actor AS actor, e.at AS at
    FROM appointment_events e WHERE e.kind IN ('reminded', :...outcomes) AND e.at >= :start
    AND e.appointment_id IN (SELECT r.appointment_id FROM appointment_events r WHERE r.kind = 'reminded' AND r.at >= :start AND r.at < :end)
    ORDER BY e.id`, { ...bounds(range), outcomes: [...OUTCOME_KINDS] });
  return rows.map((r) => ({ eventId: Number(r.eventId), appointmentId: Number(r.appointmentId), kind: r.kind as AppointmentEventKind, actor: r.actor as AppointmentActor, at: instant(r.at as string | Date) }));
}

/** Bookings, confirmations, moves and cancellations made in the range, by anyone. */
export async function changeRows(em: EntityManager, range: Range): Promise<ChangeRow[]> {
  const rows = await rawRows<Raw>(em, `SELECT e.id AS eventId, e.kind AS kind, e.actor AS actor, e.at AS at, ${REF_COLUMNS}
    FROM appointment_events e ${APPOINTMENT} WHERE e.kind IN (:...kinds) AND e.at >= :start AND e.at < :end ORDER BY e.id`,
  { ...bounds(range), kinds: [...CHANGE_KINDS] });
  return rows.map((r) => ({ ...ref(r), eventId: Number(r.eventId), kind: r.kind as AppointmentEventKind, actor: r.actor as AppointmentActor, at: instant(r.at as string | Date) }));
}

/**
 * Visits that started in the range and were closed (completed, or marked a no-show), with the status they had just
 * before: the closing event's `from_status` says whether the visit had been confirmed.
 */
export async function visitRows(em: EntityManager, range: Range): Promise<VisitRow[]> {
  const rows = await rawRows<Raw>(em, `SELECT ${REF_COLUMNS}, a.starts_at AS startsAt, a.status AS status, e.from_status AS statusBefore
    FROM appointments a JOIN appointment_events e ON e.appointment_id = a.id AND e.kind = a.status JOIN contacts ct ON ct.id = a.contact_id
    WHERE a.starts_at >= :start AND a.starts_at < :end AND a.status IN ('completed', 'no_show') ORDER BY a.starts_at, a.id`, bounds(range));
  return rows.map((r) => ({
    ...ref(r), startsAt: instant(r.startsAt as string | Date), status: r.status as VisitRow['status'], statusBefore: r.statusBefore as AppointmentStatus,
  }));
}
