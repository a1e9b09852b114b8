import { z } from 'zod';
import type { AppointmentFigures } from '../reports/appointment-figures';
import type { headline } from '../reports/appointment-report';
import { CHANGE_KINDS, OUTCOME_KINDS } from '../reports/appointment-rows';
import { SCORES, type CsatFigures } from '../reports/csat-figures';
import { LEAD_TIMES, type LeadTime } from '../reports/reminder-outcomes';
import { isoInstant, type SameShape } from './common-schemas';
import { contactCells, definitions, offsetPage, reportRange, share } from './report-answers';

/**
 * The visit reports: appointments (server/reports/appointment-reports.routes.ts) and satisfaction surveys
 * (csat-reports.routes.ts), each with the appointments behind its figures.
 */

const byWho = z.object({ text: z.number().describe("By the customer's text"), staff: z.number().describe('By the clinic: an agent or the API') });
const leadTime = z.enum(LEAD_TIMES.map((b) => b.leadTime) as [LeadTime, ...LeadTime[]]);

/** appointment-figures.ts OutcomeTally: what reminders led to, each counted once under the first change it led to. */
const outcomeTally = {
  sent: z.number(), confirmed: byWho, rescheduled: byWho, cancelled: byWho, noChange: z.number(),
  answeredByText: z.number(), answeredByTextRate: share,
};
const noShows = z.object({ visits: z.number(), noShows: z.number(), noShowRate: share });

const appointmentFigures = z.object({
  reminders: z.object({
    ...outcomeTally,
    notSent: z.number().describe('Reminders whose text did not leave: refused (opted out), failed, or still queued'),
    parts: z.number(), cost: z.number(), costPerReminder: z.number().nullable(),
    byLeadTime: z.array(z.object({ leadTime, ...outcomeTally })),
    byLanguage: z.array(z.object({ language: z.string(), ...outcomeTally })),
  }),
  changes: z.object(Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, byWho])) as Record<(typeof CHANGE_KINDS)[number], typeof byWho>)
    .describe('Every change made in the range, by text or by the clinic'),
  visits: z.object({
    confirmed: noShows, unconfirmed: noShows,
    byLanguage: z.array(z.object({ language: z.string(), confirmed: noShows, unconfirmed: noShows })),
  }).describe('Visits of the range that were closed: no-shows of the confirmed and of the unconfirmed ones'),
});
true satisfies SameShape<typeof appointmentFigures, AppointmentFigures>;

const appointmentHeadline = z.object({
  remindersSent: z.number(), answeredByText: z.number(), answeredByTextRate: share, cost: z.number(),
  confirmedNoShowRate: share, unconfirmedNoShowRate: share,
});
true satisfies SameShape<typeof appointmentHeadline, ReturnType<typeof headline>>;

export const appointmentReport = appointmentFigures.extend({
  range: reportRange, previous: appointmentHeadline.describe('The headline of the previous period'), definitions,
});

const appointmentRef = { appointmentId: z.number(), service: z.string(), language: z.string() };
const reminderItem = z.object({
  ...appointmentRef, remindedAt: isoInstant, visitAt: isoInstant, leadTime,
  textStatus: z.string().nullable(), parts: z.number(), cost: z.number(),
  outcome: z.enum([...OUTCOME_KINDS, 'none']), outcomeBy: z.enum(['text', 'staff']).nullable(), outcomeAt: isoInstant.nullable(),
  ...contactCells,
}).describe('figure=reminders or reminders_not_sent');
const changeItem = z.object({ ...appointmentRef, kind: z.enum(CHANGE_KINDS), by: z.enum(['text', 'staff']), at: isoInstant, ...contactCells })
  .describe('figure=changes');
const visitItem = z.object({
  ...appointmentRef, startsAt: isoInstant, status: z.enum(['completed', 'no_show']), confirmed: z.boolean(), ...contactCells,
}).describe('figure=visits');
export const appointmentItems = offsetPage(z.union([reminderItem, changeItem, visitItem]));

/** csat-figures.ts CsatFigures. */
const csatCounts = {
  responses: z.number(), surveysSent: z.number(), responseRate: share, satisfied: z.number().describe('Scores of 4 or 5'), satisfiedRate: share,
  average: z.number().nullable(),
};
export const csatFigures = z.object({
  ...csatCounts,
  distribution: z.object(Object.fromEntries(SCORES.map((s) => [s, z.number()])) as Record<(typeof SCORES)[number], z.ZodNumber>)
    .describe('Responses per score, 1 to 5'),
});
true satisfies SameShape<typeof csatFigures, CsatFigures>;

const surveyItem = {
  ...appointmentRef, surveyAt: isoInstant, score: z.number().nullable().describe('1–5; null: not answered'), ratedAt: isoInstant.nullable(),
};
export const csatReport = csatFigures.extend({
  range: reportRange,
  trend: z.object({ interval: z.enum(['day', 'week']), points: z.array(z.object({ date: z.string(), ...csatCounts })) }),
  byLanguage: z.array(csatFigures.extend({ language: z.string() })),
  lowScores: z.array(z.object({ ...surveyItem, ...z.object(contactCells).partial().shape }))
    .describe('The latest scores of 1 or 2 (at most 20), with the thread to open; the contact fields are absent for an erased contact'),
  previous: csatFigures,
  definitions,
});
export const csatItems = offsetPage(z.object({ ...surveyItem, ...contactCells }));
