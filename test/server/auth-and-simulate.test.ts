import { checkedRequest as request } from '../support/openapi-check';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { ADMIN, startTestHuixin, type TestHuixin } from '../support/test-server';

let hx: TestHuixin;
let adminToken: string;
beforeAll(async () => {
  hx = await startTestHuixin();
  adminToken = await hx.loginAs(ADMIN.email, ADMIN.password);
});
afterAll(() => hx.close());

const simulate = (body: object, token = adminToken) =>
  request(hx.url).post('/api/rules/simulate').set('Authorization', `Bearer ${token}`).send(body);

describe('POST /api/auth/login', () => {
  it('gives a token and a session cookie for the right password', async () => {
    const res = await request(hx.url).post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.body.token).toEqual(expect.any(String));
    expect(res.headers['set-cookie'][0]).toMatch(/huixin_session=.*HttpOnly/);
    const me = await request(hx.url).get('/api/auth/me').set('Cookie', res.headers['set-cookie'][0].split(';')[0]).expect(200);
    expect(me.body.agent).toMatchObject({ email: ADMIN.email, role: 'admin' });
  });

  it('tells the signed-in page the business\'s time zone, the one every time it shows is in', async () => {
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    await request(hx.url).put('/api/settings').set('Authorization', `Bearer ${token}`).send({ timezone: 'Asia/Hong_Kong' }).expect(200);
    const me = await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.timezone).toBe('Asia/Hong_Kong');
    expect((await request(hx.url).post('/api/auth/login').send(ADMIN).expect(200)).body.timezone).toBe('Asia/Hong_Kong');
    await request(hx.url).put('/api/settings').set('Authorization', `Bearer ${token}`).send({ timezone: 'Asia/Shanghai' }).expect(200);
  });

  it('answers 401 to a wrong password', async () => {
    const res = await request(hx.url).post('/api/auth/login').send({ ...ADMIN, password: 'nope-nope' }).expect(401);
    expect(res.body.error.code).toBe('invalid_credentials');
  });

  it('answers 400 naming the field when the email is not an email', async () => {
    const res = await request(hx.url).post('/api/auth/login').send({ email: 'admin', password: 'x' }).expect(400);
    expect(res.body.error.field).toBe('email');
  });

  it('ends the session on logout', async () => {
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    await request(hx.url).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(200);
    await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(401);
  });
});

describe('POST /api/rules/simulate', () => {
  it('previews the reply in the script the customer would get: traditional for a Hong Kong contact', async () => {
    const simplified = await simulate({ text: '帮助', locale: 'zh-CN' }).expect(200);
    const traditional = await simulate({ text: '幫助', locale: 'zh-HK' }).expect(200);
    expect(simplified.body.reply).toContain('预约短信助手');
    expect(traditional.body.reply).toContain('預約短信助手');
  });

  it('reads "1" in reply to the reminder as a confirmation, with the reply it would send', async () => {
    const res = await simulate({ text: '1', inReplyTo: 'appointment_reminder' }).expect(200);
    expect(res.body).toMatchObject({ action: 'appointment.confirm', params: expect.any(Object), trace: expect.objectContaining({ stage: 'awaiting-reply' }) });
    expect(res.body.reply).toEqual(expect.any(String));
  });

  it('reads "B" in reply to a slot offer as that option', async () => {
    const res = await simulate({ text: 'B', inReplyTo: 'reschedule_offer' }).expect(200);
    expect(res.body).toMatchObject({ action: 'slot.choose', params: { option: 'B' } });
  });

  it('reads "4" in reply to the survey as a score', async () => {
    const res = await simulate({ text: '4', inReplyTo: 'csat_survey' }).expect(200);
    expect(res.body).toMatchObject({ action: 'csat.record', params: { score: 4 } });
  });

  it('opts out on "TD" whatever menu is open', async () => {
    const res = await simulate({ text: 'TD', inReplyTo: 'appointment_reminder' }).expect(200);
    expect(res.body).toMatchObject({ action: 'opt_out', trace: expect.objectContaining({ stage: 'compliance' }) });
  });

  it('hands "人工" to a person', async () => {
    const res = await simulate({ text: '人工', now: '2026-11-24T03:00:00Z' }).expect(200);
    expect(res.body.action).toBe('handoff');
    expect(res.body.reply).toContain('人工客服');
  });

  it('answers 400 naming inReplyTo for a template without a menu', async () => {
    const res = await simulate({ text: '1', inReplyTo: 'no_such_template' }).expect(400);
    expect(res.body.error.field).toBe('inReplyTo');
  });

  it('answers 400 naming text when it is missing', async () => {
    const res = await simulate({ inReplyTo: 'appointment_reminder' }).expect(400);
    expect(res.body.error.field).toBe('text');
  });

  it('answers 401 without a token and 403 to an agent', async () => {
    await request(hx.url).post('/api/rules/simulate').send({ text: '1' }).expect(401);
    const agentToken = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
    const res = await simulate({ text: '1' }, agentToken).expect(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('GET /healthz', () => {
  it('answers ok while the database answers', async () => {
    await request(hx.url).get('/healthz').expect(200, { status: 'ok' });
  });
});
