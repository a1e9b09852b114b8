/**
 * The conversation reports with a million messages: seeds a year of customers (episodes with their hand-offs, replies
 * and resolutions, and the messages they are made of, inbound and outbound), then times GET /api/reports/conversations
 * for a week, a month and a year, and the episodes behind a figure, beside GET /api/auth/me as the baseline (the cost
 * of a signed-in request that reads almost nothing). Goal: every report under 300 ms. The rows go in raw, so the report
 * roll-ups (message and episode counts) are built from them with the rebuild command's code, as for old data.
 * Usage: npm run bench:conversation-reports [-- --messages 1000000 --repeat 10]; DATABASE_URL picks MariaDB.
 * Seeding takes minutes: `--seed-only` seeds, rebuilds the roll-ups and keeps the database, printing the
 * BENCH_REUSE value that later runs pass to time it again without seeding (a SQLite data folder or a MariaDB database name).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../server/auth/passwords';
import { SessionStore } from '../../server/auth/sessions';
import { loadConfig } from '../../server/config';
import { Agent } from '../../server/db/entities';
import { insertRows, type SqlValue } from '../../server/db/bulk-insert';
import { startHuixin } from '../../server/huixin';
import { conversationHeadline } from '../../server/reports/conversation-headline';
import { reportRange } from '../../server/reports/report-range';
import { rebuildRollups } from '../../server/reports/rollup-rebuild';
import { storedInstant } from '../../server/reports/stored-values';
import { histogramSpan, timeHistograms } from '../../server/reports/time-rollup-read';
import { systemClock } from '../../server/shared/clock';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const MESSAGES = arg('messages', 1_000_000);
const REPEAT = arg('repeat', 10);
/** Messages per episode on average: three texts from the customer, four answers (bot and person). */
const PER_EPISODE = 7;
const DAY = 86_400_000;
const CHUNK = 2_000;
const REASONS = ['rule', 'requested', 'no_match', 'low_confidence', 'urgent'];
const LOCALES = ['zh-CN', 'zh-CN', 'zh-CN', 'zh-HK', 'en'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
/** A repeatable pseudo-random sequence (mulberry32), so two runs seed the same year. */
function random(seed: number): () => number {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

/**
 * One conversation per episode's contact, the episode row as the writers would have left it, and its messages.
 * Rows go in with multi-row INSERTs (db/bulk-insert.ts): the pipeline would take hours for a million texts.
 */
export async function seed(ds: DataSource, now: number, agentIds: number[]): Promise<number> {
  const rnd = random(17);
  const episodes = Math.ceil(MESSAGES / PER_EPISODE);
  for (let start = 0; start < episodes; start += CHUNK) {
    const n = Math.min(CHUNK, episodes - start);
    const idx = Array.from({ length: n }, (_, k) => start + k + 1);   // ids: contacts, conversations and episodes share them
    const contacts: Array<Record<string, SqlValue>> = [];
    const conversations: Array<Record<string, SqlValue>> = [];
    const rows: Array<Record<string, SqlValue>> = [];
    const messages: Array<Record<string, SqlValue>> = [];
    for (const id of idx) {
      // In time order, as the pipeline writes them: episode ids grow with their start.
      const started = new Date(now - 365 * DAY + ((id - 1 + rnd()) / episodes) * 365 * DAY);
      const handoff = rnd() < 0.4 ? new Date(started.getTime() + rnd() * 600_000) : null;
      const answered = handoff && rnd() < 0.9 ? new Date(handoff.getTime() + rnd() * 8 * 3_600_000) : null;
      const resolved = answered && rnd() < 0.8 ? new Date(answered.getTime() + rnd() * 4 * 3_600_000) : null;
      const botOnly = !handoff;
      const ended = resolved ?? (botOnly && started.getTime() < now - DAY ? new Date(started.getTime() + DAY) : null);
      const open = !ended;
      const agent = agentIds[id % agentIds.length]!;
      contacts.push({ id, phone: `+86139${String(id).padStart(8, '0')}`, name: `客户${id}`, locale: LOCALES[id % LOCALES.length]!, timezone: 'Asia/Shanghai', tags: [], opted_out: false, marketing_opted_out: false, created_at: started, updated_at: started });
      conversations.push({
        id, contact_id: id, status: open ? 'open' : 'resolved', handled_by: handoff && open ? 'human' : 'bot', assignee_id: answered && open ? agent : null,
        handoff_reason: handoff && open ? 'rule' : null, last_message_at: answered ?? started, waiting_since: handoff && !answered && open ? handoff : null,
        unread: 0, created_at: started, updated_at: started,
      });
      rows.push({
        id, conversation_id: id, contact_id: id, channel_id: null, language: LOCALES[id % LOCALES.length]!, started_at: started, last_inbound_at: started,
        inbound_count: 3, open_for: open ? id : null, handoff_at: handoff, handoff_reason: handoff ? REASONS[id % REASONS.length]! : null,
        first_response_at: answered, first_response_agent_id: answered ? agent : null,
        first_response_seconds: answered ? Math.round((answered.getTime() - handoff!.getTime()) / 1000) : null,
        first_response_business_seconds: answered ? Math.round((answered.getTime() - handoff!.getTime()) / 3000) : null,
        resolved_at: ended, resolved_by: resolved ? 'agent' : ended ? 'bot' : null, resolved_agent_id: resolved ? agent : null,
        resolution_seconds: resolved ? Math.round((resolved.getTime() - started.getTime()) / 1000) : null,
        resolution_business_seconds: resolved ? Math.round((resolved.getTime() - started.getTime()) / 3000) : null, bot_resolved: botOnly && !!ended,
      });
      for (let m = 0; m < PER_EPISODE; m++) {
        const inbound = m % 2 === 0 && m < 6;
        const at = new Date(started.getTime() + m * 60_000);
        messages.push({
          conversation_id: id, contact_id: id, direction: inbound ? 'in' : 'out', origin: inbound ? 'contact' : m === 5 && answered ? 'agent' : 'bot',
          body: inbound ? '我想改一下预约时间' : '好的，请回复 1 确认，0 转人工', provider: 'loopback', provider_message_id: `bench-${id}-${m}`,
          status: inbound ? 'received' : 'delivered', compliance: false, attempts: 0, lane: 'reply', created_at: at, updated_at: at,
        });
      }
    }
    await ds.transaction(async (em) => {
      await insertRows(em, 'contacts', contacts);
      await insertRows(em, 'conversations', conversations);
      await insertRows(em, 'conversation_episodes', rows);
      await insertRows(em, 'messages', messages);
    });
  }
  return episodes;
}

/** The database seeded by an earlier `--seed-only` run (BENCH_REUSE), kept afterwards; else a scratch one. */
async function benchDatabase(): Promise<TestDatabase & { reused: boolean }> {
  const reuse = process.env.BENCH_REUSE;
  if (!reuse) return { ...await createTestDatabase(), reused: false };
  const keep = async () => undefined;
  if (!process.env.DATABASE_URL) return { name: reuse, dialect: 'sqlite', env: { DATA_DIR: reuse }, drop: keep, reused: true };
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${reuse}`;
  return { name: reuse, dialect: 'mysql', env: { DATABASE_URL: url.toString(), DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-bench-')) }, drop: keep, reused: true };
}

async function main(): Promise<void> {
  // A scratch database (a new SQLite file, or a new database on DATABASE_URL's server), dropped at the end, unless kept for reuse.
  const seedOnly = process.argv.includes('--seed-only');
  const db = await benchDatabase();
  if (seedOnly) db.drop = async () => console.log(`kept: BENCH_REUSE=${db.dialect === 'sqlite' ? db.env.DATA_DIR : db.name}`);
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' });
  const hx = await startHuixin(config, { startWorkers: false, startSender: false });
  try {
    const hash = await hashPassword('bench-password');
    const agents = db.reused ? await hx.ds.manager.find(Agent, { order: { id: 'ASC' } }) : await hx.ds.manager.save(Agent, Array.from({ length: 8 }, (_, i) => hx.ds.manager.create(Agent, {
      email: `report${i}@bench.example`, name: `客服${i}`, passwordHash: hash, role: i === 0 ? 'admin' : 'agent', locale: 'zh-CN', active: true,
    })));
    const seedStart = performance.now();
    // A reused database's year ends when it was seeded: its last episode's start.
    const now = db.reused ? storedInstant((await hx.ds.query('SELECT MAX(started_at) AS t FROM conversation_episodes'))[0].t).getTime() : Date.now();
    const episodes = db.reused ? Math.ceil(MESSAGES / PER_EPISODE) : await seed(hx.ds, now, agents.map((a) => a.id));
    const seeded = performance.now() - seedStart;
    const rebuildStart = performance.now();
    if (!db.reused) await rebuildRollups(hx.ds, config, { from: new Date(now - 366 * DAY), to: new Date(now + DAY) });
    const rebuilt = performance.now() - rebuildStart;
    if (seedOnly) return;
    const token = await new SessionStore(hx.ds, systemClock).create(agents[0]!.id);
    const get = async (pathAndQuery: string) => {
      const res = await fetch(`${hx.url}/api${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
      return res.text();
    };
    const day = (ago: number) => new Date(now - ago * DAY + 8 * 3_600_000).toISOString().slice(0, 10);   // Shanghai dates
    const routes: Array<[string, string]> = [
      ['baseline GET /api/auth/me', '/auth/me'],
      ['conversations: 7 days', `/reports/conversations?from=${day(6)}&to=${day(0)}`],
      ['conversations: 30 days', `/reports/conversations?from=${day(29)}&to=${day(0)}`],
      ['conversations: 365 days', `/reports/conversations?from=${day(364)}&to=${day(0)}`],
      ['overview: 30 days', `/reports/overview?from=${day(29)}&to=${day(0)}`],
      ['overview: 365 days', `/reports/overview?from=${day(364)}&to=${day(0)}`],
      ['conversations: 30 days CSV byDay', `/reports/conversations?from=${day(29)}&to=${day(0)}&format=csv`],
      ['episodes: 30 days, first page', `/reports/episodes?from=${day(29)}&to=${day(0)}`],
      ['episodes: 30 days unanswered', `/reports/episodes?from=${day(29)}&to=${day(0)}&kind=unanswered`],
      ['episodes: 30 days at 10:00', `/reports/episodes?from=${day(29)}&to=${day(0)}&hour=10`],
    ];
    console.log(`conversation reports with ${MESSAGES} messages, ${episodes} episodes over a year (${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}; seeded in ${(seeded / 1000).toFixed(1)} s, roll-ups rebuilt in ${(rebuilt / 1000).toFixed(1)} s)`);
    // Wall-clock time is what a manager waits; on a shared machine it also counts other processes' turns, so the CPU
    // time this process spent (all of the request on SQLite, where the database runs in-process) is shown too.
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log(`${'request'.padEnd(36)}      p50        p95    cpu p50`);
    for (const [label, path] of routes) {
      await get(path);   // warm: the first call compiles the ruleset cache's settings read and warms the page cache
      const ms: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < REPEAT; i++) {
        const s = performance.now();
        const c = process.cpuUsage();
        await get(path);
        const used = process.cpuUsage(c);
        ms.push(performance.now() - s);
        cpu.push((used.user + used.system) / 1000);
      }
      const s = ms.sort((a, b) => a - b);
      const over = percentile(s, 95) > 300 ? '  over the 300 ms goal' : '';
      console.log(`${label.padEnd(36)} ${percentile(s, 50).toFixed(1).padStart(7)} ms ${percentile(s, 95).toFixed(1).padStart(7)} ms ${percentile(cpu.sort((a, b) => a - b), 50).toFixed(1).padStart(7)} ms${over}`);
    }
    // The year's headline in-process: its medians from the time histograms (what the overview does for a range over a
    // month) beside the values themselves (the exact path, as before the histograms: the same-run baseline).
    const year = reportRange(day(364), day(0), 'Asia/Shanghai');
    const direct: Array<[string, () => Promise<unknown>]> = [
      ['year headline, from histograms', () => conversationHeadline(hx.ds.manager, year)],
      ['year headline, exact (baseline)', () => conversationHeadline(hx.ds.manager, year, { exactTimes: true })],
      ['year time histograms alone', () => timeHistograms(hx.ds.manager, histogramSpan(year)!)],
    ];
    for (const [label, run] of direct) {
      await run();
      const ms: number[] = [];
      for (let i = 0; i < REPEAT; i++) { const s = performance.now(); await run(); ms.push(performance.now() - s); }
      const s = ms.sort((a, b) => a - b);
      console.log(`${label.padEnd(36)} ${percentile(s, 50).toFixed(1).padStart(7)} ms ${percentile(s, 95).toFixed(1).padStart(7)} ms   (in-process)`);
    }
  } finally {
    await hx.stop();
    await db.drop();
  }
}

if (require.main === module) main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
