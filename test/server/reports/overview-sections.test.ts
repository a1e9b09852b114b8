import { checkedRequest as request } from '../../support/openapi-check';
import { LessThanOrEqual } from 'typeorm';
import { Appointment, ScheduledJob } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { ADMIN, eventually } from '../../support/test-server';
import { book, demoClinic, local, settle } from '../appointments/support';

/**
 * Issue 17, the overview's `conversations` and `csat` parts: what the dashboard's tiles read (bot resolution, first
 * response in business hours, the CSAT average) beside the message figures, for the range and the period before.
 * Built through the real webhook, inbox and appointment APIs on the demo clinic in Shanghai (UTC+8); the range is
 * Tuesday 24 – Wednesday 25 November 2026 local, i.e. [2026-11-23T16:00Z, 2026-11-25T16:00Z), the period before
 * 22–23 November. Business hours: weekdays 09:00–18:00.
 */
const clinic = demoClinic('+86137190');
const RANGE = 'from=2026-11-24&to=2026-11-25';
const HOURS = [['09:00', '18:00']];
const tokens: Record<'admin' | 'wang', string> = { admin: '', wang: '' };
const visits: Record<string, { id: number; customer: Customer }> = {};
const people: Record<string, Customer> = {};

const get = (path: string, who: keyof typeof tokens = 'admin') => request(clinic.hx.url).get(path).set('Authorization', `Bearer ${tokens[who]}`).expect(200);
const post = (path: string, body: object = {}, who: keyof typeof tokens = 'admin') =>
  request(clinic.hx.url).post(path).set('Authorization', `Bearer ${tokens[who]}`).send(body);

/** Moves the clock to a local time and lets every job due by then run and every text it queued leave. */
async function at(time: string): Promise<void> {
  const { hx } = clinic;
  hx.clock.set(local(time));
  const now = hx.clock.now();
  await eventually(async () => (await hx.ds.manager.countBy(ScheduledJob, [{ status: 'pending', dueAt: LessThanOrEqual(now) }, { status: 'running' }])) === 0, 10_000);
  await settle(hx, now);
}

async function texts(who: string, when: string, body: string): Promise<void> {
  await at(when);
  people[who] ??= clinic.newCustomer();
  await people[who].text(body);
  await settle(clinic.hx, clinic.hx.clock.now());
}

const conversationOf = async (who: string) => (await people[who]!.conversation()).id;

async function complete(key: string, when: string): Promise<void> {
  await at(when);
  await post(`/api/appointments/${visits[key]!.id}/complete`).expect(200);
  await settle(clinic.hx, clinic.hx.clock.now());
}

beforeAll(async () => {
  const { hx } = clinic;
  tokens.admin = await hx.loginAs(ADMIN.email, ADMIN.password);
  tokens.wang = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  await request(hx.url).put('/api/settings').set('Authorization', `Bearer ${tokens.admin}`)
    .send({ businessHours: { 1: HOURS, 2: HOURS, 3: HOURS, 4: HOURS, 5: HOURS, 6: [], 7: [] }, closedDates: [] }).expect(200);

  await at('2026-11-22 10:00');
  // The demo's own visits would close (and be surveyed) in the range: they are cancelled first.
  for (const demo of await hx.ds.manager.findBy(Appointment, {})) await post(`/api/appointments/${demo.id}/cancel`).expect(200);
  for (const [key, startsAt] of [['V0', '2026-11-23 10:00'], ['V1', '2026-11-24 10:00'], ['V2', '2026-11-25 10:00'], ['V3', '2026-11-25 11:00']] as const) {
    const customer = clinic.newCustomer();
    visits[key] = { id: (await book(hx, { contactPhone: customer.phone, serviceId: clinic.cleaningId, startsAt: local(startsAt) })).id, customer };
  }
  await complete('V0', '2026-11-23 10:20');           // the period before: its survey is answered 5
  await texts('P', '2026-11-23 23:50', '人工');        // the period before, ten minutes from the range
  await texts('A', '2026-11-24 00:10', '人工');        // the range's first hour (still the 23rd in UTC)
  await at('2026-11-24 09:30');
  await post(`/api/conversations/${await conversationOf('A')}/messages`, { body: '您好，我们来帮您' }, 'wang').expect(201);
  await texts('B', '2026-11-24 10:00', '人工');        // handed off, never answered
  await complete('V1', '2026-11-24 10:20');           // answered 4
  await texts('C', '2026-11-25 10:00', '你好');        // the bot's alone …
  await complete('V2', '2026-11-25 10:20');           // answered 2
  await at('2026-11-25 10:30');
  await post(`/api/conversations/${await conversationOf('C')}/resolve`).expect(200);   // … closed with no person's reply
  await complete('V3', '2026-11-25 11:20');           // never answered
  await texts('D', '2026-11-26 00:05', '人工');        // just after the range
  // The scores come the next morning, after the range: a survey's answer belongs to the survey's period.
  await at('2026-11-26 09:00');
  for (const [key, score] of [['V0', '5'], ['V1', '4'], ['V2', '2']] as const) await visits[key]!.customer.text(score);
  await settle(hx, hx.clock.now());
}, 120_000);

describe('GET /api/reports/overview: conversations and satisfaction', () => {
  it('counts the range\'s episodes and surveys, and the period before, as worked out by hand', async () => {
    const { body } = await get(`/api/reports/overview?${RANGE}`);
    // A, B and C texted in the range (D a few minutes after it; the scores on the 26th). A's first reply came at
    // 09:30 for a text at 00:10: 9 h 20 min on the calendar, the 30 minutes from 09:00 in business hours.
    expect(body.conversations).toMatchObject({
      inbound: 3, episodes: 3, handoffs: 2, botResolved: 1, botResolutionRate: 1 / 3, unanswered: 1,
      firstResponseMedianSeconds: 9 * 3600 + 20 * 60, businessFirstResponseMedianSeconds: 30 * 60,
    });
    // V1, V2 and V3 were closed in the range and surveyed; V1 gave 4 and V2 gave 2, V3 nothing.
    expect(body.csat).toEqual({
      surveysSent: 3, responses: 2, responseRate: 2 / 3, satisfied: 1, satisfiedRate: 1 / 2, average: 3,
      distribution: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 0 },
    });
    expect(body.previous.conversations).toMatchObject({ inbound: 1, episodes: 1, handoffs: 1, botResolved: 0, botResolutionRate: 0, unanswered: 1, firstResponseMedianSeconds: null });
    expect(body.previous.csat).toMatchObject({ surveysSent: 1, responses: 1, average: 5, satisfiedRate: 1 });
    expect(body.definitions.botResolutionRate.zh).toContain('机器人解决数');
    expect(body.definitions.average.en).toBe('The mean of the scores given.');
  });

  it('says what the conversation and satisfaction reports say, for an agent too', async () => {
    const [overview, conversations, csat] = await Promise.all([
      get(`/api/reports/overview?${RANGE}`, 'wang'), get(`/api/reports/conversations?${RANGE}`), get(`/api/reports/csat?${RANGE}`),
    ]);
    const keys = ['inbound', 'episodes', 'handoffs', 'botResolved', 'botResolutionRate', 'unanswered', 'firstResponseMedianSeconds'] as const;
    expect(Object.fromEntries(keys.map((k) => [k, overview.body.conversations[k]]))).toEqual(Object.fromEntries(keys.map((k) => [k, conversations.body[k]])));
    expect(overview.body.conversations.businessFirstResponseMedianSeconds).toBe(conversations.body.firstResponse.businessMedianSeconds);
    const { from: _from, to: _to, ...before } = conversations.body.previous;
    expect(overview.body.previous.conversations).toEqual(before);
    const { surveysSent, responses, responseRate, satisfied, satisfiedRate, average, distribution } = csat.body;
    expect(overview.body.csat).toEqual({ surveysSent, responses, responseRate, satisfied, satisfiedRate, average, distribution });
  });
});
