import { smsCost } from '../../../server/admin/sms-segments';
import { startAdminHarness, type AdminHarness } from './admin-client';

let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

describe('templates REST', () => {
  it('lists templates with their menus, allowed variables and costs', async () => {
    const { items } = (await h.admin.get('/templates').expect(200)).body;
    const reminder = items.find((t: { key: string }) => t.key === 'appointment_reminder');
    expect(reminder).toMatchObject({ system: true, menu: expect.arrayContaining([{ key: '2', action: 'appointment.reschedule', label: '改期' }]) });
    expect(reminder.variables).toContain('appointment.when');
    expect(reminder.cost['zh-CN']).toMatchObject({ encoding: 'UCS-2' });
  });

  it('lists the variables available, narrower for system templates', async () => {
    const res = await h.admin.get('/templates/variables').expect(200);
    expect(res.body.all).toEqual(expect.arrayContaining(['contact.name', 'appointment.when', 'slots[].when']));
    expect(res.body.system.handoff_ack).not.toContain('appointment.when');
  });

  it('creates a template with zh-CN and en variants and a menu', async () => {
    const res = await h.admin.post('/templates', {
      key: 'xray_followup',
      bodies: { 'zh-CN': '【{{business.name}}】{{contact.name}}您好，需要拍片请回复1，不需要回复2。', en: 'Hi {{contact.name}}, reply 1 for an X-ray, 2 if not.' },
      menu: [{ key: '1', action: 'appointment.book', label: '拍片' }, { key: '2', action: 'ack', label: '不用' }],
    }).expect(201);
    expect(res.body.template).toMatchObject({ key: 'xray_followup', system: false });
    const sim = await h.admin.post('/rules/simulate', { text: '1', inReplyTo: 'xray_followup' }).expect(200);
    expect(sim.body.action).toBe('appointment.book');
  });

  it('changes a body and answers the template with the new body counted, and the version it made', async () => {
    const res = await h.admin.put('/templates/xray_followup', { bodies: { 'zh-CN': '【{{business.name}}】请回复1预约拍片。', en: 'Reply 1 for an X-ray.' } }).expect(200);
    expect(res.body.version).toEqual(expect.any(String));
    expect(res.body.template.bodies.en).toBe('Reply 1 for an X-ray.');
    expect(res.body.template.cost.en).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect((await h.admin.get('/templates/xray_followup').expect(200)).body.template.bodies.en).toBe('Reply 1 for an X-ray.');
  });

  it('refuses an unknown variable at save time with 400 naming the body', async () => {
    const res = await h.admin.put('/templates/help', { bodies: { 'zh-CN': '【{{business.name}}】{{contact.nickname}} 您好' } }).expect(400);
    expect(res.body.error).toMatchObject({ field: 'bodies.zh-CN', message: expect.stringMatching(/unknown variable "contact.nickname"/) });
    expect((await h.admin.get('/templates/help')).body.template.bodies['zh-CN']).not.toContain('nickname');
  });

  it('refuses a variable a system template cannot be given (a hand-off has no appointment)', async () => {
    const res = await h.admin.put('/templates/handoff_ack', { bodies: { 'zh-CN': '已转人工，关于{{appointment.when}}的预约' } }).expect(400);
    expect(res.body.error.message).toMatch(/unknown variable "appointment.when"/);
  });

  it('refuses a template that does not parse, and deleting one the bot needs', async () => {
    expect((await h.admin.put('/templates/help', { bodies: { en: 'Hi {{contact.name' } }).expect(400)).body.error.message).toMatch(/does not parse/);
    expect((await h.admin.delete('/templates/handoff_ack').expect(400)).body.error.message).toMatch(/required/);
  });

  it('previews with the sample contact and appointment, with the counters', async () => {
    const res = await h.admin.post('/templates/preview', { body: '【{{business.name}}】{{contact.name}}，您{{appointment.when}}的{{appointment.service}}预约已确认😀', locale: 'zh-CN' }).expect(200);
    expect(res.body.text).toBe('【示例口腔诊所】张伟，您11月26日(周四) 10:00的洗牙预约已确认😀');
    expect(res.body.cost).toMatchObject({ encoding: 'UCS-2', units: res.body.text.length, segments: 1, chinaBilled: 1 });
    const en = await h.admin.post('/templates/preview', { key: 'appointment_reminder', locale: 'en' }).expect(200);
    expect(en.body.text).toContain('Alex Chen');
    expect(en.body.menu).toHaveLength(4);
  });

  it('answers 400 to a preview with an unknown variable rather than an empty string', async () => {
    const res = await h.admin.post('/templates/preview', { body: 'Hi {{contact.nmae}}' }).expect(400);
    expect(res.body.error).toMatchObject({ field: 'body', message: expect.stringMatching(/contact.nmae/) });
  });
});

describe('smsCost', () => {
  it.each([
    ['nothing', '', 'GSM-7', 0, 0, 0],
    ['160 Latin letters', 'a'.repeat(160), 'GSM-7', 160, 1, 3],
    ['161 Latin letters', 'a'.repeat(161), 'GSM-7', 161, 2, 3],
    ['80 GSM extension characters', '{'.repeat(80), 'GSM-7', 160, 1, 2],
    ['70 Chinese characters', '中'.repeat(70), 'UCS-2', 70, 1, 1],
    ['71 Chinese characters', '中'.repeat(71), 'UCS-2', 71, 2, 2],
    ['35 emoji', '😀'.repeat(35), 'UCS-2', 70, 1, 1],
    ['36 emoji', '😀'.repeat(36), 'UCS-2', 72, 2, 1],
  ])('counts %s: encoding, units, segments and China billing', (_what, text, encoding, units, segments, china) => {
    expect(smsCost(text)).toMatchObject({ encoding, units, segments, chinaBilled: china });
  });

  it('counts the 【签名】 in the China billing count', () => {
    const body = '您好'.repeat(32);   // 64 characters: one message alone
    expect(smsCost(body).chinaBilled).toBe(1);
    expect(smsCost(`【示例口腔诊所】${body}`).chinaBilled).toBe(2);   // 72 with the signature
  });
});
