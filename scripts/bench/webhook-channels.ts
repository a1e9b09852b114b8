/**
 * What a provider's callbacks and an agent's replies cost when a deployment has channels of its own (review of issue
 * 15): Aliyun receipt pushes to a channel's secret path, Twilio status callbacks signed with a channel's auth token,
 * and agent replies on a conversation that came in on a channel. Each is timed (mean and p99 ms per request, at
 * CONCURRENCY in flight) and its SQL statements counted, first with no channel rows (the baseline: what the request
 * costs anyway), then with CHANNELS Aliyun and CHANNELS Twilio channels, their secrets sealed under
 * CHANNEL_SECRETS_KEY. No provider is called: the receipts and statuses name messages that do not exist, which is
 * answered after the look-ups this measures, and the sender does not run.
 * Usage: npm run bench:webhook-channels [-- --channels 20 --requests 2000 --replies 200 --concurrency 8]
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { loadConfig } from '../../server/config';
import { Contact, Conversation } from '../../server/db/entities';
import { startHuixin, type Huixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { arg, now, summary } from './agent-clients';

const CHANNELS = arg('channels', 20);
const REQUESTS = arg('requests', 2000);
const REPLIES = arg('replies', 200);
const CONCURRENCY = arg('concurrency', 8);
const PUBLIC_URL = 'https://huixin.example.com';
const ADMIN = { email: 'admin@huixin.local', password: 'bench-password-1' };
const ACCOUNT = 'ACbenchchannels';
const secretOf = (i: number) => `bench-callback-secret-${String(i).padStart(4, '0')}`;
const tokenOf = (i: number) => `bench-auth-token-${i}`;
const numberOf = (i: number) => `+86106900${String(i).padStart(4, '0')}`;

/** Counts every SQL statement the data source runs from now on (each query runner's `query`, wrapped once). */
function countQueries(ds: DataSource): { count: number } {
  const counter = { count: 0 };
  const driver = ds.driver as unknown as { createQueryRunner(mode: string): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  const wrapped = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    if (!wrapped.has(runner)) {
      wrapped.add(runner);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      (runner as { query: unknown }).query = (...args: unknown[]) => { counter.count++; return query(...args); };
    }
    return runner;
  };
  return counter;
}

/** Runs `count` requests, `CONCURRENCY` at a time; answers the mean and p99 ms and the statements per request. */
async function measure(queries: { count: number }, count: number, request: (i: number) => Promise<Response>): Promise<object> {
  const ms: number[] = [];
  const before = queries.count;
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const start = now();
      const res = await request(i);
      if (!res.ok) throw new Error(`request ${i}: ${res.status} ${await res.text()}`);
      ms.push(now() - start);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const { p99 } = summary(ms);
  return { meanMs: Number((ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)), p99Ms: Number(p99.toFixed(2)), queriesPerRequest: Number(((queries.count - before) / count).toFixed(2)) };
}

async function post(hx: Huixin, path: string, init: { type: string; body: string; headers?: Record<string, string> }): Promise<Response> {
  return fetch(`${hx.url}${path}`, { method: 'POST', headers: { 'content-type': init.type, ...init.headers }, body: init.body });
}

function twilioForm(hx: Huixin, path: string, token: string, params: Record<string, string>): Promise<Response> {
  const signature = getExpectedTwilioSignature(token, `${PUBLIC_URL}${path}`, params);
  return post(hx, path, { type: 'application/x-www-form-urlencoded', body: new URLSearchParams(params).toString(), headers: { 'x-twilio-signature': signature } });
}

/** One deployment with `channels` channels of each kind; answers the three measurements. */
async function run(env: Record<string, string | undefined>, channels: number): Promise<Record<string, object>> {
  const config = loadConfig({
    ...env, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'false', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, PUBLIC_URL,
    SMS_PROVIDER: 'loopback', CHANNEL_SECRETS_KEY: 'ab'.repeat(32), ALIYUN_SMS_ENDPOINT: 'http://127.0.0.1:9', OUTBOX_POLL_MS: '60000',
  });
  const hx = await startHuixin(config, { startSender: false, startWorkers: false });
  try {
    const login = await post(hx, '/api/auth/login', { type: 'application/json', body: JSON.stringify(ADMIN) });
    const { token } = await login.json() as { token: string };
    const admin = (path: string, body: unknown) => post(hx, path, { type: 'application/json', body: JSON.stringify(body), headers: { authorization: `Bearer ${token}` } });
    for (let i = 0; i < channels; i++) {
      const made = await Promise.all([
        admin('/api/channels', { name: `阿里云${i}`, provider: 'aliyun', sender: `诊所${i}`, config: { accessKeyId: `LTAI-${i}` }, secrets: { accessKeySecret: `secret-${i}`, callbackSecret: secretOf(i) } }),
        admin('/api/channels', { name: `Twilio ${i}`, provider: 'twilio', sender: numberOf(i), config: { accountSid: ACCOUNT }, secrets: { authToken: tokenOf(i) } }),
      ]);
      for (const res of made) if (!res.ok) throw new Error(`channel: ${res.status} ${await res.text()}`);
    }
    // The last channel of each kind is the one called: every other row is looked at on the way.
    const last = Math.max(channels - 1, 0);
    const aliyunPath = channels ? `/webhooks/aliyun/${secretOf(last)}/sms-report` : '/webhooks/aliyun/sms-report';
    const twilioToken = channels ? tokenOf(last) : '';
    const customer = `+86137008800${String(channels).padStart(2, '0')}`;
    const texted = await twilioForm(hx, '/webhooks/twilio', twilioToken, { MessageSid: `SMbenchin${channels}`, AccountSid: ACCOUNT, From: customer, To: numberOf(last), Body: '人工', NumMedia: '0' });
    if (!texted.ok) throw new Error(`inbound: ${texted.status} ${await texted.text()}`);
    const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: customer });
    const conversation = await hx.ds.manager.findOneByOrFail(Conversation, { contactId: contact.id });
    const queries = countQueries(hx.ds);
    return {
      aliyunReceipt: await measure(queries, REQUESTS, (i) => post(hx, aliyunPath, {
        type: 'application/json', body: JSON.stringify([{ biz_id: `bench-${channels}-${i}^0`, out_id: '', success: true, phone_number: '13700880001' }]),
      })),
      twilioStatus: await measure(queries, REQUESTS, (i) => twilioForm(hx, '/webhooks/twilio/status', twilioToken, {
        MessageSid: `SMbench${channels}x${String(i).padStart(24, '0')}`, AccountSid: ACCOUNT, MessageStatus: 'delivered',
      })),
      agentReply: await measure(queries, REPLIES, (i) => admin(`/api/conversations/${conversation.id}/messages`, { body: `回复${i}` })),
    };
  } finally {
    await hx.stop();
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  try {
    const env: Record<string, string | undefined> = { ...process.env, ...db.env };
    const baseline = await run(env, 0);
    const withChannels = await run(env, CHANNELS);
    console.log(JSON.stringify({ channels: CHANNELS, requests: REQUESTS, replies: REPLIES, concurrency: CONCURRENCY, database: db.dialect, baseline, withChannels }, null, 1));
  } finally {
    await db.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
