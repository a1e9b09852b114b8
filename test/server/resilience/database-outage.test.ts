import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { In } from 'typeorm';
import { Message } from '../../../server/db/entities';
import { connectAgent, type AgentSocket } from '../inbox/inbox-client';
import { huixinBehindProxy, type TcpProxy } from '../../support/tcp-proxy';
import { ADMIN, type TestHuixin } from '../../support/test-server';

// Outages are played on MariaDB through a proxy this suite controls; SQLite is a file in the process, with nothing in
// between to cut. CI runs every suite on MariaDB as well, so these run there (with DATABASE_URL set) and are skipped
// on the SQLite run.
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

/** Long enough for a slow CI machine, short enough that a hang (a request waiting out the freeze) is told apart. */
const ANSWER_WITHIN_MS = 10_000;

let proxy: TcpProxy;
let hx: TestHuixin;
let close: () => Promise<void>;
let token: string;
let agent: AgentSocket;

onMariaDb('a database outage', () => {
  beforeAll(async () => {
    // The suite's database is created on the real server; Huixin reaches it only through the proxy.
    ({ hx, proxy, close } = await huixinBehindProxy({ DB_TIMEOUT_MS: '1000' }));
    token = await hx.loginAs(ADMIN.email, ADMIN.password);
    agent = await connectAgent(hx.url, token);
  });
  afterEach(() => proxy.restore());
  afterAll(async () => {
    agent?.close();
    await close?.();
  });

  const webhook = (id: string, text = '地址') => request(hx.url).post('/webhooks/generic').timeout(ANSWER_WITHIN_MS)
    .send({ id, from: '+8613700137000', to: 'huixin', text });
  const twilioWebhook = (sid: string) => request(hx.url).post('/webhooks/twilio').timeout(ANSWER_WITHIN_MS).type('form')
    .send({ MessageSid: sid, From: '+8613700137001', To: '+15550000000', Body: '地址' });
  const apiList = () => request(hx.url).get('/api/conversations').timeout(ANSWER_WITHIN_MS).set('Authorization', `Bearer ${token}`);
  const resolveBySocket = () => agent.timeout(ANSWER_WITHIN_MS).emitWithAck('conversation:resolve', { conversationId: 1 });
  const storedIds = async (ids: string[]) =>
    (await hx.ds.manager.find(Message, { where: { providerMessageId: In(ids) } })).map((m) => m.providerMessageId).sort();

  function expectUnavailable(res: request.Response): void {
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ error: { code: 'database_unavailable', message: expect.any(String) } });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }

  it('answers 503 database_unavailable while the database is down, and stores every retried webhook once when it is back, without a restart', async () => {
    const ids = Array.from({ length: 6 }, () => randomUUID());
    // Some webhooks in flight when the database dies: each is either acknowledged or told to retry, never a 500.
    const inFlight = Promise.all(ids.map((id) => webhook(id)));
    await proxy.cut();
    const first = await inFlight;
    expect(first.map((r) => r.status).every((s) => s === 200 || s === 503)).toBe(true);
    const acknowledged = ids.filter((_, i) => first[i]!.status === 200);

    expectUnavailable(await webhook(ids[0]!));
    expectUnavailable(await twilioWebhook('SM-outage-1'));
    expectUnavailable(await apiList());
    expect(await resolveBySocket()).toEqual({ ok: false, error: { code: 'database_unavailable', message: expect.any(String) } });

    await proxy.restore();
    expect(await storedIds(acknowledged)).toEqual([...acknowledged].sort());   // nothing acknowledged was lost
    // The provider retries everything it was not sure of, and some it was (a lost 200): each is stored once.
    for (const id of ids) expect((await webhook(id)).status).toBe(200);
    expect((await twilioWebhook('SM-outage-1')).status).toBe(200);
    expect((await apiList()).status).toBe(200);
    expect(await storedIds([...ids, 'SM-outage-1'])).toEqual([...ids, 'SM-outage-1'].sort());
  });

  it('answers 503 within the timeout while the database hangs, instead of waiting as long as it does, and recovers', async () => {
    const id = randomUUID();
    proxy.freeze();

    expectUnavailable(await webhook(id));
    expectUnavailable(await apiList());
    expect(await resolveBySocket()).toEqual({ ok: false, error: { code: 'database_unavailable', message: expect.any(String) } });

    await proxy.restore();
    expect((await webhook(id)).status).toBe(200);
    expect((await webhook(id)).body).toMatchObject({ duplicate: true });
    expect((await apiList()).status).toBe(200);
    expect(await storedIds([id])).toEqual([id]);
  });
});
