import { checkedRequest as request } from '../../support/openapi-check';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

const split: [string, string][] = [['09:00', '12:00'], ['13:30', '18:00']];
const week = { mon: split, tue: split, wed: split, thu: split, fri: split, sat: [], sun: [] };

const api = (hx: TestHuixin, token: string) => ({
  get: (path: string) => request(hx.url).get(`/api${path}`).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => request(hx.url).post(`/api${path}`).set('Authorization', `Bearer ${token}`).send(body),
  patch: (path: string, body: object) => request(hx.url).patch(`/api${path}`).set('Authorization', `Bearer ${token}`).send(body),
  put: (path: string, body: object) => request(hx.url).put(`/api${path}`).set('Authorization', `Bearer ${token}`).send(body),
});

describe('a business starting without demo data (SEED_DEMO=false)', () => {
  let hx: TestHuixin;
  let admin: ReturnType<typeof api>;
  beforeAll(async () => {
    hx = await startTestHuixin({ SEED_DEMO: 'false' });
    admin = api(hx, await hx.loginAs(ADMIN.email, ADMIN.password));
  });
  afterAll(async () => { await hx?.close(); });

  const state = async () => (await admin.get('/setup').expect(200)).body;

  it('is sent to setup, with nothing done and loopback named as not live, with how to switch', async () => {
    const body = await state();
    expect(body).toMatchObject({ needed: true, completedAt: null, steps: { business: false, hours: false, service: false, team: false, provider: false } });
    expect(body.provider).toMatchObject({ name: 'loopback', live: false });
    expect(body.provider.how).toEqual(expect.arrayContaining([
      expect.objectContaining({ provider: 'twilio', variables: expect.arrayContaining(['SMS_PROVIDER=twilio', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']) }),
    ]));
  });

  it('sees each step done as the data it asks for is added, and an agent may read but not finish it', async () => {
    await admin.put('/settings', { businessName: '示例诊所', smsSignature: '【示例诊所】' }).expect(200);
    expect((await state()).steps).toMatchObject({ business: true, hours: false });

    await admin.post('/locations', { name: '示例诊所', address: '', capacity: 1, weeklyHours: week, closedDates: ['2027-02-06'] }).expect(201);
    expect((await state()).steps).toMatchObject({ hours: true, service: false, team: false });

    const invited = await admin.post('/agents', { email: 'zhao@clinic.example', name: '赵敏', role: 'agent' }).expect(201);
    expect((await state()).steps.team).toBe(true);
    const token = invited.body.inviteUrl.split('/invite/')[1];
    const agentToken = (await request(hx.url).post('/api/auth/accept-invite').send({ token, password: 'zhao-password' }).expect(200)).body.token;
    const agent = api(hx, agentToken);
    expect((await agent.get('/setup').expect(200)).body.needed).toBe(true);
    expect((await agent.post('/setup/complete').expect(403)).body.error.code).toBe('forbidden');
    await request(hx.url).get('/api/setup').expect(401);

    const service = await admin.post('/services', { name: { 'zh-CN': '洗牙', en: 'Cleaning' }, durationMinutes: 30 }).expect(201);
    // A business with a service is set up, even if nobody pressed "Finish"…
    expect(await state()).toMatchObject({ needed: false, completedAt: null, steps: { service: true } });
    // …and one whose only service was withdrawn is not, until setup is finished.
    await admin.patch(`/services/${service.body.id}`, { active: false }).expect(200);
    expect((await state()).needed).toBe(true);
  });

  it('is finished by an admin once, and then never needed again', async () => {
    const done = await admin.post('/setup/complete').expect(200);
    expect(done.body).toMatchObject({ needed: false, completedAt: hx.clock.now().toISOString() });
    hx.clock.set(new Date(hx.clock.now().getTime() + 60_000));
    const again = await admin.post('/setup/complete').expect(200);
    expect(again.body.completedAt).toBe(done.body.completedAt);
    expect(await state()).toMatchObject({ needed: false, completedAt: done.body.completedAt });
  });
});

describe('the demo clinic', () => {
  let hx: TestHuixin;
  beforeAll(async () => { hx = await startTestHuixin(); });
  afterAll(async () => { await hx?.close(); });

  it('never sees setup: the demo seed marks it complete', async () => {
    const agent = api(hx, await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD));
    const body = (await agent.get('/setup').expect(200)).body;
    expect(body).toMatchObject({ needed: false, completedAt: expect.any(String), steps: { hours: true, service: true, team: true } });
    await agent.post('/setup/complete').expect(403);
  });
});
