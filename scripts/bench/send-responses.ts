/**
 * The response rate per send (server/reports/send-responses.ts) over the visit-reports bench's two years of a busy
 * clinic (a million messages): seed once with `npm run bench:visit-reports -- --seed-only`, then pass what it printed.
 * That seed writes rows only, so `--rebuild` first builds the report roll-ups of the year timed (rollup-rebuild.ts,
 * as `npm run reports:rebuild` does for old data; needed once per seeded database). Times the per-send figures for a
 * month, a quarter and a year (read from the roll-ups) and one list behind a figure, called directly (no HTTP, no
 * server jobs), then the baseline in the same run: the same figures counted from the rows as before the roll-ups
 * (one COUNT(DISTINCT …) pass with a correlated "first reply" per text). `--ranges month,quarter` leaves the year out.
 * Usage: BENCH_REUSE='{"DATA_DIR":"/tmp/huixin-test-…"}' npx tsx scripts/bench/send-responses.ts [--rebuild] [--repeat 3] [--ranges month,quarter,year]
 */
import os from 'node:os';
import { createDataSource } from '../../server/db/data-source';
import type { EntityManager } from 'typeorm';
import { hoursAfter, rawRows } from '../../server/reports/raw-rows';
import type { ReportRange } from '../../server/reports/report-range';
import { rebuildRollups } from '../../server/reports/rollup-rebuild';
import { parseSend, recipientsBehind, sendResponses } from '../../server/reports/send-responses';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const REPEAT = arg('repeat', 3);
const GOAL_MS = 300;
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
    if (process.argv.includes('--rebuild')) {
      const t = performance.now();
      await rebuildRollups(ds, {}, { from: new Date('2025-11-20T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z') });
      console.log(`roll-ups rebuilt in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    await timeAll('from the roll-ups');
    jobs.splice(0, jobs.length, ...ranges.map((r): [string, () => Promise<unknown>] => [`per send ${r.name}`, () => fromRows(em, r)]));
    await timeAll('from the rows (baseline)');
  } finally {
    await ds.destroy();
  }
}

/** The figures as they were counted before the roll-ups (unique recipients by sent_at, a first-reply subquery per text): the baseline. */
function fromRows(em: EntityManager, range: Pick<ReportRange, 'start' | 'end'>): Promise<unknown> {
  const mysql = em.connection.options.type !== 'better-sqlite3';
  const joined = (literal: string, column: string) => (mysql ? `CONCAT('${literal}', ${column})` : `('${literal}' || ${column})`);
  const key = `CASE WHEN m.campaign_id IS NOT NULL THEN ${joined('campaign:', 'm.campaign_id')}
    WHEN m.template_key IS NOT NULL AND m.origin <> 'bot' AND m.template_key NOT LIKE 'campaign:%' THEN ${joined('template:', 'm.template_key')} END`;
  const firstReply = `(SELECT rp.id FROM messages rp WHERE rp.conversation_id = m.conversation_id AND rp.direction = 'in' AND rp.id > m.id
    AND rp.created_at >= m.sent_at AND rp.created_at < ${hoursAfter(em, 'm.sent_at', 72)}
    AND NOT EXISTS (SELECT 1 FROM messages nx WHERE nx.conversation_id = m.conversation_id AND nx.direction = 'out' AND nx.compliance = 0
      AND nx.status IN ('sent', 'delivered', 'undelivered') AND nx.id < rp.id
      AND (nx.sent_at > m.sent_at OR (nx.sent_at = m.sent_at AND nx.id > m.id)) AND nx.sent_at <= rp.created_at)
    ORDER BY rp.created_at, rp.id LIMIT 1)`;
  return rawRows(em, `SELECT ${key} AS send, COUNT(DISTINCT m.contact_id) AS delivered,
    COUNT(DISTINCT CASE WHEN ${firstReply} IS NOT NULL THEN m.contact_id END) AS replied
    FROM messages m WHERE m.direction = 'out' AND m.status = 'delivered' AND m.sent_at >= :start AND m.sent_at < :end
      AND m.created_at >= :since AND m.created_at < :end AND (${key}) IS NOT NULL GROUP BY ${key}`,
  { start: range.start, end: range.end, since: new Date(range.start.getTime() - 7 * 86_400_000) });
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
