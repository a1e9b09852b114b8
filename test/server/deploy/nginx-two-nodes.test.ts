import https from 'node:https';
import { io as connect } from 'socket.io-client';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { ChildServer, freePort } from '../../support/child-server';
import { FakeTwilio } from '../../support/fake-twilio';
import { NginxRig, UPSTREAM_HEADER } from '../../support/nginx-rig';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ADMIN } from '../../support/test-server';
import { nextEvent, type AgentSocket } from '../inbox/inbox-client';

// Two nodes share what production's share: MariaDB and Redis. Without them there is nothing to put behind nginx.
const onMariaDbAndRedis = process.env.DATABASE_URL && process.env.REDIS_URL ? describe : describe.skip;

jest.setTimeout(120_000);

const AUTH_TOKEN = 'nginx-test-auth-token';

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One request to nginx over TLS (its certificate is self-signed), on a connection of its own. */
function call(rig: NginxRig, method: string, path: string, body = '', headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: rig.httpsPort, method, path, agent: false, rejectUnauthorized: false, headers: { host: `localhost:${rig.httpsPort}`, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => { text += d; }).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A Twilio inbound as Twilio sends it to the public address, signed over the URL it called (scheme, host, port). */
function twilioInbound(rig: NginxRig, from: string, sid: string): Promise<Answer> {
  const params = { MessageSid: sid, AccountSid: 'ACtest', From: from, To: '+8610690001', Body: '人工', NumMedia: '0' };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${rig.url}/webhooks/twilio`, params);
  return call(rig, 'POST', '/webhooks/twilio', new URLSearchParams(params).toString(), {
    'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature,
  });
}

function agentSocket(rig: NginxRig, token: string, transport: 'polling' | 'websocket'): Promise<AgentSocket> {
  // agent: false: every poll on a new connection, so each is routed by nginx on its own, as a browser's may be.
  const socket: AgentSocket = connect(rig.url, { auth: { token }, transports: [transport], reconnection: false, forceNew: true, agent: false as never, rejectUnauthorized: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => { socket.close(); reject(err); });
  });
}

onMariaDbAndRedis('two Huixin nodes behind the shipped nginx config', () => {
  let db: TestDatabase;
  let twilio: FakeTwilio;
  const nodes: ChildServer[] = [];
  let rig: NginxRig;
  const sockets: AgentSocket[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    twilio = await new FakeTwilio().start();
    const env = {
      ...db.env, REDIS_URL: process.env.REDIS_URL!, REDIS_KEY_PREFIX: `huixin-test-${db.name}`, LOG_LEVEL: 'silent',
      ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, OUTBOX_POLL_MS: '50', SEED_DEMO: 'false',
      SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: 'ACtest', TWILIO_AUTH_TOKEN: AUTH_TOKEN, TWILIO_FROM: '+8610690001', TWILIO_API_BASE: twilio.url,
    };
    for (let i = 0; i < 2; i++) {
      const node = new ChildServer(env, await freePort());
      nodes.push(node);
      await node.start();
    }
    rig = await NginxRig.start(nodes.map((node) => `127.0.0.1:${node.port}`));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await rig?.stop();
    await Promise.all(nodes.map((node) => node.stop()));
    await twilio?.stop();
    await db?.drop();
  });

  it('brings a webhook taken by either node to an agent polling through one, with signatures checked against the public URL', async () => {
    const login = await call(rig, 'POST', '/api/auth/login', JSON.stringify(ADMIN), { 'content-type': 'application/json' });
    expect(login.status).toBe(200);
    const { token } = JSON.parse(login.body) as { token: string };
    const polling = await agentSocket(rig, token, 'polling');
    const websocket = await agentSocket(rig, token, 'websocket');
    sockets.push(polling, websocket);
    const drops: string[] = [];
    polling.on('disconnect', (reason) => drops.push(reason));

    const upstreams = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const phone = `+86137008800${i}`;
      const seenPolling = nextEvent(polling, 'conversation:updated', (c) => c.contact.phone === phone && c.handledBy === 'human');
      const seenWebsocket = nextEvent(websocket, 'conversation:updated', (c) => c.contact.phone === phone && c.handledBy === 'human');
      const answer = await twilioInbound(rig, phone, `SMnginx${Date.now()}${i}`);
      // 403 invalid_signature here would mean nginx changed the Host or scheme Twilio signed.
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: expect.stringContaining('<Response>') });
      upstreams.add(String(answer.headers[UPSTREAM_HEADER]));
      await Promise.all([seenPolling, seenWebsocket]);
    }
    // Webhooks are spread over both nodes, so the sockets (each held by one node) heard webhooks the other node took.
    expect([...upstreams].sort()).toEqual(nodes.map((node) => `127.0.0.1:${node.port}`).sort());
    // Every poll reached the node holding the session: a poll on the other node is refused and drops the socket.
    expect(drops).toEqual([]);
    expect(polling.connected).toBe(true);
  });

  it('passes a request on to the other node when one is down', async () => {
    await nodes[1].stop();
    for (let i = 0; i < 4; i++) expect((await call(rig, 'GET', '/healthz')).status).toBe(200);
  });
});
