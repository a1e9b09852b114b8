/**
 * The response rate per send (server/reports/send-responses.ts) over the visit-reports bench's two years of a busy
 * clinic (a million messages): seed once with `npm run bench:visit-reports -- --seed-only`, then pass what it printed.
 * Times the per-send figures for a month, a quarter and a year and one list behind a figure, called directly (no
 * HTTP, no server jobs), then drops the thread index they use (migration 1764900005000) and times them again: the
 * baseline it is there to beat, measured in the same run (the index is made again first if a stopped run left it
 * dropped). Each line is printed as it is measured; `--ranges month,quarter` leaves the year out.
 * Usage: BENCH_REUSE='{"DATA_DIR":"/tmp/huixin-test-…"}' npx tsx scripts/bench/send-responses.ts [--repeat 3] [--ranges month,quarter,year]
 */
import os from 'node:os';
import { createDataSource } from '../../server/db/data-source';
import type { ReportRange } from '../../server/reports/report-range';
import { parseSend, recipientsBehind, sendResponses } from '../../server/reports/send-responses';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const REPEAT = arg('repeat', 3);
const GOAL_MS = 300;
const INDEX = 'idx_messages_thread_direction_created';
const shanghai = (date: string) => new Date(`${date}T00:00:00+08:00`);

async function main(): Promise<void> {
  const reuse = JSON.parse(process.env.BENCH_REUSE ?? 'null') as { DATA_DIR: string; DATABASE_URL?: string } | null;
  if (!reuse) throw new Error('BENCH_REUSE is required: seed with npm run bench:visit-reports -- --seed-only');
  const ds = createDataSource({ databaseUrl: reuse.DATABASE_URL, dataDir: reuse.DATA_DIR, timeoutMs: 600_000 });
  await ds.initialize();
  try {
    const em = ds.manager;
    const wanted = (process.argv[process.argv.indexOf('--ranges') + 1] ?? '').split(',');
    const ranges: Array<{ name: string } & Pick<ReportRange, 'start' | 'end'>> = [['month', '2026-11-01'], ['quarter', '2026-09-01'], ['year', '2025-12-01']]
      .filter(([name]) => !process.argv.includes('--ranges') || wanted.includes(name!))
      .map(([name, from]) => ({ name: name!, start: shanghai(from!), end: shanghai('2026-12-01') }));
    const reminders = parseSend('template:appointment_reminder')!;
    const jobs: Array<[string, () => Promise<unknown>]> = [
      ...ranges.map((r): [string, () => Promise<unknown>] => [`per send ${r.name}`, () => sendResponses(em, r)]),
      ['reminder replies list month', () => recipientsBehind(em, ranges[0]!, reminders, 'replied')],
    ];
    const timeAll = async (phase: string) => {
      for (const [label, run] of jobs) {
        await run();
        const ms: number[] = [];
        for (let i = 0; i < REPEAT; i++) { const s = performance.now(); await run(); ms.push(performance.now() - s); }
        const median = ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
        console.log(`${phase.padEnd(22)} ${label.padEnd(30)} ${median.toFixed(0).padStart(7)} ms${median > GOAL_MS ? '   over the goal' : ''}   (load ${os.loadavg()[0]!.toFixed(1)})`);
      }
    };
    const mysql = ds.options.type !== 'better-sqlite3';
    console.log(`response rate per send on ${mysql ? 'MariaDB' : 'SQLite'}, median of ${REPEAT} runs after a warm-up, goal ${GOAL_MS} ms, ${os.cpus().length} cores`);
    await ds.query(`CREATE INDEX IF NOT EXISTS ${INDEX} ON messages (conversation_id, direction, created_at)`);
    await timeAll('with the index');
    await ds.query(mysql ? `DROP INDEX ${INDEX} ON messages` : `DROP INDEX ${INDEX}`);
    await timeAll('without (baseline)');
  } finally {
    await ds.destroy();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
