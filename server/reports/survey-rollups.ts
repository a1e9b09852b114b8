import type { EntityManager } from 'typeorm';
import { surveysIn } from './csat-figures';
import { rawRows } from './raw-rows';
import { isSurveyText, SURVEY_LEFT, SURVEY_TEMPLATE, surveyDeltas, type CountedMessage, type RollupDelta } from './rollup-keys';
import { countRollups } from './rollup-store';
import { storedInstant } from './stored-values';
import { atContactInstants, earlierEventsSql, pairTexts } from './text-of-event';

/**
 * Satisfaction surveys counted in `report_rollups` (kind `survey`, rollup-keys.ts), so a year's CSAT reads a few
 * hundred rows instead of every visit closed: `sent` moves with the survey text's status (messageDeltas, as every
 * text's counts do), `score:<n>` with the score the appointment holds, counted only while its survey counts as sent —
 * the rule of csat-figures.ts surveysIn, whose rows the rebuild counts. A survey and its text are the visit's
 * 'completed' event and the text queued with it at the same instant (text-of-event.ts pairs them in id order; so do
 * these look-ups, one seek each on the contact's texts and the appointment's events).
 */

const scoreState = (score: number) => `score:${score}`;

/**
 * Survey texts' status changes (message-rollups.ts countMessageChanges): each one's `sent` count moved with the text's
 * own counts; when one starts or stops counting as sent, a score already given moves with it. The scores are found by
 * pairing as text-of-event.ts does — the contacts' visits closed and survey texts queued at those instants, in id
 * order — with two reads for however many texts the sender records at once, not two per text.
 */
export async function countSurveyTextChanges(em: EntityManager, changes: Array<{ before: CountedMessage; after: CountedMessage & { id?: number; contactId?: number }; locale: string }>): Promise<void> {
  const moving = changes.filter(({ before, after }) => isSurveyText(after) && after.id !== undefined && after.contactId !== undefined
    && SURVEY_LEFT.has(before.status) !== SURVEY_LEFT.has(after.status));
  if (!moving.length) return;
  const keys = atContactInstants(em, moving.map(({ after }) => ({ contactId: after.contactId!, createdAt: after.createdAt })), SURVEY_TEMPLATE);
  const surveys = await rawRows<Record<string, unknown>>(em, `SELECT a.contact_id AS contactId, e.at AS at, a.csat_score AS score FROM appointment_events e
      JOIN appointments a ON a.id = e.appointment_id
    WHERE e.kind = 'completed' AND ${keys.where('a.contact_id', 'e.at')} ORDER BY e.id`, keys.params);
  const texts = await keys.texts('m.id AS id, m.contact_id AS contactId, m.created_at AS createdAt');
  const paired = pairTexts(
    surveys.map((r) => ({ score: r.score == null ? null : Number(r.score), contactId: Number(r.contactId), at: storedInstant(r.at) })),
    texts.map((r) => ({ id: Number(r.id), contactId: Number(r.contactId), createdAt: storedInstant(r.createdAt) })),
  );
  const scoreOfText = new Map([...paired].flatMap(([survey, text]) => (text && survey.score !== null ? [[text.id, survey.score] as const] : [])));
  await countRollups(em, moving.flatMap(({ after, locale }) => {
    const score = scoreOfText.get(after.id!);
    return score === undefined ? [] : surveyDeltas(after.createdAt, locale, scoreState(score), SURVEY_LEFT.has(after.status) ? 1 : -1);
  }));
}

/**
 * A score given or changed (appointment-actions.ts recordScore), in the transaction that stores it: counted on the
 * appointment's survey, in its hour, if that survey's text left.
 */
export async function countScoreChange(em: EntityManager, appointment: { id: number; contactId: number }, before: number | null, after: number): Promise<void> {
  if (before === after) return;
  const [survey] = await rawRows<{ at: Date | string; place: number | string; locale: string }>(em, `SELECT e.at AS at, ct.locale AS locale,
      ${earlierEventsSql('completed', 'a.contact_id', 'e.at', 'e.id')} AS place
    FROM appointment_events e JOIN appointments a ON a.id = e.appointment_id JOIN contacts ct ON ct.id = a.contact_id
    WHERE e.appointment_id = :id AND e.kind = 'completed' ORDER BY e.id DESC LIMIT 1`, { id: appointment.id });
  if (!survey) return;
  const at = storedInstant(survey.at);
  const [text] = await rawRows<{ status: string }>(em, `SELECT m.status AS status FROM messages m WHERE m.contact_id = :contactId
    AND m.created_at = :at AND m.template_key = :template AND m.direction = 'out' ORDER BY m.id LIMIT 1 OFFSET ${Number(survey.place)}`,
  { contactId: appointment.contactId, at, template: SURVEY_TEMPLATE });
  if (!text || !SURVEY_LEFT.has(text.status as CountedMessage['status'])) return;
  await countRollups(em, [
    ...surveyDeltas(at, survey.locale, scoreState(after), 1),
    ...(before === null ? [] : surveyDeltas(at, survey.locale, scoreState(before), -1)),
  ]);
}

/**
 * The counts of these surveys (csat-figures.ts surveysIn rows) as the live writers keep them: each score of a survey
 * that left, and with `sent` each survey that left too (the rebuild counts those with the day's messages instead).
 */
export function surveyRowDeltas(surveys: Awaited<ReturnType<typeof surveysIn>>, { sent }: { sent: boolean }): RollupDelta[] {
  return surveys.filter((s) => s.sent).flatMap((s) => [
    ...(sent ? surveyDeltas(s.at, s.language, 'sent', 1) : []),
    ...(s.score === null ? [] : surveyDeltas(s.at, s.language, scoreState(s.score), 1)),
  ]);
}

/** The scores of the surveys queued in [start, end), from the rows the report reads (the rebuild's part, rollup-rebuild.ts). */
export async function rebuiltScoreDeltas(em: EntityManager, start: Date, end: Date): Promise<RollupDelta[]> {
  return surveyRowDeltas(await surveysIn(em, { start, end }), { sent: false });
}
