import { fromMicros } from './channel-prices';
import { CHANGE_KINDS, type ChangeRow, type VisitRow } from './appointment-rows';
import { money, rate } from './report-math';
import { byOf, LEAD_TIMES, type LeadTime, type Reminder } from './reminder-outcomes';

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

export function tallyOutcomes(reminders: Reminder[]): OutcomeTally {
  const t = { sent: 0, confirmed: byWho(), rescheduled: byWho(), cancelled: byWho(), noChange: 0, answeredByText: 0 };
  for (const r of reminders.filter((x) => x.sent)) {
    t.sent += 1;
    if (r.outcome === 'none') t.noChange += 1;
    else t[r.outcome][r.outcomeBy!] += 1;
    if (r.outcomeBy === 'text') t.answeredByText += 1;
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

const languagesOf = (rows: Array<{ language: string }>) => [...new Set(rows.map((r) => r.language))].sort();

/**
 * The appointment section from its rows (pure): the same rows give the drill-down lists, so each count is its list's
 * length; the visits from their counts (the rows' or the roll-ups').
 */
export function appointmentFigures(reminders: Reminder[], changes: ChangeRow[], visits: VisitCounts): AppointmentFigures {
  const sent = reminders.filter((r) => r.sent);
  const parts = sent.reduce((sum, r) => sum + r.parts, 0);
  // Each reminder at its own channel's price, summed in millionths so the total is exact.
  const cost = money(fromMicros(sent.reduce((sum, r) => sum + r.costMicros, 0)));
  const changeCounts = Object.fromEntries(CHANGE_KINDS.map((k) => [k, byWho()])) as AppointmentFigures['changes'];
  for (const c of changes) changeCounts[c.kind as (typeof CHANGE_KINDS)[number]][byOf(c.actor)] += 1;
  return {
    reminders: {
      ...tallyOutcomes(reminders),
      notSent: reminders.length - sent.length, parts, cost, costPerReminder: sent.length ? money(cost / sent.length) : null,
      byLeadTime: LEAD_TIMES.map(({ leadTime }) => ({ leadTime, ...tallyOutcomes(reminders.filter((r) => r.leadTime === leadTime)) })),
      byLanguage: languagesOf(sent).map((language) => ({ language, ...tallyOutcomes(reminders.filter((r) => r.language === language)) })),
    },
    changes: changeCounts,
    visits: {
      ...tallyVisits([...visits.values()]),
      byLanguage: [...visits.keys()].sort().map((language) => ({ language, ...tallyVisits([visits.get(language)!]) })),
    },
  };
}

