import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';

const DEMO_PHONE = '+8613800138000';   // 张伟, seeded with a conversation

/** The simulator namespace's socket, connected, or the refusal's message. */
function connectSimulator(url: string, opts: { token?: string; cookie?: string } = {}): Promise<Socket> {
  const socket = connect(`${url}/simulator`, {
    auth: opts.token ? { token: opts.token } : {}, extraHeaders: opts.cookie ? { Cookie: opts.cookie } : {},
    transports: ['websocket'], reconnection: false, forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

describe('the phone simulator with the loopback provider', () => {
  let hx: TestHuixin;
  let agentToken: string;
  beforeAll(async () => {
    hx = await startTestHuixin();
    agentToken = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  });
  afterAll(() => hx.close());

  it('refuses anonymous callers its phone list, threads and sending with 401', async () => {
    for (const res of [
      await request(hx.url).get('/api/simulator/phones'),
      await request(hx.url).get('/api/simulator/messages').query({ phone: DEMO_PHONE }),
      await request(hx.url).post('/api/simulator/messages').send({ from: '+8613700990100', text: '人工' }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthenticated');
    }
    expect(JSON.stringify((await request(hx.url).get('/api/simulator/phones')).body)).not.toContain(DEMO_PHONE);
  });

  it('refuses an anonymous socket on its namespace', async () => {
    await expect(connectSimulator(hx.url)).rejects.toThrow('unauthenticated');
    await expect(connectSimulator(hx.url, { token: 'not-a-session' })).rejects.toThrow('unauthenticated');
  });

  it('lets a signed-in agent text the bot and follow the thread live', async () => {
    const socket = await connectSimulator(hx.url, { token: agentToken });
    try {
      const phone = '+8613700990101';
      expect(await socket.emitWithAck('phone:watch', { phone })).toEqual({ ok: true, phone });
      const reply = new Promise<{ body: string }>((resolve) => socket.on('sms:created', (m: { direction: string; body: string }) => { if (m.direction === 'out') resolve(m); }));
      await request(hx.url).post('/api/simulator/messages').set('Authorization', `Bearer ${agentToken}`).send({ from: phone, text: '人工' }).expect(200);
      await hx.sender.drain();
      expect((await reply).body).toContain('人工客服');
      const thread = await request(hx.url).get('/api/simulator/messages').query({ phone }).set('Authorization', `Bearer ${agentToken}`).expect(200);
      expect(thread.body.items.map((m: { direction: string }) => m.direction)).toEqual(['in', 'out']);
    } finally {
      socket.close();
    }
  });

  it('accepts the browser session cookie on the API and the namespace', async () => {
    const login = await request(hx.url).post('/api/auth/login').send({ email: 'sam@clinic.example', password: DEMO_AGENT_PASSWORD }).expect(200);
    const cookie = String(login.headers['set-cookie'][0]).split(';')[0];
    const phones = await request(hx.url).get('/api/simulator/phones').set('Cookie', cookie).expect(200);
    expect(phones.body.items).toContainEqual(expect.objectContaining({ phone: DEMO_PHONE }));
    (await connectSimulator(hx.url, { cookie })).close();
  });
});

describe('the phone simulator with a real provider', () => {
  let hx: TestHuixin;
  let agentToken: string;
  beforeAll(async () => {
    hx = await startTestHuixin({ SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'ACtest', TWILIO_AUTH_TOKEN: 'token-abc', TWILIO_FROM: '+8610690001' }, { startSender: false });
    agentToken = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  });
  afterAll(() => hx.close());

  it('does not exist: its API, its page and its namespace answer as missing, even to an agent', async () => {
    const auth = { Authorization: `Bearer ${agentToken}` };
    await request(hx.url).get('/api/simulator/phones').set(auth).expect(404);
    await request(hx.url).post('/api/simulator/messages').set(auth).send({ from: '+8613700990102', text: 'hi' }).expect(404);
    await request(hx.url).get('/simulator').expect(404);
    await expect(connectSimulator(hx.url, { token: agentToken })).rejects.toThrow('Invalid namespace');
  });
});
