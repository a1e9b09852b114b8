/**
 * Where a year's conversation reports spend their time: every statement the conversations report and the overview
 * run, with its time and rows (and on MariaDB its EXPLAIN), on a database seeded by
 * `npm run bench:conversation-reports -- --seed-only`.
 * Usage: BENCH_REUSE=<printed value> [DATABASE_URL=mysql://…] npx tsx scripts/bench/conversation-profile.ts
 */
import os from 'node:os';
import type { QueryRunner } from 'typeorm';
import { loadConfig } from '../../server/config';
import { isMysql } from '../../server/db/data-source';
import { startHuixin } from '../../server/huixin';
import { conversationFigures } from '../../server/reports/conversation-figures';
import { conversationHeadline } from '../../server/reports/conversation-headline';
import { buildOverview } from '../../server/reports/overview';
import { reportRange } from '../../server/reports/report-range';
import { storedInstant } from '../../server/reports/stored-values';

interface Seen { sql: string; params: unknown[]; ms: number; rows: number }

async function main(): Promise<void> {
  const reuse = process.env.BENCH_REUSE;
  if (!reuse) throw new Error('BENCH_REUSE: the value a --seed-only run of bench:conversation-reports printed');
  const env: Record<string, string | undefined> = { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' };
  if (process.env.DATABASE_URL) { const url = new URL(process.env.DATABASE_URL); url.pathname = `/${reuse}`; env.DATABASE_URL = url.toString(); } else env.DATA_DIR = reuse;
  const hx = await startHuixin(loadConfig(env), { startWorkers: false, startSender: false });
  try {
    const seen: Seen[] = [];
    let recording = false;
    const runner = hx.ds.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as QueryRunner;
    const query = proto.query;
    proto.query = async function (this: QueryRunner, sql: string, params?: unknown[], ...rest: unknown[]) {
      const s = performance.now();
      const out = await (query as (...a: unknown[]) => Promise<unknown>).call(this, sql, params, ...rest);
      if (recording) seen.push({ sql, params: params ?? [], ms: performance.now() - s, rows: Array.isArray(out) ? out.length : Array.isArray((out as { records?: unknown[] })?.records) ? (out as { records: unknown[] }).records.length : 0 });
      return out;
    } as QueryRunner['query'];
    await runner.release();
    const last = storedInstant((await hx.ds.query('SELECT MAX(started_at) AS t FROM conversation_episodes'))[0].t).getTime();
    const day = (ago: number) => new Date(last - ago * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const year = reportRange(day(364), day(0), 'Asia/Shanghai');
    const em = hx.ds.manager;
    const ctx = { em, viewer: { agentId: 1, role: 'admin' as const }, defaultProvider: 'loopback', now: new Date(last) };
    const requests: Array<[string, () => Promise<unknown>]> = [
      ['conversations 365 d (figures)', () => conversationFigures(em, year, { now: new Date(last) })],
      ['conversations 365 d (previous headline)', () => conversationHeadline(em, year.previous)],
      ['overview 365 d', () => buildOverview(ctx, year)],
    ];
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${isMysql(hx.ds) ? 'MariaDB' : 'SQLite'}`);
    for (const [label, run] of requests) {
      await run();
      seen.length = 0;
      recording = true;
      const s = performance.now();
      await run();
      const total = performance.now() - s;
      recording = false;
      console.log(`\n== ${label}: ${total.toFixed(0)} ms wall; each statement alone, best of 3:`);
      // Run together, each statement's time includes its turn in the queue (SQLite runs one at a time): timed alone again.
      const alone = [...seen];
      for (const q of alone) {
        q.ms = Infinity;
        for (let i = 0; i < 3; i++) { const t = performance.now(); await hx.ds.query(q.sql, q.params); q.ms = Math.min(q.ms, performance.now() - t); }
      }
      for (const q of alone.sort((a, b) => b.ms - a.ms)) {
        console.log(`${q.ms.toFixed(1).padStart(7)} ms ${String(q.rows).padStart(7)} rows  ${q.sql.replace(/\s+/g, ' ').slice(0, 220)}`);
        if (isMysql(hx.ds) && q.ms > 5 && /^\s*SELECT/i.test(q.sql)) {
          const plan = await hx.ds.query(`EXPLAIN ${q.sql}`, q.params) as Array<Record<string, unknown>>;
          for (const p of plan) console.log(`           plan: ${p.table} ${p.type} key=${p.key} rows=${p.rows} ${p.Extra ?? ''}`);
        }
      }
    }
  } finally {
    await hx.stop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
