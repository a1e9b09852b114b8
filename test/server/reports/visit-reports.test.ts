import { checkedRequest as request } from '../../support/openapi-check';
import { In, LessThanOrEqual } from 'typeorm';
import { smsCost } from '../../../server/admin/sms-segments';
import { Message, ScheduledJob } from '../../../server/db/entities';
import { rebuildRollups } from '../../../server/reports/rollup-rebuild';
import { appointmentRows, figuresOf } from '../../../server/reports/appointment-report';
import { backfillVisitReports } from '../../../server/reports/visit-report-backfill';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { eventually } from '../../support/test-server';
import { appointment, bearer, book, demoClinic, local, settle } from '../appointments/support';
import { csvOf } from './support';

/**
 * Issue 17, appointments and satisfaction: a January at the demo clinic built through the real APIs, webhooks and
 * reminder jobs under the test clock — reminders answered "1", "2" then "B", "3", a confirmation and no-shows by
 * staff, surveys scored by SMS — and every figure of the two reports worked out by hand below. The range is
 * January in Shanghai: what happens between 00:00 and 08:00 local is still the previous day in UTC.
 */
const clinic = demoClinic('+86137170');
const JANUARY = 'from=2027-01-01&to=2027-01-31';
const PRICE = 0.045;

const ids: Record<string, number> = {};
const customers: Record<string, Customer> = {};

/** Moves the clock to a local time and waits for every job due by then and every text it queued to have gone. */
async function at(time: string): Promise<void> {
  const { hx } = clinic;
  hx.clock.set(local(time));
  const now = hx.clock.now();
  await eventually(async () => (await hx.ds.manager.countBy(ScheduledJob, [{ status: 'pending', dueAt: LessThanOrEqual(now) }, { status: 'running' }])) === 0, 10_000);
  await settle(hx, now);
}

async function visit(key: string, startsAt: string, customer = clinic.newCustomer()): Promise<void> {
  customers[key] = customer;
  ids[key] = (await book(clinic.hx, { contactPhone: customer.phone, serviceId: clinic.cleaningId, startsAt: local(startsAt) })).id;
}

async function staff(key: string, command: 'confirm' | 'remind' | 'no-show' | 'complete'): Promise<void> {
  await request(clinic.hx.url).post(`/api/appointments/${ids[key]}/${command}`).set('Authorization', await bearer(clinic.hx)).send({}).expect(200);
}

async function text(key: string, body: string): Promise<void> {
  await customers[key]!.text(body);
  await settle(clinic.hx, clinic.hx.clock.now());
}

const get = async (path: string, expected = 200) =>
  (await request(clinic.hx.url).get(path).set('Authorization', await bearer(clinic.hx)).expect(expected)).body;

beforeAll(async () => {
  // The demo clinic's own visits (24–27 Nov) close and send their surveys on 28 Nov: outside both periods below.
  await at('2026-11-28 12:00');

  // December, the period before: V0 reminded twice, closed, surveyed; V1's first reminder on the 31st.
  await at('2026-12-28 11:00');
  await visit('V0', '2026-12-30 10:00');
  await visit('V1', '2027-01-01 10:00');
  await at('2026-12-29 10:00');          // V0 24 h
  await at('2026-12-30 08:00');          // V0 2 h (unconfirmed)
  await at('2026-12-30 10:30');          // V0 closed: survey
  await at('2026-12-31 10:00');          // V1 24 h (December)
  // 1 Jan 07:30 in Shanghai is 31 Dec 23:30 UTC: an agent's reminder that belongs to January.
  await at('2027-01-01 07:30');
  await staff('V1', 'remind');
  await at('2027-01-01 08:00');          // V1 2 h
  await at('2027-01-01 10:20');
  await staff('V1', 'no-show');          // unconfirmed no-show
  await at('2027-01-02 09:00');
  await text('V0', '3');                 // December's survey answered in January: December's response

  await at('2027-01-04 11:00');
  await visit('V2', '2027-01-06 10:00');
  await visit('V3', '2027-01-06 10:00');
  await at('2027-01-05 10:00');          // V2, V3 24 h
  await at('2027-01-05 10:05');
  await text('V2', '1');                 // confirmed by text
  await text('V3', '2');
  await text('V3', 'B');                 // rescheduled by text, in the thread
  expect((await appointment(clinic.hx, ids.V3!)).startsAt).toEqual(local('2027-01-08 10:00'));
  await at('2027-01-06 08:00');          // V2's 2 h reminder skips itself: confirmed
  await at('2027-01-06 10:30');          // V2 closed: survey
  await at('2027-01-06 10:40');
  await text('V2', '5');
  await at('2027-01-07 10:00');          // V3's reminder for its new time
  await at('2027-01-08 10:30');          // V3 closed: survey
  await at('2027-01-08 10:45');
  await text('V3', '4');

  await at('2027-01-11 11:00');
  await visit('V4', '2027-01-13 10:00');
  await visit('V5', '2027-01-13 10:00', new Customer(clinic.hx, '+14155550177'));   // writes in English
  await at('2027-01-12 10:00');          // V4, V5 24 h
  await at('2027-01-12 10:05');
  await text('V4', '3');                 // cancelled by text
  await at('2027-01-12 10:30');
  await staff('V5', 'confirm');          // confirmed by staff
  await at('2027-01-13 10:30');          // V5 closed: survey (English)
  await at('2027-01-13 11:00');
  await text('V5', '2');                 // a low score

  await at('2027-01-18 11:00');
  await visit('V6', '2027-01-20 10:00');
  await visit('V7', '2027-01-20 10:00');
  await at('2027-01-19 10:00');          // V6, V7 24 h
  await at('2027-01-19 10:05');
  await text('V7', '1');
  await at('2027-01-20 08:00');          // V6 2 h (V7 confirmed: skipped)
  await at('2027-01-20 10:20');
  await staff('V7', 'no-show');          // confirmed no-show
  await at('2027-01-20 10:30');          // V6 closed: survey nobody answers

  await at('2027-01-29 11:00');
  await visit('V8', '2027-02-01 10:00');
  await visit('V9', '2027-01-30 10:00');   // short notice: its 24 h reminder was already past
  await at('2027-01-30 08:00');          // V9 2 h
  await at('2027-01-30 10:30');          // V9 closed: survey
  await at('2027-01-31 10:00');          // V8 24 h (the last January reminder)
  // 1 Feb 00:10 in Shanghai is still 31 Jan in UTC: a February confirmation, but the January reminder's outcome.
  await at('2027-02-01 00:10');
  await text('V8', '1');
  await at('2027-02-01 00:20');
  await text('V9', '1');                 // January's survey answered in February: January's response
  // 1 Feb 07:40 (31 Jan 23:40 UTC): closed early by staff, its survey is February's.
  await at('2027-02-01 07:40');
  await staff('V8', 'complete');
}, 240_000);

describe('GET /api/reports/appointments', () => {
  it('counts January\'s reminders, what each led to, the changes and the no-shows, as worked out by hand', async () => {
    const report = await get(`/api/reports/appointments?${JANUARY}`);
    // Reminders with January's instants (by Shanghai's clock): V1 07:30 (agent) and 08:00 on the 1st, V2 V3 on the
    // 5th, V3 again for its new time on the 7th, V4 V5 on the 12th, V6 V7 on the 19th, V6 on the 20th, V9 on the 30th,
    // V8 on the 31st. Not V1's on 31 Dec (December) — nor V0's.
    const reminderTexts = await clinic.hx.ds.manager.findBy(Message, {
      templateKey: 'appointment_reminder', contactId: In(await contactIds(['V1', 'V2', 'V3', 'V4', 'V5', 'V6', 'V7', 'V8', 'V9'])),
    });
    const january = reminderTexts.filter((m) => m.createdAt >= local('2027-01-01 00:00') && m.createdAt < local('2027-02-01 00:00'));
    expect(january).toHaveLength(12);
    const parts = january.reduce((sum, m) => sum + smsCost(m.body).segments, 0);
    expect(report.reminders).toMatchObject({
      sent: 12, notSent: 0,
      confirmed: { text: 3, staff: 1 },       // V2, V7, V8 by "1"; V5 by staff
      rescheduled: { text: 1, staff: 0 },     // V3
      cancelled: { text: 1, staff: 0 },       // V4
      noChange: 6,                            // V1 ×2, V3's second, V6 ×2, V9
      answeredByText: 5, answeredByTextRate: 5 / 12,
      parts, cost: Math.round(parts * PRICE * 10_000) / 10_000,
    });
    expect(report.reminders.costPerReminder).toBe(Math.round((Math.round(parts * PRICE * 10_000) / 10_000 / 12) * 10_000) / 10_000);
    expect(report.reminders.byLeadTime).toEqual([
      expect.objectContaining({ leadTime: 'under_3h', sent: 4, noChange: 4, answeredByTextRate: 0 }),
      expect.objectContaining({ leadTime: '3h_12h', sent: 0, answeredByTextRate: null }),
      expect.objectContaining({ leadTime: '12h_36h', sent: 8, confirmed: { text: 3, staff: 1 }, rescheduled: { text: 1, staff: 0 }, cancelled: { text: 1, staff: 0 }, noChange: 2, answeredByTextRate: 5 / 8 }),
      expect.objectContaining({ leadTime: '36h_72h', sent: 0 }),
      expect.objectContaining({ leadTime: '72h_plus', sent: 0 }),
    ]);
    expect(report.reminders.byLanguage).toEqual([
      expect.objectContaining({ language: 'en', sent: 1, confirmed: { text: 0, staff: 1 }, answeredByTextRate: 0 }),
      expect.objectContaining({ language: 'zh-CN', sent: 11, answeredByText: 5, answeredByTextRate: 5 / 11 }),
    ]);
    // V2–V9 booked in January by the API; V2 and V7 confirmed by "1" (V8's came on 1 Feb), V5 by staff.
    expect(report.changes).toEqual({
      booked: { text: 0, staff: 8 }, confirmed: { text: 2, staff: 1 }, rescheduled: { text: 1, staff: 0 }, cancelled: { text: 1, staff: 0 },
    });
    // Visits of January: confirmed V2 V3 V5 V7 (V7 a no-show); unconfirmed V1 (no-show) V6 V9. V4 cancelled, V8 is February's.
    expect(report.visits).toMatchObject({
      confirmed: { visits: 4, noShows: 1, noShowRate: 1 / 4 },
      unconfirmed: { visits: 3, noShows: 1, noShowRate: 1 / 3 },
      byLanguage: [
        { language: 'en', confirmed: { visits: 1, noShows: 0, noShowRate: 0 }, unconfirmed: { visits: 0, noShows: 0, noShowRate: null } },
        { language: 'zh-CN', confirmed: { visits: 3, noShows: 1, noShowRate: 1 / 3 }, unconfirmed: { visits: 3, noShows: 1, noShowRate: 1 / 3 } },
      ],
    });
    // December: V0's two reminders and V1's first, none answered; V0 closed unconfirmed and came.
    expect(report.previous).toEqual({
      remindersSent: 3, answeredByText: 0, answeredByTextRate: 0, cost: expect.any(Number), confirmedNoShowRate: null, unconfirmedNoShowRate: 0,
    });
    expect(report.range).toEqual({ from: '2027-01-01', to: '2027-01-31', timezone: 'Asia/Shanghai', previous: { from: '2026-12-01', to: '2026-12-31' } });
    expect(report.definitions.answeredByTextRate.zh).toContain('÷');
  });

  it('lists the appointments behind a figure, phones masked, a page at a time', async () => {
    const confirmedByText = await get(`/api/reports/appointments/items?${JANUARY}&figure=reminders&outcome=confirmed&by=text`);
    expect(confirmedByText.items.map((i: { appointmentId: number }) => i.appointmentId)).toEqual([ids.V2, ids.V7, ids.V8]);
    expect(confirmedByText.total).toBe(3);
    const v8 = confirmedByText.items[2];
    expect(v8).toMatchObject({ leadTime: '12h_36h', outcome: 'confirmed', outcomeBy: 'text', outcomeAt: local('2027-02-01 00:10').toISOString(), textStatus: 'delivered' });
    expect(v8.conversationId).toBe((await customers.V8!.conversation()).id);
    expect(v8.phone).toBe(`${customers.V8!.phone.slice(0, 6)}****${customers.V8!.phone.slice(-4)}`);

    const early = await get(`/api/reports/appointments/items?${JANUARY}&figure=reminders&leadTime=under_3h&limit=3`);
    expect(early).toMatchObject({ total: 4, nextOffset: 3 });
    expect(early.items.map((i: { appointmentId: number }) => i.appointmentId)).toEqual([ids.V1, ids.V1, ids.V6]);
    const rest = await get(`/api/reports/appointments/items?${JANUARY}&figure=reminders&leadTime=under_3h&limit=3&offset=3`);
    expect(rest).toMatchObject({ total: 4, nextOffset: null, items: [expect.objectContaining({ appointmentId: ids.V9 })] });

    const confirmedNoShows = await get(`/api/reports/appointments/items?${JANUARY}&figure=visits&confirmed=yes&noShow=yes`);
    expect(confirmedNoShows.items).toEqual([expect.objectContaining({ appointmentId: ids.V7, status: 'no_show', confirmed: true })]);
    const cancelledByText = await get(`/api/reports/appointments/items?${JANUARY}&figure=changes&kind=cancelled&by=text`);
    expect(cancelledByText.items).toEqual([expect.objectContaining({ appointmentId: ids.V4, kind: 'cancelled', by: 'text' })]);
  });

  it('exports its tables and lists as CSV for Excel, formulas defused', async () => {
    const v5 = await customers.V5!.contact();
    await request(clinic.hx.url).patch(`/api/contacts/${v5.id}`).set('Authorization', await bearer(clinic.hx)).send({ name: '=HYPERLINK("http://x")' }).expect(200);
    const leadTime = await csvOf(request(clinic.hx.url).get(`/api/reports/appointments?${JANUARY}&format=csv&table=lead_time`).set('Authorization', await bearer(clinic.hx)));
    expect(leadTime.headers['content-disposition']).toBe('attachment; filename="appointments-lead_time-2027-01-01-2027-01-31.csv"');
    const lines = leadTime.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFleadTime,sent,confirmedByText,confirmedByStaff,rescheduledByText,rescheduledByStaff,cancelledByText,cancelledByStaff,noChange,answeredByText,answeredByTextRate');
    expect(lines[1]).toBe('under_3h,4,0,0,0,0,0,0,4,0,0');
    expect(lines[3]).toBe(`12h_36h,8,3,1,1,0,1,0,2,5,${5 / 8}`);

    const staffConfirmed = await csvOf(request(clinic.hx.url).get(`/api/reports/appointments/items?${JANUARY}&figure=reminders&outcome=confirmed&by=staff&format=csv`)
      .set('Authorization', await bearer(clinic.hx)));
    expect(staffConfirmed.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(staffConfirmed.text).toContain('+141****0177');
    expect(staffConfirmed.text).not.toContain(customers.V5!.phone);
  });
});

describe('GET /api/reports/csat', () => {
  it('counts January\'s surveys and scores by hand, with the trend, the low scores and their threads', async () => {
    const report = await get(`/api/reports/csat?${JANUARY}`);
    // Surveys of January: V2 (5), V3 (4), V5 (2, English), V6 (none), V9 (1, answered on 1 Feb). Not V8's (1 Feb 07:40).
    expect(report).toMatchObject({
      surveysSent: 5, responses: 4, responseRate: 4 / 5, satisfied: 2, satisfiedRate: 2 / 4, average: (5 + 4 + 2 + 1) / 4,
      distribution: { 1: 1, 2: 1, 3: 0, 4: 1, 5: 1 },
    });
    expect(report.byLanguage).toEqual([
      expect.objectContaining({ language: 'en', surveysSent: 1, responses: 1, average: 2, satisfiedRate: 0 }),
      expect.objectContaining({ language: 'zh-CN', surveysSent: 4, responses: 3, average: (5 + 4 + 1) / 3, satisfiedRate: 2 / 3 }),
    ]);
    expect(report.trend.interval).toBe('day');
    expect(report.trend.points).toHaveLength(31);
    const day = (date: string) => report.trend.points.find((p: { date: string }) => p.date === date);
    expect(day('2027-01-06')).toMatchObject({ surveysSent: 1, responses: 1, average: 5 });
    expect(day('2027-01-20')).toMatchObject({ surveysSent: 1, responses: 0, responseRate: 0, average: null });
    expect(day('2027-01-30')).toMatchObject({ surveysSent: 1, responses: 1, average: 1 });
    expect(day('2027-01-31')).toMatchObject({ surveysSent: 0, responseRate: null, average: null });
    // The most recent answer first, each with the thread to open.
    expect(report.lowScores.map((s: { appointmentId: number; score: number }) => [s.appointmentId, s.score])).toEqual([[ids.V9, 1], [ids.V5, 2]]);
    expect(report.lowScores[1]).toMatchObject({ conversationId: (await customers.V5!.conversation()).id, ratedAt: local('2027-01-13 11:00').toISOString(), language: 'en' });
    // December: V0's survey, answered "3" on 2 Jan.
    expect(report.previous).toMatchObject({ surveysSent: 1, responses: 1, average: 3, satisfiedRate: 0 });
  });

  it('trends by week from Monday when asked, and lists the surveys behind a score', async () => {
    const weekly = await get(`/api/reports/csat?${JANUARY}&interval=week`);
    expect(weekly.trend.points.map((p: { date: string; surveysSent: number }) => [p.date, p.surveysSent])).toEqual([
      ['2027-01-01', 0], ['2027-01-04', 2], ['2027-01-11', 1], ['2027-01-18', 1], ['2027-01-25', 1],
    ]);
    const fives = await get(`/api/reports/csat/items?${JANUARY}&figure=responses&score=5`);
    expect(fives.items).toEqual([expect.objectContaining({ appointmentId: ids.V2, score: 5, surveyAt: local('2027-01-06 10:30').toISOString() })]);
    const unanswered = await get(`/api/reports/csat/items?${JANUARY}&figure=surveys`);
    expect(unanswered.items.map((s: { appointmentId: number }) => s.appointmentId)).toEqual([ids.V2, ids.V3, ids.V5, ids.V6, ids.V9]);
    const distribution = await csvOf(request(clinic.hx.url).get(`/api/reports/csat?${JANUARY}&format=csv`).set('Authorization', await bearer(clinic.hx)));
    expect(distribution.text.split('\r\n').slice(0, 3)).toEqual(['\uFEFFscore,responses,share', '1,1,0.25', '2,1,0.25']);
  });
});

describe('who may read these reports', () => {
  it('agents see the clinic\'s appointments and scores, not the campaigns; a bad range names its field', async () => {
    const token = await clinic.hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
    const as = (path: string) => request(clinic.hx.url).get(path).set('Authorization', `Bearer ${token}`);
    await as(`/api/reports/appointments?${JANUARY}`).expect(200);
    await as(`/api/reports/csat?${JANUARY}`).expect(200);
    expect((await as(`/api/reports/campaigns?${JANUARY}`).expect(403)).body.error.code).toBe('forbidden');
    expect((await as('/api/reports/appointments?to=2027-01-31').expect(400)).body.error).toMatchObject({ code: 'invalid_field', field: 'from' });
    expect((await as(`/api/reports/csat/items?${JANUARY}&figure=responses&score=6`).expect(400)).body.error.field).toBe('score');
    await request(clinic.hx.url).get(`/api/reports/csat?${JANUARY}`).expect(401);
  });
});

async function contactIds(keys: string[]): Promise<number[]> {
  return Promise.all(keys.map(async (k) => (await customers[k]!.contact()).id));
}

describe('the satisfaction and visit counts (roll-ups)', () => {
  it('are what the reports read, kept as surveys left, scores came and visits closed, and npm run reports:rebuild writes them back the same', async () => {
    const appointments = await get(`/api/reports/appointments?${JANUARY}`);
    expect(appointments.visits.unconfirmed.visits + appointments.visits.confirmed.visits).toBeGreaterThan(0);
    const month = `/api/reports/csat?${JANUARY}`;
    const live = await get(month);
    const weekly = await get(`${month}&interval=week`);
    const overview = (await get(`/api/reports/overview?${JANUARY}`)).csat;
    expect(overview).toMatchObject({ surveysSent: 5, responses: 4 });
    // Without its counts the report has no surveys: a year is read from them, not from every visit closed.
    await clinic.hx.ds.query(`DELETE FROM report_rollups WHERE kind IN ('survey', 'visit')`);
    expect((await get(`/api/reports/appointments?${JANUARY}`)).visits).toEqual({ confirmed: { visits: 0, noShows: 0, noShowRate: null }, unconfirmed: { visits: 0, noShows: 0, noShowRate: null }, byLanguage: [] });
    expect(await get(month)).toMatchObject({ surveysSent: 0, responses: 0, byLanguage: [], previous: { surveysSent: 0 } });
    // The low scores are still read from the visits themselves.
    expect((await get(month)).lowScores.map((s: { appointmentId: number }) => s.appointmentId)).toEqual([ids.V9, ids.V5]);
    await rebuildRollups(clinic.hx.ds, {}, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2027-02-03T00:00:00Z') });
    expect(await get(month)).toEqual(live);
    expect(await get(`${month}&interval=week`)).toEqual(weekly);
    expect(await get(`/api/reports/appointments?${JANUARY}`)).toEqual(appointments);
    expect((await get(`/api/reports/overview?${JANUARY}`)).csat).toEqual(overview);
  });
});

describe('the reminder and change counts (roll-ups)', () => {
  const figures = (report: Record<string, unknown>) => ({ reminders: report.reminders, changes: report.changes, visits: report.visits });
  const fromRows = async (from: string, to: string) =>
    JSON.parse(JSON.stringify(figuresOf(await appointmentRows(clinic.hx.ds.manager, { start: local(from), end: local(to) }))));

  it('give the report the figures its rows give, kept as reminders left and were answered, and the upgrade and reports:rebuild write them back the same', async () => {
    const january = await get(`/api/reports/appointments?${JANUARY}`);
    expect(january.reminders.sent).toBe(12);
    expect(figures(january)).toEqual(await fromRows('2027-01-01 00:00', '2027-02-01 00:00'));
    expect(figures(await get('/api/reports/appointments?from=2026-12-01&to=2026-12-31'))).toEqual(await fromRows('2026-12-01 00:00', '2027-01-01 00:00'));
    const csat = await get(`/api/reports/csat?${JANUARY}`);
    // Without its counts the report has no reminders nor changes: a year is read from them, not from every reminder.
    await clinic.hx.ds.query(`DELETE FROM report_rollups WHERE kind IN ('reminder', 'appt_change')`);
    const emptied = await get(`/api/reports/appointments?${JANUARY}`);
    expect(emptied.reminders).toMatchObject({ sent: 0, notSent: 0, noChange: 0, parts: 0 });
    expect(emptied.changes.booked).toEqual({ text: 0, staff: 0 });
    // An upgraded clinic's history is counted by the migration (visits and surveys too, from nothing)...
    await clinic.hx.ds.query(`DELETE FROM report_rollups WHERE kind IN ('survey', 'visit')`);
    await backfillVisitReports(clinic.hx.ds.manager);
    expect(await get(`/api/reports/appointments?${JANUARY}`)).toEqual(january);
    expect(await get(`/api/reports/csat?${JANUARY}`)).toEqual(csat);
    // ...and by npm run reports:rebuild.
    await clinic.hx.ds.query(`DELETE FROM report_rollups WHERE kind IN ('reminder', 'appt_change')`);
    await rebuildRollups(clinic.hx.ds, {}, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2027-02-03T00:00:00Z') });
    expect(await get(`/api/reports/appointments?${JANUARY}`)).toEqual(january);
  });

  it('count a reminder to a customer who opted out as not sent, and its answer by staff, as the rows do', async () => {
    await at('2027-02-10 09:00');
    await visit('V10', '2027-02-20 10:00');
    await text('V10', 'TD');
    await staff('V10', 'remind');
    await at('2027-02-10 09:30');
    await staff('V10', 'confirm');
    const february = await get('/api/reports/appointments?from=2027-02-02&to=2027-02-28');
    expect(february.reminders).toMatchObject({ sent: 0, notSent: 1, parts: 0, cost: 0 });
    expect(february.changes).toMatchObject({ booked: { text: 0, staff: 1 }, confirmed: { text: 0, staff: 1 } });
    expect(figures(february)).toEqual(await fromRows('2027-02-02 00:00', '2027-03-01 00:00'));
  });
});
