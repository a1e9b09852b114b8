/**
 * The response rate per send (server/reports/send-responses.ts) over the visit-reports bench's two years of a busy
 * clinic (a million messages): seed once with `npm run bench:visit-reports -- --seed-only`, then pass what it printed.
 * Times the per-send figures for a month, a quarter and a year and one list behind a figure, called directly (no
 * HTTP, no server jobs), then drops the thread index they use (migration 1764900005000) and times them again: the
 * baseline it is there to beat, measured in the same run. The drop alters the seeded database: seed a fresh one after.
 * Usage: BENCH_REUSE='{"DATA_DIR":"/tmp/huixin-test-…"}' npx tsx scripts/bench/send-responses.ts [--repeat 3]
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
    const ranges: Array<{ name: string } & Pick<ReportRange, 'start' | 'end'>> = [['month', '2026-11-01'], ['quarter', '2026-09-01'], ['year', '2025-12-01']]
      .map(([name, from]) => ({ name: name!, start: shanghai(from!), end: shanghai('2026-12-01') }));
    const reminders = parseSend('template:appointment_reminder')!;
    const jobs: Array<[string, () => Promise<unknown>]> = [
      ...ranges.map((r): [string, () => Promise<unknown>] => [`per send ${r.name}`, () => sendResponses(em, r)]),
      ['reminder replies list month', () => recipientsBehind(em, ranges[0]!, reminders, 'replied')],
    ];
    const timeAll = async () => {
      const out = new Map<string, number>();
      for (const [label, run] of jobs) {
        await run();
        const ms: number[] = [];
        for (let i = 0; i < REPEAT; i++) { const s = performance.now(); await run(); ms.push(performance.now() - s); }
        out.set(label, ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!);
      }
      return out;
    };
    const withIndex = await timeAll();
    await ds.query(ds.options.type === 'better-sqlite3' ? `DROP INDEX ${INDEX}` : `DROP INDEX ${INDEX} ON messages`);
    const without = await timeAll();
    console.log(`response rate per send on ${reuse.DATABASE_URL ? 'MariaDB' : 'SQLite'}, median of ${REPEAT} runs after a warm-up, goal ${GOAL_MS} ms`);
    console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log(`${'request'.padEnd(30)} with index   without (baseline)`);
    for (const [label, ms] of withIndex) console.log(`${label.padEnd(30)} ${ms.toFixed(0).padStart(7)} ms   ${without.get(label)!.toFixed(0).padStart(7)} ms${ms > GOAL_MS ? '   over the goal' : ''}`);
  } finally {
    await ds.destroy();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
