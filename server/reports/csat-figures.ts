import type { EntityManager } from 'typeorm';
import { SENT_TEXT_COLUMNS, sentTextOf, textsOf, type AppointmentRef, type SentText } from './appointment-rows';
import { instant, rawRows } from './raw-rows';
import { rate } from './report-math';
import type { ReportRange } from './report-range';
import { SURVEY_LEFT, SURVEY_TEMPLATE } from './rollup-keys';
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
    rawRows<Raw>(em, `SELECT ${SURVEY_COLUMNS} FROM appointment_events e ${SURVEY_JOINS}
      WHERE e.kind = 'completed' AND e.at >= :start AND e.at < :end ORDER BY e.id`, { start: range.start, end: range.end }),
    textsOf(em, SURVEY_TEMPLATE, range),
  ]);
  return pairedSurveys(events, texts);
}

type Raw = Record<string, string | number | Date | null>;
const SURVEY_COLUMNS = `e.id AS eventId, e.at AS at, a.id AS appointmentId, a.contact_id AS contactId,
      ct.locale AS language, a.service AS service, a.csat_score AS score,
      (SELECT MAX(r.at) FROM appointment_events r WHERE r.appointment_id = e.appointment_id AND r.id > e.id AND r.kind = 'rated') AS ratedAt`;
const SURVEY_JOINS = 'JOIN appointments a ON a.id = e.appointment_id JOIN contacts ct ON ct.id = a.contact_id';
/** The range's surveys scored 1–2 (`le`, `la`), joined to everything sharing their contact and instant (the pairing's key). */
const LOW_KEYS = `FROM appointment_events le JOIN appointments la ON la.id = le.appointment_id AND la.csat_score <= 2`;

/**
 * The range's surveys scored 1–2, for the low-score list (the figures come from counts, csat-counts.ts): read from the
 * low scores' own visits and texts — with every other survey and text of the same contact and instant, so the pairing
 * (text-of-event.ts) is the one over all surveys — instead of every survey text of a year.
 */
export async function lowSurveysIn(em: EntityManager, range: Range): Promise<Survey[]> {
  const params = { start: range.start, end: range.end, template: SURVEY_TEMPLATE };
  const [events, texts] = await Promise.all([
    rawRows<Raw>(em, `SELECT DISTINCT ${SURVEY_COLUMNS} ${LOW_KEYS} JOIN appointments a ON a.contact_id = la.contact_id
        JOIN appointment_events e ON e.appointment_id = a.id AND e.kind = 'completed' AND e.at = le.at JOIN contacts ct ON ct.id = a.contact_id
      WHERE le.kind = 'completed' AND le.at >= :start AND le.at < :end ORDER BY e.id`, params),
    // CROSS JOIN: SQLite otherwise walked every outbound text (idx_messages_direction_created on direction alone), 300 ms
    // a year at a million messages, instead of one seek per low score; the same inner join on MariaDB.
    rawRows<Raw>(em, `SELECT DISTINCT ${SENT_TEXT_COLUMNS} ${LOW_KEYS}
        CROSS JOIN messages m ON m.template_key = :template AND m.created_at = le.at AND m.contact_id = la.contact_id AND m.direction = 'out'
      WHERE le.kind = 'completed' AND le.at >= :start AND le.at < :end ORDER BY m.id`, params),
  ]);
  return pairedSurveys(events, texts.map(sentTextOf)).filter((s) => s.score !== null && isLow(s.score));
}

function pairedSurveys(events: Raw[], texts: SentText[]): Survey[] {
  const surveys = events.map((r) => ({
    appointmentId: Number(r.appointmentId), contactId: Number(r.contactId), language: String(r.language), service: String(r.service),
    at: instant(r.at as string | Date), score: r.score === null ? null : Number(r.score), ratedAt: r.ratedAt === null ? null : instant(r.ratedAt as string | Date),
  }));
  const paired = pairTexts(surveys, texts);
  return surveys.map((s) => {
    const text = paired.get(s) ?? null;
    const sent = text !== null && SURVEY_LEFT.has(text.status);
    // A score for a survey that never left was not an answer to it (none is possible today; say so if it ever is).
    return { ...s, text, sent, score: sent ? s.score : null, ratedAt: sent ? s.ratedAt : null };
  });
}

/** What every CSAT figure is worked out from: surveys sent, and how many of them were given each score. */
export interface SurveyCounts { sent: number; scores: CsatFigures['distribution'] }

export const noSurveys = (): SurveyCounts => ({ sent: 0, scores: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });

/** Adds `more` into `into` (a period's days, a language's rows). */
export function addSurveys(into: SurveyCounts, more: SurveyCounts): SurveyCounts {
  into.sent += more.sent;
  for (const n of SCORES) into.scores[n] += more.scores[n];
  return into;
}

/** The counts of some surveys (pure): only those that left, and their scores. */
export function countSurveys(surveys: Survey[]): SurveyCounts {
  const counts = noSurveys();
  for (const s of surveys) {
    if (!s.sent) continue;
    counts.sent += 1;
    if (s.score !== null) counts.scores[s.score as (typeof SCORES)[number]] += 1;
  }
  return counts;
}

/**
 * CSAT from counts (pure): responses ÷ surveys sent, satisfied (4–5) ÷ responses, the mean score, and how many
 * gave each score. The same from rows and from the roll-ups (survey-rollups.ts).
 */
export function csatOfCounts(c: SurveyCounts): CsatFigures {
  const responses = SCORES.reduce((sum, n) => sum + c.scores[n], 0);
  const satisfied = SCORES.filter(isSatisfied).reduce((sum, n) => sum + c.scores[n], 0);
  const total = SCORES.reduce((sum, n) => sum + n * c.scores[n], 0);
  return {
    responses, surveysSent: c.sent, responseRate: rate(responses, c.sent),
    satisfied, satisfiedRate: rate(satisfied, responses), average: responses ? total / responses : null, distribution: { ...c.scores },
  };
}

