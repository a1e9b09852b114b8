import request from 'supertest';
import { withSignature } from '../../../rules';
import { signedBody } from '../../../server/conversations/sms-signature';
import { defaultRulesetSource } from '../../../server/db/seed/rules-defaults';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

let hx: TestHuixin;
let auth: string;
beforeAll(async () => {
  hx = await startTestHuixin();
  auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
});
afterAll(async () => { await hx?.close(); });

const putSettings = (body: object) => request(hx.url).put('/api/settings').set('Authorization', auth).send(body);
const signatures = (text: string) => text.match(/【[^【】]*】/g) ?? [];

describe('the SMS signature setting', () => {
  it('refuses anything but 2–12 characters inside one 【】 with a 400 naming smsSignature', async () => {
    for (const bad of ['示例诊所', '【示】', '【示例【诊所】', '【一二三四五六七八九十十一十二十三】', '【示例诊所】 ', '[示例诊所]']) {
      const res = await putSettings({ smsSignature: bad }).expect(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_field', field: 'smsSignature' });
    }
    await putSettings({ smsSignature: '【一二三四五六七八九十十一】' }).expect(200);
  });

  it('keeps the one an admin saves, and empty means none', async () => {
    const saved = await putSettings({ smsSignature: '【示例诊所】' }).expect(200);
    expect(saved.body.settings.smsSignature).toBe('【示例诊所】');
    const read = await request(hx.url).get('/api/settings').set('Authorization', auth).expect(200);
    expect(read.body.settings.smsSignature).toBe('【示例诊所】');
  });
});

describe('every text the customer receives starts with it, once', () => {
  beforeAll(async () => { await putSettings({ smsSignature: '【示例诊所】' }).expect(200); });

  it('puts it before the bot\'s reply in place of the template\'s own letterhead, stored as sent', async () => {
    const customer = new Customer(hx, '+8613700000101');
    await customer.text('营业时间');
    const reply = await eventually(() => customer.lastReply());
    expect(reply.body.startsWith('【示例诊所】')).toBe(true);
    expect(signatures(reply.body)).toEqual(['【示例诊所】']);
    // What the thread shows is what went to the phone.
    const thread = await request(hx.url).get(`/api/conversations/${reply.conversationId}/messages`).set('Authorization', auth).expect(200);
    expect(thread.body.items.at(-1).body).toBe(reply.body);
  });

  it('puts it before an agent\'s reply, and not again when the agent typed it', async () => {
    const customer = new Customer(hx, '+8613700000102');
    await customer.text('人工');
    const conversationId = (await customer.conversation()).id;
    const plain = await request(hx.url).post(`/api/conversations/${conversationId}/messages`).set('Authorization', auth).send({ body: '您好，我是前台小王' }).expect(201);
    expect(plain.body.body).toBe('【示例诊所】您好，我是前台小王');
    expect((await customer.lastReply())!.body).toBe('【示例诊所】您好，我是前台小王');
    await request(hx.url).post(`/api/conversations/${conversationId}/messages`).set('Authorization', auth).send({ body: '【示例诊所】明天见' }).expect(201);
    expect((await customer.lastReply())!.body).toBe('【示例诊所】明天见');
  });

  it('is left off again once cleared', async () => {
    await putSettings({ smsSignature: '' }).expect(200);
    const customer = new Customer(hx, '+8613700000103');
    await customer.text('营业时间');
    const reply = await eventually(() => customer.lastReply());
    expect(reply.body.startsWith('【示例口腔诊所】')).toBe(true);
  });
});

describe('where the signature goes', () => {
  const settings = { ...defaultRulesetSource.settings, smsSignature: '【示例诊所】' };
  it('is added by the outbox for loopback and Twilio, and left to the Chinese gateways that sign themselves', () => {
    expect(signedBody('您好', settings, 'loopback')).toBe('【示例诊所】您好');
    expect(signedBody('您好', settings, 'twilio')).toBe('【示例诊所】您好');
    expect(signedBody('您好', settings, 'aliyun')).toBe('您好');
  });
  it('replaces a different leading 【…】 and never doubles its own', () => {
    expect(withSignature('【示例口腔診所】您好', '【示例诊所】')).toBe('【示例诊所】您好');
    expect(withSignature('【示例诊所】您好', '【示例诊所】')).toBe('【示例诊所】您好');
    expect(withSignature('Hi 【x】', '【示例诊所】')).toBe('【示例诊所】Hi 【x】');
    expect(withSignature('您好', undefined)).toBe('您好');
  });
});
