import { fromMicros } from './channel-prices';
import { CHANGE_KINDS, type ChangeRow, type VisitRow } from './appointment-rows';
import { money, rate } from './report-math';
import { byOf, LEAD_TIMES, type By, type LeadTime, type Reminder } from './reminder-outcomes';

type ByWho = { text: number; staff: number };
const byWho = (): ByWho => ({ text: 0, staff: 0 });

/** What reminders led to: each reminder counted once, under the first change it led to (reminder-outcomes.ts). */
export interface OutcomeTally {
  sent: number;
  confirmed: ByWho;
  rescheduled: ByWho;
  cancelled: ByWho;
  noChange: number;
  /** Reminders the customer answered by text with a confirmation, a move or a cancellation. */
  answeredByText: number;
  answeredByTextRate: number | null;
}

export interface NoShowTally { visits: number; noShows: number; noShowRate: number | null }

export interface AppointmentFigures {
  reminders: OutcomeTally & {
    /** Reminders recorded whose text did not leave: refused (the customer opted out), failed, or still queued. */
    notSent: number;
    parts: number;
    cost: number;
    costPerReminder: number | null;
    byLeadTime: Array<{ leadTime: LeadTime } & OutcomeTally>;
    byLanguage: Array<{ language: string } & OutcomeTally>;
  };
  /** Every change made in the range, by the customer's text or by the clinic. */
  changes: Record<(typeof CHANGE_KINDS)[number], ByWho>;
  /** Visits of the range that were closed: how many of the confirmed and of the unconfirmed ones were no-shows. */
  visits: { confirmed: NoShowTally; unconfirmed: NoShowTally; byLanguage: Array<{ language: string; confirmed: NoShowTally; unconfirmed: NoShowTally }> };
}

/**
 * `n` reminders alike in everything the figures count, with their parts and cost: one reminder of the rows
 * (reminderCounts) or a roll-up row (reminder-rollups.ts), so both give the figures by the same arithmetic.
 */
export type ReminderCount = Pick<Reminder, 'sent' | 'outcome' | 'outcomeBy' | 'leadTime' | 'language' | 'parts' | 'costMicros'> & { n: number };
/** Changes of one kind by one side, `n` of them. */
export interface ChangeCount { kind: ChangeRow['kind']; by: By; n: number }

export const reminderCounts = (reminders: Reminder[]): ReminderCount[] => reminders.map((r) => ({
  sent: r.sent, outcome: r.outcome, outcomeBy: r.outcomeBy, leadTime: r.leadTime, language: r.language, parts: r.parts, costMicros: r.costMicros, n: 1,
}));
export const changeCounts = (changes: ChangeRow[]): ChangeCount[] => changes.map((c) => ({ kind: c.kind, by: byOf(c.actor), n: 1 }));

const total = (counts: ReminderCount[], of: (c: ReminderCount) => number) => counts.reduce((sum, c) => sum + of(c), 0);

export function tallyOutcomes(reminders: ReminderCount[]): OutcomeTally {
  const t = { sent: 0, confirmed: byWho(), rescheduled: byWho(), cancelled: byWho(), noChange: 0, answeredByText: 0 };
  for (const r of reminders.filter((x) => x.sent)) {
    t.sent += r.n;
    if (r.outcome === 'none') t.noChange += r.n;
    else t[r.outcome][r.outcomeBy!] += r.n;
    if (r.outcomeBy === 'text') t.answeredByText += r.n;
  }
  return { ...t, answeredByTextRate: rate(t.answeredByText, t.sent) };
}

/** Closed visits of one language, confirmed or not when closed: how many, and how many of those were no-shows. */
export interface VisitCount { confirmed: { visits: number; noShows: number }; unconfirmed: { visits: number; noShows: number } }
/** Per language: from the rows (countVisits) or from the roll-ups (visit-rollups.ts), the same counts. */
export type VisitCounts = Map<string, VisitCount>;

export const noVisits = (): VisitCount => ({ confirmed: { visits: 0, noShows: 0 }, unconfirmed: { visits: 0, noShows: 0 } });

/** A visit counts as confirmed when it was confirmed when closed (by a "1", a move the customer chose, or an agent). */
export const wasConfirmed = (v: VisitRow) => v.statusBefore === 'confirmed';

export function countVisits(visits: VisitRow[]): VisitCounts {
  const counts: VisitCounts = new Map();
  for (const v of visits) {
    let c = counts.get(v.language);
    if (!c) counts.set(v.language, c = noVisits());
    const side = wasConfirmed(v) ? c.confirmed : c.unconfirmed;
    side.visits += 1;
    if (v.status === 'no_show') side.noShows += 1;
  }
  return counts;
}

function tallyVisits(counts: VisitCount[]): { confirmed: NoShowTally; unconfirmed: NoShowTally } {
  const of = (side: 'confirmed' | 'unconfirmed'): NoShowTally => {
    const visits = counts.reduce((sum, c) => sum + c[side].visits, 0);
    const noShows = counts.reduce((sum, c) => sum + c[side].noShows, 0);
    return { visits, noShows, noShowRate: rate(noShows, visits) };
  };
  return { confirmed: of('confirmed'), unconfirmed: of('unconfirmed') };
}

const languagesOf = (rows: Array<{ language: string; n: number }>) => [...new Set(rows.filter((r) => r.n).map((r) => r.language))].sort();

/**
 * The appointment section from its counts (pure): the rows' (one per reminder and change, so each count is its
 * drill-down list's length) or the roll-ups', the same figures either way; the visits from their counts.
 */
export function appointmentFigures(reminders: ReminderCount[], changes: ChangeCount[], visits: VisitCounts): AppointmentFigures {
  const sent = reminders.filter((r) => r.sent);
  const sentN = total(sent, (r) => r.n);
  const parts = total(sent, (r) => r.parts);
  // Each reminder at its own channel's price, summed in millionths so the total is exact.
  const cost = money(fromMicros(total(sent, (r) => r.costMicros)));
  const byKind = Object.fromEntries(CHANGE_KINDS.map((k) => [k, byWho()])) as AppointmentFigures['changes'];
  for (const c of changes) byKind[c.kind as (typeof CHANGE_KINDS)[number]][c.by] += c.n;
  return {
    reminders: {
      ...tallyOutcomes(reminders),
      notSent: total(reminders, (r) => r.n) - sentN, parts, cost, costPerReminder: sentN ? money(cost / sentN) : null,
      byLeadTime: LEAD_TIMES.map(({ leadTime }) => ({ leadTime, ...tallyOutcomes(reminders.filter((r) => r.leadTime === leadTime)) })),
      byLanguage: languagesOf(sent).map((language) => ({ language, ...tallyOutcomes(reminders.filter((r) => r.language === language)) })),
    },
    changes: byKind,
    visits: {
      ...tallyVisits([...visits.values()]),
      byLanguage: [...visits.keys()].sort().map((language) => ({ language, ...tallyVisits([visits.get(language)!]) })),
    },
  };
}

