/**
 * Issue 18's Outbound goal: one node's sender moving N queued campaign texts (default 20,000) to a fake Twilio that
 * answers each send after 50 ms, through the real Twilio provider code (form body, Basic auth, JSON answer). The
 * fake runs in a process of its own (fake-twilio-process.ts) so its CPU is not counted as the sender's.
 * Printed: messages/s, p50/p99 of each provider call as the sender saw it, this process's CPU and the database's
 * (MariaDB on this machine), beside baselines measured first in the same run: a bare loop of as many POSTs with the
 * same concurrency to the same fake (what the HTTP round trips alone allow, with no database at all), through the
 * provider's HTTP client (node:http, keep-alive) and through fetch.
 * The texts are queued by a transactional campaign through the API (no send window), on a test database of its own.
 * `--rate R` sets the channel's rate (SMS_RATE_PER_SECOND) and prints the busiest second, which must not exceed it.
 * Then Twilio's status callback for every text ("delivered", signed, CONCURRENCY at a time), in alternating quarters
 * with the commit groups off (DB_GROUP_MAX=1: each callback its own transaction) and on: callbacks/s and CPU of each.
 * Usage: npm run bench:outbox-send [-- --messages 20000 --rate 500]; DATABASE_URL picks MariaDB, OUTBOX_CONCURRENCY
 * and OUTBOX_BATCH tune the sender (the baseline uses the same concurrency).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../server/config';
import { DEFAULT_OUTBOX_CONCURRENCY } from '../../server/conversations/outbox-sender';
import { startHuixin } from '../../server/huixin';
import { postForm } from '../../server/channels/provider-http';
import type { OutboundSms, SmsProvider } from '../../server/channels/sms-provider';
import { TwilioProvider } from '../../server/channels/twilio.channel';
import { createTestDatabase } from '../../test/support/test-database';
import { arg, now, summary } from './agent-clients';
import { seedContacts } from './campaign-seed';
import { databaseCpuReader } from './db-cpu';
import { busiestSecond } from './rate-arrivals';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { limitGroups } from '../../server/db/group-commit';
import { Message } from '../../server/db/entities';

const MESSAGES = arg('messages', 20_000);
const RATE = arg('rate', 0);
const DELAY_MS = arg('delay', 50);
const CONCURRENCY = Number(process.env.OUTBOX_CONCURRENCY ?? DEFAULT_OUTBOX_CONCURRENCY);
const dbCpu = databaseCpuReader(process.env.DATABASE_URL);

/** Every provider call of the run being measured, timed where the sender makes it. */
const callMs: number[] = [];
const callStarts: number[] = [];
async function timedCall<T>(call: () => Promise<T>): Promise<T> {
  const t0 = now();
  try {
    return await call();
  } finally {
    callMs.push(now() - t0); callStarts.push(t0);
  }
}

/** The real Twilio provider, its sends timed. */
class TimedTwilio implements SmsProvider {
  readonly name = 'twilio';
  constructor(private readonly twilio: TwilioProvider) {}
  send(sms: OutboundSms) { return timedCall(() => this.twilio.send(sms)); }
  findSent(sms: OutboundSms, since: Date) { return this.twilio.findSent(sms, since); }
}

async function startFake(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/fake-twilio-process.ts', '--delay', String(DELAY_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [url] = await new Promise<string[]>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve([line]));
    child.once('exit', (code) => reject(new Error(`fake Twilio exited ${code}`)));
  });
  return { url, child };
}

interface Figures { seconds: number; cpuS: number; dbCpuS: number | null; calls: number[] }

async function measured(work: () => Promise<void>): Promise<Figures> {
  callMs.length = 0; callStarts.length = 0;
  const t0 = now(); const cpu0 = process.cpuUsage(); const db0 = dbCpu?.() ?? 0;
  await work();
  const cpu = process.cpuUsage(cpu0);
  return { seconds: (now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, dbCpuS: dbCpu ? dbCpu() - db0 : null, calls: [...callMs] };
}

const line = (what: string, n: number, f: Figures) => {
  const { p50, p99 } = summary(f.calls);
  console.log(`${what.padEnd(44)} ${String(n).padStart(6)} msgs ${f.seconds.toFixed(2).padStart(6)} s ${Math.round(n / f.seconds).toString().padStart(6)} msg/s`
    + `  call p50 ${p50.toFixed(1).padStart(6)} ms p99 ${p99.toFixed(1).padStart(6)} ms  node CPU ${f.cpuS.toFixed(2)} s`
    + `${f.dbCpuS === null ? '' : `  database CPU ${f.dbCpuS.toFixed(2)} s`}`);
};

const TWILIO = { accountSid: 'ACbench', authToken: 'bench-token', from: '+8610690001' };
const PUBLIC_URL = 'https://huixin.example.com';

/** Twilio's status callbacks for `texts`, CONCURRENCY at a time, each signed as Twilio signs it; throws on any answer but 204. */
async function statusCallbacks(base: string, texts: Array<{ id: number; sid: string; to: string }>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const t = texts[next++]!;
      const path = `/webhooks/twilio/status?m=${t.id}`;
      const params = { MessageSid: t.sid, MessageStatus: 'delivered', To: t.to, AccountSid: TWILIO.accountSid, NumSegments: '1' };
      const signature = getExpectedTwilioSignature(TWILIO.authToken, `${PUBLIC_URL}${path}`, params);
      await timedCall(async () => {
        const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
        if (res.status !== 204) throw new Error(`status callback answered ${res.status}: ${await res.text()}`);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

/**
 * The floor: the same form POSTs, `CONCURRENCY` at a time, by a bare loop; through the provider's own HTTP client
 * (provider-http.ts), or through fetch (what the provider used before).
 */
async function barePosts(url: string, n: number, client: 'node:http' | 'fetch'): Promise<void> {
  const target = `${url}/2010-04-01/Accounts/${TWILIO.accountSid}/Messages.json`;
  const headers = { Authorization: `Basic ${Buffer.from(`${TWILIO.accountSid}:${TWILIO.authToken}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const body = new URLSearchParams({ To: `+86139${String(i).padStart(8, '0')}`, From: TWILIO.from, Body: '客户您好，本周六门诊照常开放' }).toString();
      await timedCall(async () => {
        if (client === 'fetch') await (await fetch(target, { method: 'POST', headers, body })).json();
        else JSON.parse((await postForm(target, body, headers, 15_000)).body);
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function main(): Promise<void> {
  const fake = await startFake();
  const db = await createTestDatabase();
  const config = loadConfig({
    ...process.env, ...db.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', SEED_DEMO: 'false', ADMIN_PASSWORD: 'bench-password-1',
    SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: TWILIO.accountSid, TWILIO_AUTH_TOKEN: TWILIO.authToken, TWILIO_FROM: TWILIO.from, TWILIO_API_BASE: fake.url,
    OUTBOX_POLL_MS: '20', PUBLIC_URL, SMS_RATE_PER_SECOND: RATE ? String(RATE) : undefined,
  });
  const provider = new TimedTwilio(new TwilioProvider({ ...TWILIO, apiBase: fake.url }));
  const hx = await startHuixin(config, { provider, startSender: false, startWorkers: false });
  try {
    const login = await fetch(`${hx.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }) });
    const { token } = await login.json() as { token: string };
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`${hx.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ id: number; stats?: { queued: number } }>;
    };
    await seedContacts(hx.ds, 'outbox', '170', MESSAGES, new Date());
    await new Promise((resolve) => setTimeout(resolve, 100));   // SQLite's seeding held the loop: let idle sockets settle
    const segment = await call('/api/segments', { name: 'outbox', tagsAny: ['outbox'] });
    const campaign = await call('/api/campaigns', { name: 'outbox', category: 'transactional', segmentId: segment.id, body: '{{contact.name}}您好，本周六门诊照常开放' });
    const started = await call(`/api/campaigns/${campaign.id}/start`, {});
    if (started.stats?.queued !== MESSAGES) throw new Error(`expected ${MESSAGES} queued, got ${JSON.stringify(started.stats)}`);

    console.log(`outbox sender (${db.dialect}${process.env.REDIS_URL ? ' + Redis' : ''}), ${MESSAGES} texts, fake Twilio answering after ${DELAY_MS} ms, `
      + `concurrency ${CONCURRENCY}${process.env.OUTBOX_BATCH ? `, batch ${process.env.OUTBOX_BATCH}` : ''}${RATE ? `, rate ${RATE}/s` : ''}, Node ${process.version}`);
    line('baseline: bare node:http loop, same conc.', MESSAGES, await measured(() => barePosts(fake.url, MESSAGES, 'node:http')));
    line('baseline: bare fetch loop, same conc.', MESSAGES, await measured(() => barePosts(fake.url, MESSAGES, 'fetch')));

    let done = 0;
    let finished: () => void = () => {};
    const allDone = new Promise<void>((resolve) => { finished = resolve; });
    hx.bus.on('message:updated', (m) => { if (m.status !== 'sending' && m.status !== 'queued' && ++done === MESSAGES) finished(); });
    const sent = await measured(async () => { hx.sender.start(); await allDone; });
    line('sender: claim, send, record (one node)', MESSAGES, sent);
    if (RATE) console.log(`busiest second ${busiestSecond(callStarts)} (rate ${RATE}/s)`);

    const texts = (await hx.ds.query(`SELECT m.id, m.provider_message_id AS sid, c.phone AS phone FROM messages m JOIN contacts c ON c.id = m.contact_id
      WHERE m.direction = 'out' AND m.status = 'sent' ORDER BY m.id`) as Array<{ id: number; sid: string; phone: string }>).map((r) => ({ id: Number(r.id), sid: r.sid, to: r.phone }));
    const quarter = Math.floor(texts.length / 4);
    for (let q = 0; q < 4; q++) {
      const together = q % 2 === 1;
      limitGroups(hx.ds, together ? config.DB_GROUP_MAX : 1);
      const part = texts.slice(q * quarter, (q + 1) * quarter);
      line(together ? 'status callbacks, committed together' : 'status callbacks, each alone (DB_GROUP_MAX=1)', part.length, await measured(() => statusCallbacks(hx.url, part)));
    }
    const delivered = await hx.ds.getRepository(Message).countBy({ direction: 'out', status: 'delivered' });
    if (delivered !== quarter * 4) throw new Error(`expected ${quarter * 4} delivered, found ${delivered}`);
  } finally {
    await hx.stop();
    await db.drop();
    fake.child.kill();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
