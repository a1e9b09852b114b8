import type { EntityManager } from 'typeorm';
import { textsOf, type AppointmentRef, type SentText } from './appointment-rows';
import { instant, rawRows } from './raw-rows';
import { mean, rate } from './report-math';
import type { ReportRange } from './report-range';
import { pairTexts } from './text-of-event';

type Range = Pick<ReportRange, 'start' | 'end'>;

/** One satisfaction survey: the visit it asked about, its text, and the score the customer gave (null: none yet). */
export interface Survey extends AppointmentRef {
  /** When the visit was closed and the survey queued (the same instant, one transaction). */
  at: Date;
  text: SentText | null;
  /** The survey left (the provider took it): only those could be answered. */
  sent: boolean;
  score: number | null;
  ratedAt: Date | null;
}

export const SCORES = [1, 2, 3, 4, 5] as const;
/** 4 and 5 are "satisfied", as CSAT is usually counted; 1 and 2 are the low scores someone should read. */
export const isSatisfied = (score: number) => score >= 4;
export const isLow = (score: number) => score <= 2;

export interface CsatFigures {
  responses: number;
  surveysSent: number;
  responseRate: number | null;
  satisfied: number;
  satisfiedRate: number | null;
  average: number | null;
  distribution: Record<(typeof SCORES)[number], number>;
}

const LEFT = new Set(['sent', 'delivered', 'undelivered']);

/**
 * The surveys of the range. A survey is sent when a visit is closed (the job at its end, or an agent's "complete"),
 * queued with the 'completed' event in one transaction (text-of-event.ts pairs them); its score is the one the
 * appointment holds (the customer's last answer), whenever it came: an answer on the 1st to a survey of the 31st
 * belongs to the 31st's period, so responses never outnumber the surveys they answer.
 */
export async function surveysIn(em: EntityManager, range: Range): Promise<Survey[]> {
  // A score comes after the visit closed: looking only at the appointment's later events keeps the lookup on its own
  // history (idx_appointment_events_appt), where "kind = 'rated'" alone led SQLite through every score ever given.
  const [events, texts] = await Promise.all([
    rawRows<Record<string, string | number | Date | null>>(em, `SELECT e.id AS eventId, e.at AS at, a.id AS appointmentId, a.contact_id AS contactId,
      ct.locale AS language, a.service AS service, a.csat_score AS score,
      (SELECT MAX(r.at) FROM appointment_events r WHERE r.appointment_id = e.appointment_id AND r.id > e.id AND r.kind = 'rated') AS ratedAt
      FROM appointment_events e JOIN appointments a ON a.id = e.appointment_id JOIN contacts ct ON ct.id = a.contact_id
      WHERE e.kind = 'completed' AND e.at >= :start AND e.at < :end ORDER BY e.id`, { start: range.start, end: range.end }),
    textsOf(em, 'csat_survey', range),
  ]);
  const surveys = events.map((r) => ({
    appointmentId: Number(r.appointmentId), contactId: Number(r.contactId), language: String(r.language), service: String(r.service),
    at: instant(r.at as string | Date), score: r.score === null ? null : Number(r.score), ratedAt: r.ratedAt === null ? null : instant(r.ratedAt as string | Date),
  }));
  const paired = pairTexts(surveys, texts);
  return surveys.map((s) => {
    const text = paired.get(s) ?? null;
    const sent = text !== null && LEFT.has(text.status);
    // A score for a survey that never left was not an answer to it (none is possible today; say so if it ever is).
    return { ...s, text, sent, score: sent ? s.score : null, ratedAt: sent ? s.ratedAt : null };
  });
}

/**
 * CSAT from surveys (pure): responses ÷ surveys sent, satisfied (4–5) ÷ responses, the mean score, and how many
 * gave each score.
 */
export function csatOf(surveys: Survey[]): CsatFigures {
  const sent = surveys.filter((s) => s.sent);
  const scores = sent.flatMap((s) => (s.score === null ? [] : [s.score]));
  const satisfied = scores.filter(isSatisfied).length;
  const distribution = Object.fromEntries(SCORES.map((n) => [n, scores.filter((s) => s === n).length])) as CsatFigures['distribution'];
  return {
    responses: scores.length, surveysSent: sent.length, responseRate: rate(scores.length, sent.length),
    satisfied, satisfiedRate: rate(satisfied, scores.length), average: mean(scores), distribution,
  };
}

/** The CSAT figures of a range, for the overview (server/reports/overview.ts) and the satisfaction section. */
export async function csatFigures(em: EntityManager, range: Range): Promise<CsatFigures> {
  return csatOf(await surveysIn(em, range));
}
