/**
 * The dashboard with a million messages: seeds a year of a busy clinic group's texts (multi-row INSERTs, not webhooks:
 * the pipeline would take hours), builds the report roll-ups from them with the rebuild command's code, and times every
 * dashboard request (scripts/bench/dashboard-routes.ts) against GET /api/me, a request that does nearly nothing, in the
 * same run. The goal is under 300 ms per request.
 *
 * Usage: npm run bench:dashboard [-- --messages 1000000 --contacts 100000 --days 365 --repeat 20 --keep 1]; DATABASE_URL picks
 * MariaDB (a scratch database on that server, dropped at the end).
 */
import { insertRows, type SqlValue } from '../../server/db/bulk-insert';
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { localDate } from '../../server/appointments/zoned-time';
import { rebuildRollups } from '../../server/reports/rollup-rebuild';
import { createTestDatabase } from '../../test/support/test-database';
import { DASHBOARD_ROUTES } from './dashboard-routes';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const MESSAGES = arg('messages', 1_000_000);
const CONTACTS = arg('contacts', 100_000);
const DAYS = arg('days', 365);
const REPEAT = arg('repeat', 20);
const CAMPAIGNS = 20;
const CHUNK = 5000;
const DAY = 86_400_000;
const GOAL_MS = 300;
/** --keep 1: leave the scratch database for a look at query plans (its place is printed). */
const KEEP = arg('keep', 0) === 1;

/** A deterministic generator, so two runs (SQLite, MariaDB) seed the same data. */
let seed = 17;
const random = () => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648; };
const pick = <T>(weighted: Array<[T, number]>): T => {
  let r = random() * weighted.reduce((n, [, w]) => n + w, 0);
  for (const [value, w] of weighted) { if ((r -= w) < 0) return value; }
  return weighted[0]![0];
};

const CARRIER_PREFIXES: Array<[string, number]> = [['+86138', 30], ['+86135', 20], ['+86130', 12], ['+86186', 8], ['+86189', 10], ['+86133', 10], ['+86170', 3], ['+86192', 2], ['+1415', 3], ['+852', 2]];
const phoneOf = (i: number, prefix: string) => `${prefix}${String(i).padStart(prefix.startsWith('+86') ? 8 : prefix === '+1415' ? 7 : 8, '0')}`;
const TEMPLATES = ['appointment_reminder', 'appointment_confirmed', 'handoff_ack', 'csat_survey', 'reschedule_offer', 'opt_out_confirmation'];

async function seedContacts(hx: Awaited<ReturnType<typeof startHuixin>>, now: number): Promise<Array<{ id: number; conversationId: number }>> {
  for (let start = 0; start < CONTACTS; start += CHUNK) {
    const rows: Array<Record<string, SqlValue>> = [];
    for (let i = start; i < Math.min(CONTACTS, start + CHUNK); i++) {
      const prefix = pick(CARRIER_PREFIXES);
      rows.push({
        phone: phoneOf(i, prefix), name: null, locale: prefix.startsWith('+1') ? 'en' : prefix === '+852' ? 'zh-HK' : 'zh-CN', timezone: 'Asia/Shanghai', tags: [],
        opted_out: false, opted_out_at: null, marketing_opted_out: false, marketing_consent_at: null, attributes: null, created_at: new Date(now - DAYS * DAY), updated_at: new Date(now),
      });
    }
    await hx.ds.transaction((em) => insertRows(em, 'contacts', rows));
  }
  const contacts = await hx.ds.query('SELECT id FROM contacts ORDER BY id') as Array<{ id: number }>;
  for (let start = 0; start < contacts.length; start += CHUNK) {
    await hx.ds.transaction((em) => insertRows(em, 'conversations', contacts.slice(start, start + CHUNK).map((c) => ({
      contact_id: c.id, status: 'resolved', handled_by: 'bot', assignee_id: null, handoff_reason: null, awaiting: null, awaiting_context: null,
      snoozed_until: null, last_message_at: new Date(now), waiting_since: null, unread: 0, priority: null, labels: null, channel_id: null,
      created_at: new Date(now - DAYS * DAY), updated_at: new Date(now),
    }))));
  }
  const threads = await hx.ds.query('SELECT id, contact_id AS contactId FROM conversations ORDER BY contact_id') as Array<{ id: number; contactId: number }>;
  return threads.map((t) => ({ id: Number(t.contactId), conversationId: Number(t.id) }));
}

/** One message row: 40% customers' texts, the rest ours, with the outcomes and receipts a real year has. */
function messageRow(i: number, contact: { id: number; conversationId: number }, now: number, campaign: number | null): Record<string, SqlValue> {
  // A campaign goes out on its own day (spread over the year), within two hours; everything else at any time.
  const created = campaign
    ? new Date(now - DAYS * DAY + Math.floor(((campaign - 0.5) * DAYS * DAY) / CAMPAIGNS) + Math.floor(random() * 2 * 3_600_000))
    : new Date(now - Math.floor(random() * DAYS * DAY));
  const base = {
    conversation_id: contact.conversationId, contact_id: contact.id, provider: 'twilio', agent_id: null, compliance: false, media: null, template_vars: null,
    extend_code: null, attempts: 1, next_attempt_at: null, lease_until: null, channel_id: null, lane: campaign ? 'bulk' : 'reply', campaign_id: campaign,
    answers_campaign_id: null, created_at: created, updated_at: created,
  };
  if (!campaign && random() < 0.4) {
    const complaint = random() < 0.0008;
    return {
      ...base, direction: 'in', origin: 'contact', body: complaint ? '你们服务太差了' : '好的，谢谢', provider_message_id: `in-${i}`, status: 'received', error_code: null, error_message: null,
      template_key: null, decision: complaint ? { action: 'handoff', intent: 'complaint', params: {}, effects: [] } : null, sent_at: null, billed_segments: null, receipt_at: null,
    };
  }
  const status = pick<string>([['delivered', 880], ['undelivered', 30], ['failed', 20], ['sent', 30], ['refused', 10], ['queued', 5]]);
  const accepted = status === 'delivered' || status === 'undelivered' || status === 'sent' || (status === 'failed' && random() < 0.5);
  const sent = accepted ? new Date(created.getTime() + 1000 + Math.floor(random() * 4000)) : null;
  const final = accepted && status !== 'sent';
  const code = status === 'undelivered' ? pick([['30003', 5], ['30005', 2], ['30007', 3]]) : status === 'failed' ? (accepted ? '30008' : '21211') : status === 'refused' ? 'opted_out' : null;
  return {
    ...base, direction: 'out', origin: campaign ? 'system' : pick([['bot', 8], ['agent', 2]]), body: '【示例诊所】您明天上午10:00的洗牙预约，确认请回复1，改期请回复2',
    provider_message_id: accepted ? `out-${i}` : null, status, error_code: code, error_message: null,
    template_key: campaign ? null : pick(TEMPLATES.map((t, k) => [t, 6 - k] as [string, number])), decision: null,
    sent_at: sent, billed_segments: accepted ? (random() < 0.9 ? 1 : 2) : null,
    receipt_at: final && sent ? new Date(sent.getTime() + Math.floor(1000 * Math.exp(random() * 5))) : null,
  };
}

async function seedMessages(hx: Awaited<ReturnType<typeof startHuixin>>, contacts: Array<{ id: number; conversationId: number }>, now: number): Promise<void> {
  // Each campaign texts a block of contacts once (messages are unique per campaign and contact).
  const perCampaign = Math.min(5000, Math.floor(contacts.length / CAMPAIGNS));
  const campaignRows = CAMPAIGNS * perCampaign;
  for (let start = 0; start < MESSAGES; start += CHUNK) {
    const rows: Array<Record<string, SqlValue>> = [];
    for (let i = start; i < Math.min(MESSAGES, start + CHUNK); i++) {
      if (i < campaignRows) rows.push(messageRow(i, contacts[i]!, now, Math.floor(i / perCampaign) + 1));
      else rows.push(messageRow(i, contacts[Math.floor(random() * contacts.length)]!, now, null));
    }
    await hx.ds.transaction((em) => insertRows(em, 'messages', rows));
    if ((start / CHUNK) % 40 === 39) console.log(`  messages ${start + rows.length} / ${MESSAGES}`);
  }
  // 0.3% of the texts draw an opt-out, a few opt back in.
  const events: Array<Record<string, SqlValue>> = [];
  for (let i = 0; i < MESSAGES * 0.003; i++) {
    const c = contacts[Math.floor(random() * contacts.length)]!;
    events.push({ contact_id: c.id, kind: i % 7 === 6 ? 'opt_in' : 'opt_out', scope: 'all', source: 'sms', message_id: null, detail: null, phone_hash: null, created_at: new Date(now - Math.floor(random() * DAYS * DAY)) });
  }
  await hx.ds.transaction((em) => insertRows(em, 'consent_events', events));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_EMAIL: 'bench@bench.example', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' });
  const hx = await startHuixin(config, { startSender: false, startWorkers: false });
  try {
    const now = Date.now();
    let t = performance.now();
    const contacts = await seedContacts(hx, now);
    await seedMessages(hx, contacts, now);
    const seeded = performance.now() - t;
    t = performance.now();
    const rebuilt = await rebuildRollups(hx.ds, config, { from: new Date(now - (DAYS + 1) * DAY), to: new Date(now + DAY) });
    const rebuildMs = performance.now() - t;
    const [{ n: rollupRows }] = await hx.ds.query('SELECT COUNT(*) AS n FROM report_rollups') as Array<{ n: number }>;

    const login = await fetch(`${hx.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@bench.example', password: 'bench-password-1' }) });
    const { token } = await login.json() as { token: string };
    const get = async (path: string) => {
      const res = await fetch(`${hx.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    const time = async (path: string) => {
      await get(path);   // warm: the first call of a route compiles and fills caches
      const ms: number[] = [];
      for (let i = 0; i < REPEAT; i++) { const s = performance.now(); await get(path); ms.push(performance.now() - s); }
      return ms.sort((a, b) => a - b);
    };
    const timezone = 'Asia/Shanghai';
    const rangeOf = (days: number) => ({ from: localDate(new Date(now - (days - 1) * DAY), timezone), to: localDate(new Date(now), timezone) });

    const baseline = await time('/api/me');
    console.log(`dashboard with ${rebuilt.messages} messages, ${CONTACTS} contacts over ${DAYS} days (${db.dialect === 'mysql' ? 'MariaDB' : 'SQLite'})`);
    console.log(`seeded in ${(seeded / 1000).toFixed(1)} s; roll-ups rebuilt in ${(rebuildMs / 1000).toFixed(1)} s (${rebuilt.days} days, ${rollupRows} rows)`);
    console.log(`${'request'.padEnd(34)} ${'days'.padStart(4)}      p50      p95`);
    const line = (name: string, days: string, ms: number[]) => console.log(`${name.padEnd(34)} ${days.padStart(4)} ${percentile(ms, 50).toFixed(1).padStart(6)} ms ${percentile(ms, 95).toFixed(1).padStart(6)} ms${percentile(ms, 95) > GOAL_MS ? '   over the 300 ms goal' : ''}`);
    line('baseline: GET /api/me', '', baseline);
    for (const route of DASHBOARD_ROUTES) {
      const ms = await time(route.path(rangeOf(route.days)));
      line(route.name, String(route.days), ms);
      if (percentile(ms, 95) > GOAL_MS) process.exitCode = 1;
    }
  } finally {
    await hx.stop();
    if (KEEP) console.log(`kept: ${db.env.DATABASE_URL ?? db.env.DATA_DIR}`);
    else await db.drop();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
