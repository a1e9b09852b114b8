/**
 * Campaign queueing: a marketing campaign to 100,000 contacts (every one consented, tagged, half with a conversation)
 * started with POST /api/campaigns/:id/start, which resolves the segment, tiers and checks each recipient and writes
 * its recipient row and outbox row before answering. Printed with wall time and memory beside a baseline measured in
 * the same run: plain multi-row INSERTs of as many outbox rows, 1,000 a statement, one transaction each (the floor the
 * reading, checks, recipient rows and menus add to).
 * Usage: npm run bench:campaign-queue [-- --rows 10000,100000]; DATABASE_URL picks MariaDB.
 */
import { loadConfig } from '../../server/config';
import { insertRows } from '../../server/db/bulk-insert';
import { Conversation } from '../../server/db/entities';
import { seedContacts } from './campaign-seed';
import { databaseCpuReader } from './db-cpu';
import { startHuixin } from '../../server/huixin';
import { fixedClock } from '../../server/shared/clock';
import { createTestDatabase } from '../../test/support/test-database';
import type { DataSource } from 'typeorm';

const SIZES = (process.argv.find((a, i) => process.argv[i - 1] === '--rows') ?? '100000').split(',').map(Number);
const CHUNK = 1000;
/** Tuesday 11:00 in Shanghai: inside the send window, so nothing is deferred. */
const NOW = new Date('2026-11-24T03:00:00.000Z');
const dbCpu = databaseCpuReader(process.env.DATABASE_URL);

async function measured<T>(work: () => Promise<T>) {
  global.gc?.();
  const start = process.memoryUsage();
  let rss = start.rss; let heap = start.heapUsed;
  const timer = setInterval(() => { const m = process.memoryUsage(); rss = Math.max(rss, m.rss); heap = Math.max(heap, m.heapUsed); }, 20);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const db0 = dbCpu?.() ?? 0;
  try {
    const result = await work();
    const ms = performance.now() - t0;
    // This process's own CPU (the database's is not in it): steadier than the wall time on a machine others share.
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    const dbCpuS = dbCpu ? dbCpu() - db0 : null;
    // What is still held once the garbage is collected: tells retention (grows with the audience) from garbage.
    global.gc?.();
    const retainedMb = (process.memoryUsage().heapUsed - start.heapUsed) / 1_048_576;
    return { result, ms, cpuS, dbCpuS, rssMb: (rss - start.rss) / 1_048_576, heapMb: (heap - start.heapUsed) / 1_048_576, retainedMb };
  } finally {
    clearInterval(timer);
  }
}

const line = (what: string, rows: number, m: { ms: number; cpuS: number; dbCpuS: number | null; rssMb: number; heapMb: number; retainedMb: number }) =>
  console.log(`${what.padEnd(40)} ${String(rows).padStart(7)} rows  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rows / (m.ms / 1000)).toString().padStart(7)} rows/s  node CPU ${m.cpuS.toFixed(2).padStart(5)} s${m.dbCpuS === null ? '' : `  database CPU ${m.dbCpuS.toFixed(2).padStart(5)} s`}  RSS +${m.rssMb.toFixed(0)} MB  heap +${m.heapMb.toFixed(0)} MB peak  +${m.retainedMb.toFixed(0)} MB after GC`);

/** The floor: the same number of outbox rows written as plain multi-row INSERTs, no reading, no checks. */
async function plainInserts(ds: DataSource, rows: number, conversationId: number, contactId: number): Promise<void> {
  const size = ds.options.type === 'better-sqlite3' ? 400 : CHUNK;
  for (let k = 0; k < rows; k += size) {
    const n = Math.min(size, rows - k);
    await ds.transaction((em) => insertRows(em, 'messages', Array.from({ length: n }, () => ({
      conversation_id: conversationId, contact_id: contactId, direction: 'out', origin: 'system', body: '【示例诊所】客户您好，洗牙8折 拒收请回复R', channel_id: null,
      provider: 'loopback', provider_message_id: null, status: 'refused', error_code: null, error_message: null, agent_id: null, template_key: null,
      compliance: false, decision: null, media: null, template_vars: null, billed_segments: null, extend_code: null, lane: 'bulk', attempts: 0,
      next_attempt_at: NOW, lease_until: null, sent_at: null, created_at: NOW, updated_at: NOW,
    }))));
  }
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' });
  const hx = await startHuixin(config, { clock: fixedClock(NOW), startSender: false, startWorkers: false });
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${hx.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  try {
    const login = await fetch(`${hx.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }) });
    const { token } = await login.json() as { token: string };
    console.log(`campaign queueing (${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}), Node ${process.version}`);
    let prefix = 130;
    for (const rows of SIZES) {
      const tag = `bench${prefix}`;
      await seedContacts(hx.ds, tag, String(prefix++), rows, NOW);
      // SQLite's seeding holds the event loop for seconds (its promises never yield to I/O): the server's idle keep-alive
      // socket is closed just as the next call would reuse it (ECONNRESET) unless the loop turns first.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const segment = await call('POST', '/api/segments', token, { name: tag, tagsAny: [tag], consent: 'marketing' });
      const campaign = await call('POST', '/api/campaigns', token, { name: tag, category: 'marketing', segmentId: segment.id, body: '{{contact.name}}您好，洗牙8折', menu: [{ key: '1', action: 'book' }] });
      const started = await measured(() => call('POST', `/api/campaigns/${campaign.id}/start`, token, {}));
      const stats = started.result.stats as { targeted: number; queued: number };
      if (stats.queued !== rows) throw new Error(`expected ${rows} queued, got ${JSON.stringify(stats)}`);
      line('start: resolve + check + queue (API)', rows, started);
      const thread = await hx.ds.manager.findOneByOrFail(Conversation, { status: 'resolved' });
      line('baseline: plain multi-row INSERTs', rows, await measured(() => plainInserts(hx.ds, rows, thread.id, thread.contactId)));
    }
  } finally {
    await hx.stop();
    await db.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
