import type { EntityManager } from 'typeorm';
import type { AppointmentActor, AppointmentEventKind } from '../db/entities';
import type { ChangeCount, ReminderCount, VisitCounts } from './appointment-figures';
import { CHANGE_KINDS, changeRows, eventsAfterReminders, OUTCOME_KINDS, reminderRows, SENT_TEXT_COLUMNS, sentTextOf, type SentText } from './appointment-rows';
import { costMicros, pricedChannels, type PricedChannel } from './channel-prices';
import { rawRows } from './raw-rows';
import { storedInstant as at } from './stored-values';
import { byOf, judgeReminders, LEAD_TIMES, leadTimeOf, textLeft, type By, type Outcome } from './reminder-outcomes';
import { hourOf, type CountedMessage, type RollupDelta } from './rollup-keys';
import { atContactInstants, earlierEventsSql, pairTexts } from './text-of-event';
import { exactSpan, sumsBy } from './rollup-read';
import { countRollups } from './rollup-store';
import { billedParts } from './sms-parts';
import { visitCountsOf } from './visit-rollups';

/**
 * The appointment report's reminders and changes counted in `report_rollups`, so a year reads a few thousand rows
 * instead of every reminder, its text and what its visit did after (reminder-outcomes.ts says what a reminder's
 * outcome is; these counts follow that rule exactly, and the rebuild counts the very rows the report used to read).
 *
 * - `reminder`: a reminder ('reminded' event) in the hour it was recorded (its text is queued at the same instant),
 *   dimension `language` (the contact's locale), channel = its text's channel once the text left (0 before, or the
 *   default channel), `segments` = its billed parts once it left. State `<s|n>:<lead time 0–4>:<outcome>`: s = its
 *   text left, lead time LEAD_TIMES' index, outcome `-` (none) or the change's first letter (c, r, x = cancelled) and
 *   who (t = text, s = staff). Moves when its text's status or parts change (countReminderTextChanges, with the text's
 *   counts) and when its outcome is decided (the first confirmation, move or cancellation after it, before another
 *   reminder: countAppointmentEvent). Nothing else about a reminder changes.
 * - `appt_change`: bookings, confirmations, moves and cancellations in the hour they were made, dimension `all`,
 *   state `<kind>:<t|s>`. History rows are never changed, so one count when written is the whole upkeep.
 * Erasing a contact deletes their appointments' history but not these counts (as with every message count) until
 * `npm run reports:rebuild`.
 */

export const REMINDER_TEMPLATE = 'appointment_reminder';
const OUTCOME_CODES: Record<Exclude<Outcome, 'none'>, string> = { confirmed: 'c', rescheduled: 'r', cancelled: 'x' };
const BY_CODES: Record<By, string> = { text: 't', staff: 's' };
/** The same codes read back from a roll-up row's state. */
const OUTCOME_OF_CODE = Object.fromEntries(Object.entries(OUTCOME_CODES).map(([k, v]) => [v, k])) as Record<string, Exclude<Outcome, 'none'>>;
const BY_OF_CODE = Object.fromEntries(Object.entries(BY_CODES).map(([k, v]) => [v, k])) as Record<string, By>;

/** A reminder as its count needs it: when, for which visit and language, its text (null: none paired) and its outcome. */
interface ReminderFacts { at: Date; visitAt: Date; language: string; text: SentText | null; outcome: Outcome; outcomeBy: By | null }

function reminderDelta(f: ReminderFacts, sign: 1 | -1): RollupDelta {
  const sent = f.text !== null && textLeft(f.text.status);
  const lead = LEAD_TIMES.findIndex((b) => b.leadTime === leadTimeOf(f.at, f.visitAt));
  const outcome = f.outcome === 'none' ? '-' : `${OUTCOME_CODES[f.outcome]}${BY_CODES[f.outcomeBy!]}`;
  return {
    hour: hourOf(f.at), dim: 'language', value: f.language.slice(0, 80), channelId: sent ? f.text!.channelId ?? 0 : 0,
    kind: 'reminder', state: `${sent ? 's' : 'n'}:${lead}:${outcome}`, n: sign, segments: sent ? sign * billedParts(f.text!) : 0,
  };
}

const changeDelta = (at: Date, kind: string, actor: AppointmentActor): RollupDelta => ({
  hour: hourOf(at), dim: 'all', value: '', channelId: 0, kind: 'appt_change', state: `${kind}:${BY_CODES[byOf(actor)]}`, n: 1, segments: 0,
});

type Raw = Record<string, string | number | Date | null>;

/** Which reminder: by its id, or the latest of an appointment before one of its events. */
type Which = { id: number } | { latestBefore: { appointmentId: number; id: number } };

/**
 * A reminder as it stands: its text paired as text-of-event.ts pairs them (the contact's reminder texts of that
 * instant, in id order), its outcome the first change of its appointment after it unless another reminder came first.
 * Also answers the id of that first later event, so a writer knows whether its event decided the outcome. Two reads:
 * the reminder with its place and first later event, then its text.
 */
async function reminderFacts(em: EntityManager, which: Which): Promise<(ReminderFacts & { firstLaterId: number | null }) | null> {
  const pick = 'id' in which ? 'e.id = :id' : `e.id = (SELECT MAX(r.id) FROM appointment_events r WHERE r.appointment_id = :appointmentId
    AND r.kind = 'reminded' AND r.id < :before)`;
  const params = 'id' in which ? { id: which.id } : { appointmentId: which.latestBefore.appointmentId, before: which.latestBefore.id };
  const [e] = await rawRows<Raw>(em, remindersWhere(pick), { ...params, outcomes: [...OUTCOME_KINDS] });
  if (!e) return null;
  const [text] = await rawRows<Raw>(em, `SELECT ${SENT_TEXT_COLUMNS} FROM messages m WHERE m.contact_id = :contactId AND m.created_at = :at
      AND m.template_key = :template AND m.direction = 'out' ORDER BY m.id LIMIT 1 OFFSET ${Number(e.place)}`,
  { contactId: Number(e.contactId), at: at(e.at), template: REMINDER_TEMPLATE });
  return factsOf(e, text ? sentTextOf(text) : null);
}

/**
 * Reminders `where` says, each with its appointment's first later event and (`withPlace`) its place among its contact's
 * reminders of that instant.
 */
const remindersWhere = (where: string, withPlace = true) => `SELECT e.id AS id, e.at AS at, e.to_starts_at AS visitAt, a.contact_id AS contactId, ct.locale AS language,
      ${withPlace ? `${earlierEventsSql('reminded', 'a.contact_id', 'e.at', 'e.id')} AS place,` : ''}
      l.id AS laterId, l.kind AS laterKind, l.actor AS laterActor
    FROM appointment_events e JOIN appointments a ON a.id = e.appointment_id JOIN contacts ct ON ct.id = a.contact_id
      LEFT JOIN appointment_events l ON l.id = (SELECT f.id FROM appointment_events f WHERE f.appointment_id = e.appointment_id AND f.id > e.id
        AND f.kind IN ('reminded', :...outcomes) ORDER BY f.id LIMIT 1)
    WHERE ${where} AND e.kind = 'reminded'`;

/** A row of remindersWhere with its paired text, as a count needs it. */
function factsOf(e: Raw, text: SentText | null): ReminderFacts & { firstLaterId: number | null } {
  const decided = e.laterId !== null && e.laterKind !== 'reminded';
  return {
    at: at(e.at), visitAt: at(e.visitAt), language: String(e.language), text,
    outcome: decided ? (e.laterKind as Outcome) : 'none', outcomeBy: decided ? byOf(e.laterActor as AppointmentActor) : null,
    firstLaterId: e.laterId === null ? null : Number(e.laterId),
  };
}

/**
 * An appointment's history row was written (appointment-history.ts recordChange), in its transaction: a change
 * counts once; a new reminder counts as it stands; a confirmation, move or cancellation that is the first change
 * after the appointment's latest reminder moves that reminder from "no change" to it.
 */
export async function countAppointmentEvent(em: EntityManager, event: { id: number; appointmentId: number; kind: AppointmentEventKind; actor: AppointmentActor; at: Date }): Promise<void> {
  const deltas: RollupDelta[] = [];
  if ((CHANGE_KINDS as readonly string[]).includes(event.kind)) deltas.push(changeDelta(event.at, event.kind, event.actor));
  if (event.kind === 'reminded') {
    const f = await reminderFacts(em, { id: event.id });
    if (f) deltas.push(reminderDelta(f, 1));
  } else if ((OUTCOME_KINDS as readonly string[]).includes(event.kind)) {
    const f = await reminderFacts(em, { latestBefore: { appointmentId: event.appointmentId, id: event.id } });
    if (f && f.firstLaterId === event.id) deltas.push(reminderDelta({ ...f, outcome: 'none', outcomeBy: null }, -1), reminderDelta(f, 1));
  }
  await countRollups(em, deltas);
}

/** Whether a reminder text's change moves its reminder's count: it started or stopped having left, or left with other parts or channel. */
function movesReminder(before: CountedMessage, after: CountedMessage): boolean {
  const [was, is] = [textLeft(before.status), textLeft(after.status)];
  return was !== is || (is && (before.billedSegments !== after.billedSegments || before.channelId !== after.channelId || before.provider !== after.provider));
}

/**
 * Reminder texts' status, parts or channel changed (message-rollups.ts countMessageChanges, the writers' transaction):
 * each one's reminder count moves with it. Only reminder texts whose count changes cost look-ups, and however many the
 * sender records at once, three reads in all: the reminders and the reminder texts of those contacts at those instants
 * (paired by place in id order, as text-of-event.ts pairs them), read together — not three per text, one after another
 * inside the recorder's transaction while every other outcome waits for its commit (a morning's reminders at once).
 */
export async function countReminderTextChanges(em: EntityManager, changes: Array<{ before: CountedMessage; after: CountedMessage & { id?: number; contactId?: number } }>): Promise<void> {
  const moving = changes.filter(({ before, after }) => after.direction === 'out' && after.templateKey === REMINDER_TEMPLATE && after.id !== undefined
    && after.contactId !== undefined && movesReminder(before, after));
  if (!moving.length) return;
  const keys = atContactInstants(em, moving.map(({ after }) => ({ contactId: after.contactId!, createdAt: after.createdAt })), REMINDER_TEMPLATE);
  // Paired in memory by order, so without each reminder's place (a count per row that only the one-reminder read needs).
  const reminders = await rawRows<Raw>(em, `${remindersWhere(keys.where('a.contact_id', 'e.at'), false)} ORDER BY e.id`, { ...keys.params, outcomes: [...OUTCOME_KINDS] });
  const texts = (await keys.texts(SENT_TEXT_COLUMNS)).map((r) => sentTextOf(r as Raw));
  const paired = pairTexts(reminders.map((e) => ({ e, contactId: Number(e.contactId), at: at(e.at) })), texts);
  const reminderOfText = new Map([...paired].flatMap(([{ e }, text]) => (text ? [[text.id, factsOf(e, text)] as const] : [])));
  const deltas: RollupDelta[] = [];
  for (const { before, after } of moving) {
    const f = reminderOfText.get(after.id!);
    if (!f) continue;
    const as = (m: CountedMessage): SentText => ({ ...f.text!, status: m.status, provider: m.provider, channelId: m.channelId ?? null, billedSegments: m.billedSegments });
    deltas.push(reminderDelta({ ...f, text: as(before) }, -1), reminderDelta({ ...f, text: as(after) }, 1));
  }
  await countRollups(em, deltas);
}

/** The reminders and changes recorded in [start, end), from the rows the report reads (the rebuild's part, and the migration's). */
export async function rebuiltAppointmentDeltas(em: EntityManager, start: Date, end: Date, channels?: Map<number, PricedChannel>): Promise<RollupDelta[]> {
  const range = { start, end };
  const [rows, later, changes] = await Promise.all([reminderRows(em, range), eventsAfterReminders(em, range), changeRows(em, range)]);
  const reminders = judgeReminders(rows, later, channels ?? await pricedChannels(em));
  return [
    ...reminders.map((r) => reminderDelta({ at: r.at, visitAt: r.visitAt, language: r.language, text: r.text, outcome: r.outcome, outcomeBy: r.outcomeBy }, 1)),
    ...changes.map((c) => changeDelta(c.at, c.kind, c.actor)),
  ];
}

/**
 * The range's reminders, changes and closed visits (visit-rollups.ts) from the roll-ups, each reminder's parts at its
 * channel's price; null when its edges are not whole UTC hours. Two reads: the `language` rows, the `all` rows.
 */
export async function appointmentRollupCounts(em: EntityManager, range: { start: Date; end: Date }, channels: Map<number, PricedChannel>):
  Promise<{ reminders: ReminderCount[]; changes: ChangeCount[]; visits: VisitCounts } | null> {
  const span = exactSpan(range);
  if (!span) return null;
  const [byLanguage, changes] = await Promise.all([sumsBy(em, span, 'language', ['reminder', 'visit']), sumsBy(em, span, 'all', ['appt_change'])]);
  const reminders = byLanguage.filter((r) => r.kind === 'reminder');
  return {
    reminders: reminders.map((r) => {
      const [sent, lead, outcome] = r.state.split(':') as [string, string, string];
      return {
        sent: sent === 's', leadTime: LEAD_TIMES[Number(lead)]!.leadTime, language: r.value,
        outcome: outcome === '-' ? 'none' : OUTCOME_OF_CODE[outcome[0]!]!, outcomeBy: outcome === '-' ? null : BY_OF_CODE[outcome[1]!]!,
        parts: r.segments, costMicros: costMicros(channels, r.channelId, r.segments), n: r.n,
      };
    }),
    changes: changes.map((c) => {
      const [kind, by] = c.state.split(':') as [ChangeCount['kind'], string];
      return { kind, by: BY_OF_CODE[by]!, n: c.n };
    }),
    visits: visitCountsOf(byLanguage),
  };
}
