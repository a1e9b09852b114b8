import { checkedRequest as request } from '../../support/openapi-check';
import type { Contact } from '../../../server/db/entities';
import { Service } from '../../../server/db/entities';
import { ADMIN, type TestHuixin } from '../../support/test-server';
import { rebuildRollups } from '../../../server/reports/rollup-rebuild';
import { local } from '../appointments/support';
import { csvOf } from './support';
import { addContact, api, campaignServer, makeCampaign, makeSegment, textIn } from '../campaigns/support';

/**
 * Issue 17, response rate per send: unique recipients who replied within 72 h ÷ unique delivered recipients, each
 * reply charged to the send whose text the person got last. Built through the campaigns and appointments APIs, the
 * real sender and the customers' own texts in March (Shanghai), under the test clock; worked out by hand below.
 */
const MARCH = 'from=2027-03-01&to=2027-03-31';

let hx: TestHuixin;
let token: string;
const notice = { id: 0, contacts: [] as Contact[] };
const followUp = { id: 0 };
const remind = { c5: null as Contact | null, c6: null as Contact | null };

async function at(time: string): Promise<void> {
  hx.clock.set(local(time));
  token = await hx.loginAs(ADMIN.email, ADMIN.password);   // a session does not live for days of test clock
}
async function textAt(time: string, contact: Contact, body: string): Promise<void> {
  await at(time);
  await textIn(hx, contact.phone, body);
  await hx.sender.drain();
}
async function campaign(tag: string, name: string, time: string): Promise<number> {
  await at(time);
  const id = await makeCampaign(hx, token, { name, category: 'transactional', segmentId: await makeSegment(hx, token, { tagsAny: [tag] }), body: `${name}：本周六照常营业` });
  await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
  await hx.sender.drain();
  return id;
}
async function reminder(contact: Contact, appointmentId: number, time: string): Promise<void> {
  await at(time);
  await api(hx, token).post(`/api/appointments/${appointmentId}/remind`).send({}).expect(200);
  await hx.sender.drain();
}

beforeAll(async () => {
  ({ hx, token } = await campaignServer());
  await at('2027-03-09 12:00');
  for (let i = 0; i < 4; i++) notice.contacts.push(await addContact(hx, token, { tags: ['notice'], name: `顾客${i + 1}` }));
  notice.id = await campaign('notice', '营业通知', '2027-03-10 10:00');
  const [c1, c2, c3] = notice.contacts;
  await textAt('2027-03-10 11:00', c1!, '好的，谢谢');                // a reply
  await textAt('2027-03-10 12:00', c1!, '请问周日呢？');              // a second from the same person: still one recipient
  await textAt('2027-03-13 09:59', c2!, '收到');                      // 71 h 59 min after: inside
  await textAt('2027-03-13 10:00', c3!, '收到');                      // exactly 72 h after: outside
  // c4 never answers.

  // Reminders: c5 reminded twice (one recipient), answers the second; c6 is sent a campaign after the reminder and
  // answers after that, so the reply is the campaign's, not the reminder's.
  const serviceId = (await hx.ds.manager.findOneByOrFail(Service, { name: '洗牙' })).id;
  await at('2027-03-15 09:00');
  remind.c5 = await addContact(hx, token, { name: '顾客5' });
  remind.c6 = await addContact(hx, token, { name: '顾客6', tags: ['follow-up'] });
  const ids: number[] = [];
  for (const c of [remind.c5, remind.c6]) {
    const booked = await api(hx, token).post('/api/appointments').send({ contactPhone: c.phone, serviceId, startsAt: local('2027-03-18 10:00').toISOString() }).expect(201);
    ids.push(booked.body.id);
  }
  await reminder(remind.c5, ids[0]!, '2027-03-15 10:00');
  await reminder(remind.c6, ids[1]!, '2027-03-15 10:00');
  await reminder(remind.c5, ids[0]!, '2027-03-15 10:10');
  await textAt('2027-03-15 11:00', remind.c5, '好');
  followUp.id = await campaign('follow-up', '复诊提醒', '2027-03-15 12:00');
  await textAt('2027-03-15 13:00', remind.c6, '好的');
}, 120_000);
afterAll(() => hx.close());

const report = async (query = MARCH) => (await api(hx, token).get(`/api/reports/responses?${query}`).expect(200)).body;
type Row = { send: string; kind: string; name: string; delivered: number; replied: number; responseRate: number | null };
const rowOf = (rows: Row[], send: string) => rows.find((r) => r.send === send);

describe('GET /api/reports/responses', () => {
  it('gives each send its delivered texts and those answered within 72 h, as worked out by hand', async () => {
    const body = await report();
    // c1 (twice: once) and c2 (71:59) replied; c3 at 72:00 and c4 did not.
    expect(rowOf(body.sends, `campaign:${notice.id}`)).toEqual({ send: `campaign:${notice.id}`, kind: 'campaign', name: '营业通知', delivered: 4, replied: 2, responseRate: 0.5 });
    // Reminders: each text is a recipient, as opt-outs per send count them — c5's two and c6's one; c5 answered the
    // latest (10:10) only; c6's answer came after the campaign and is the campaign's.
    expect(rowOf(body.sends, 'template:appointment_reminder')).toEqual({
      send: 'template:appointment_reminder', kind: 'template', name: 'appointment_reminder', delivered: 3, replied: 1, responseRate: expect.closeTo(1 / 3, 3),
    });
    expect(rowOf(body.sends, `campaign:${followUp.id}`)).toMatchObject({ delivered: 1, replied: 1, responseRate: 1 });
    expect(body.definitions.responseRate.en).toMatch(/72 h/);
    // The bot's own answers are no send.
    expect(body.sends.every((r: Row) => r.send.startsWith('campaign:') || r.send.startsWith('template:'))).toBe(true);
    expect(body.sends.map((r: Row) => r.send).sort()).toEqual([`campaign:${followUp.id}`, `campaign:${notice.id}`, 'template:appointment_confirmed', 'template:appointment_reminder', 'template:csat_survey'].sort());
  });

  it('a month with no sends answers an empty list', async () => {
    expect((await report('from=2027-05-01&to=2027-05-31')).sends).toEqual([]);
  });

  it('lists the recipients behind a figure with the reply that answered them, and exports as CSV', async () => {
    const [c1, c2, c3, c4] = notice.contacts;
    const replied = await api(hx, token).get(`/api/reports/responses/items?${MARCH}&send=campaign:${notice.id}&figure=replied`).expect(200);
    expect(replied.body.total).toBe(2);
    expect(replied.body.items.map((i: { contactId: number; reply: string; repliedAt: string }) => [i.contactId, i.reply, i.repliedAt])).toEqual([
      [c1!.id, '好的，谢谢', local('2027-03-10 11:00').toISOString()],
      [c2!.id, '收到', local('2027-03-13 09:59').toISOString()],
    ]);
    expect(replied.body.items[0]).toMatchObject({ contactName: '顾客1', sentAt: local('2027-03-10 10:00').toISOString() });
    const silent = await api(hx, token).get(`/api/reports/responses/items?${MARCH}&send=campaign:${notice.id}&figure=not_replied`).expect(200);
    expect(silent.body.items.map((i: { contactId: number }) => i.contactId)).toEqual([c3!.id, c4!.id]);
    const reminded = await api(hx, token).get(`/api/reports/responses/items?${MARCH}&send=template:appointment_reminder&figure=delivered`).expect(200);
    // One row per text: c5's 10:00 reminder was not what their reply answered (the 10:10 one was).
    expect(reminded.body.items.map((i: { contactId: number; replyId: number | null; sentAt: string }) => [i.contactId, i.replyId !== null, i.sentAt])).toEqual([
      [remind.c5!.id, false, local('2027-03-15 10:00').toISOString()], [remind.c6!.id, false, local('2027-03-15 10:00').toISOString()],
      [remind.c5!.id, true, local('2027-03-15 10:10').toISOString()],
    ]);

    const csv = await csvOf(api(hx, token).get(`/api/reports/responses/items?${MARCH}&send=campaign:${notice.id}&figure=replied&format=csv`));
    const lines = csv.text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('\uFEFFmessageId,sentAt,replyId,repliedAt,reply,contactId,contactName,phone,conversationId');
    expect(lines).toHaveLength(3);
    const table = await csvOf(api(hx, token).get(`/api/reports/responses?${MARCH}&format=csv`));
    expect(table.text.split('\r\n')).toContain(`campaign:${notice.id},campaign,营业通知,4,2,0.5`);
  });

  it('is read from the roll-ups, and a rebuild from the texts gives the same figures', async () => {
    const before = (await report()).sends;
    // c1, c2 (notice), c5 (reminder) and c6 (follow-up): four answered texts, each counted once.
    expect(Number((await hx.ds.query("SELECT SUM(n) AS n FROM report_rollups WHERE grain = 'h' AND kind = 'reply_send'"))[0].n)).toBe(4);
    await hx.ds.query("DELETE FROM report_rollups WHERE kind = 'reply_send'");
    expect((await report()).sends.every((r: Row) => r.replied === 0)).toBe(true);
    await rebuildRollups(hx.ds, {}, { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-04-01T00:00:00Z') });
    expect((await report()).sends).toEqual(before);
  });

  it('names a send it cannot read, and is for admins only', async () => {
    const bad = await api(hx, token).get(`/api/reports/responses/items?${MARCH}&send=agent&figure=replied`).expect(400);
    expect(bad.body.error.field).toBe('send');
    const agent = await request(hx.url).post('/api/auth/login').send({ email: 'wang@clinic.example', password: 'huixin-demo' }).expect(200);
    await request(hx.url).get(`/api/reports/responses?${MARCH}`).set('Authorization', `Bearer ${agent.body.token}`).expect(403);
  });
});
