import { Contact, Conversation } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { apiAs, type Api, contactsSuite } from '../contacts/support';

const suite = contactsSuite();
let liu: Api;
beforeAll(async () => { liu = apiAs(suite.hx, `Bearer ${await suite.hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD)}`); });

const shortcuts = (res: { body: { items: Array<{ shortcut: string }> } }) => res.body.items.map((c) => c.shortcut);

/** The demo contact's conversation id. */
async function conversationOf(phone: string): Promise<number> {
  const contact = await suite.hx.ds.manager.findOneByOrFail(Contact, { phone });
  return (await suite.hx.ds.manager.findOneByOrFail(Conversation, { contactId: contact.id })).id;
}

it('a newcomer finds the clinic’s team replies already there', async () => {
  const list = await suite.agent.get('/canned-replies').expect(200);
  expect(shortcuts(list)).toEqual(expect.arrayContaining(['address', 'hours', 'thanks']));
  expect(list.body.items.find((c: { shortcut: string }) => c.shortcut === 'hours')).toMatchObject({ scope: 'team', editable: false });
  expect(shortcuts(await suite.agent.get('/canned-replies?q=hou').expect(200))).toEqual(['hours']);
});

it('admins manage the team’s replies; an agent manages only their own, and never sees a colleague’s', async () => {
  const team = await suite.admin.post('/canned-replies', { shortcut: 'parking', bodies: { 'zh-CN': '停车场在 B2。' }, scope: 'team' }).expect(201);
  expect(team.body).toMatchObject({ scope: 'team', editable: true });
  await suite.agent.post('/canned-replies', { shortcut: 'sneaky', bodies: { en: 'x' }, scope: 'team' }).expect(403);
  await suite.agent.patch(`/canned-replies/${team.body.id}`, { bodies: { en: 'changed' } }).expect(403);
  await suite.agent.delete(`/canned-replies/${team.body.id}`).expect(403);

  const mine = await suite.agent.post('/canned-replies', { shortcut: 'wang-bye', bodies: { 'zh-CN': '祝您生活愉快！' } }).expect(201);
  expect(mine.body).toMatchObject({ scope: 'mine', editable: true });
  expect(shortcuts(await suite.agent.get('/canned-replies').expect(200))).toContain('wang-bye');
  expect(shortcuts(await liu.get('/canned-replies').expect(200))).not.toContain('wang-bye');
  await liu.patch(`/canned-replies/${mine.body.id}`, { bodies: { en: 'mine now' } }).expect(404);
  await suite.admin.delete(`/canned-replies/${mine.body.id}`).expect(404);

  expect((await suite.agent.patch(`/canned-replies/${mine.body.id}`, { shortcut: 'bye' }).expect(200)).body.shortcut).toBe('bye');
  await suite.agent.delete(`/canned-replies/${mine.body.id}`).expect(200);
  expect(shortcuts(await suite.agent.get('/canned-replies').expect(200))).not.toContain('bye');
  await suite.admin.delete(`/canned-replies/${team.body.id}`).expect(200);
});

it('refuses a taken shortcut with 409, whoever holds it', async () => {
  const taken = await liu.post('/canned-replies', { shortcut: 'hours', bodies: { en: 'my hours' } }).expect(409);
  expect(taken.body.error).toMatchObject({ code: 'shortcut_taken', field: 'shortcut' });
  const { body } = await liu.post('/canned-replies', { shortcut: 'liu-only', bodies: { en: 'x' } }).expect(201);
  await suite.agent.post('/canned-replies', { shortcut: 'LIU-ONLY', bodies: { en: 'y' } }).expect(409);
  await liu.patch(`/canned-replies/${body.id}`, { shortcut: 'thanks' }).expect(409);
});

it('refuses a reply that would not fill in, naming the body, and bad input naming its field', async () => {
  const refused = async (payload: object) => (await suite.agent.post('/canned-replies', { shortcut: 'bad', bodies: { en: 'ok' }, ...payload }).expect(400)).body.error;
  expect(await refused({ bodies: { en: 'Hi {{contact.nmae}}' } })).toMatchObject({ field: 'bodies.en', message: expect.stringContaining('unknown variable "contact.nmae"') });
  expect(await refused({ bodies: { 'zh-CN': '您好 {{#if}}' } })).toMatchObject({ field: 'bodies.zh-CN' });
  expect(await refused({ bodies: { en: '{{lookup contact "phone"}}' } })).toMatchObject({ field: 'bodies.en', message: expect.stringContaining('lookup') });
  expect(await refused({ bodies: { en: 'Your slots: {{#each slots}}{{option}}{{/each}}' } })).toMatchObject({ field: 'bodies.en' });
  expect((await refused({ bodies: {} })).field).toBe('bodies');
  expect((await refused({ shortcut: 'Has Space' })).field).toBe('shortcut');
  expect((await refused({ shortcut: 'x'.repeat(31) })).field).toBe('shortcut');
  await suite.agent.patch('/canned-replies/999999', { bodies: { en: 'x' } }).expect(404);
});

it('previews each reply for the conversation’s contact, in their language, with their next visit', async () => {
  await suite.agent.post('/canned-replies', { shortcut: 'visit', bodies: { 'zh-CN': '{{contact.name}}，您的{{appointment.service}}在{{appointment.when}}。', en: '{{contact.name}}, your {{appointment.service}} is {{appointment.when}}.' } }).expect(201);
  const zhang = await suite.agent.get(`/conversations/${await conversationOf('+8613800138000')}/canned-replies`).expect(200);
  const hours = zhang.body.items.find((c: { shortcut: string }) => c.shortcut === 'hours');
  expect(hours.preview).toBe('张伟您好，示例口腔诊所营业时间：周一至周六 9:00–12:00、13:00–18:00，周日休息。');
  expect(zhang.body.items.find((c: { shortcut: string }) => c.shortcut === 'visit').preview).toMatch(/^张伟，您的洗牙在\d+月\d+日/);

  const alex = await suite.agent.get(`/conversations/${await conversationOf('+14155550100')}/canned-replies`).expect(200);
  expect(alex.body.items.find((c: { shortcut: string }) => c.shortcut === 'hours').preview).toBe('Hi Alex Chen, 示例口腔诊所 is open Monday to Saturday 9:00–12:00 and 13:00–18:00, closed on Sundays.');
  // 陳美玲 reads traditional characters.
  const chan = await suite.agent.get(`/conversations/${await conversationOf('+85291234567')}/canned-replies`).expect(200);
  expect(chan.body.items.find((c: { shortcut: string }) => c.shortcut === 'hours').preview).toContain('營業時間');
});

it('a contact with no upcoming visit gets the reason instead of a half-filled reply', async () => {
  const { body } = await suite.agent.post('/contacts', { phone: '+8613705900001', name: '赵六' }).expect(201);
  await suite.hx.ds.manager.save(suite.hx.ds.manager.create(Conversation, {
    contactId: body.id, status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, awaiting: null, awaitingContext: null,
    snoozedUntil: null, lastMessageAt: null, waitingSince: null, unread: 0,
  }));
  const items = (await suite.agent.get(`/conversations/${await conversationOf('+8613705900001')}/canned-replies`).expect(200)).body.items;
  expect(items.find((c: { shortcut: string }) => c.shortcut === 'visit')).toMatchObject({ preview: null, error: expect.stringContaining('appointment') });
  expect(items.find((c: { shortcut: string }) => c.shortcut === 'thanks').preview).toContain('谢谢赵六');
});

it('the old template list leaves out the bot’s system templates, and none can be sent by hand', async () => {
  const id = await conversationOf('+8613900139000');
  const keys = (await suite.agent.get(`/conversations/${id}/templates`).expect(200)).body.items.map((t: { key: string }) => t.key);
  for (const k of ['csat_thanks', 'handoff_ack_closed', 'menu_clarify', 'reschedule_offer', 'appointment_cancelled']) expect(keys).not.toContain(k);
  const refused = await suite.agent.post(`/conversations/${id}/messages`, { template: 'appointment_cancelled' }).expect(400);
  expect(refused.body.error).toMatchObject({ code: 'system_template', field: 'template' });
});

