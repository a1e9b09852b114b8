/**
 * On a database seeded by `npm run bench:visit-reports -- --seed-only` (BENCH_REUSE as it printed it), checks that the
 * appointment report's figures from the roll-ups equal those counted from the rows for a month, a quarter and a
 * year, and times the upgrade's backfill of the visit reports' roll-ups (migration 1764900030000), run again here;
 * the same for the campaigns report (its backfill, migration 1764900040000; its figures from roll-ups against rows,
 * each timed in-process: the rows are what the report read before).
 * Usage: BENCH_REUSE='{…}' npx tsx scripts/bench/visit-rollups-check.ts
 */
import { isDeepStrictEqual } from 'node:util';
import { createDataSource } from '../../server/db/data-source';
import { appointmentFiguresIn, appointmentRows, figuresOf } from '../../server/reports/appointment-report';
import { inTransaction } from '../../server/db/transaction';
import { backfillVisitReports } from '../../server/reports/visit-report-backfill';
import { pricedChannels } from '../../server/reports/channel-prices';
import { campaignFigures } from '../../server/reports/campaign-figures';
import { backfillCampaignReport } from '../../server/reports/campaign-report-backfill';
import { loadAverage } from './bench-runs';

const SHANGHAI = (date: string) => new Date(`${date}T00:00:00+08:00`);
const RANGES: Array<[string, string, string]> = [['month', '2026-11-01', '2026-12-01'], ['quarter', '2026-09-01', '2026-12-01'], ['year', '2025-12-01', '2026-12-01']];

async function main(): Promise<void> {
  const env = JSON.parse(process.env.BENCH_REUSE ?? '{}') as { DATABASE_URL?: string; DATA_DIR?: string };
  const ds = createDataSource({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? 'data', timeoutMs: 600_000 });
  await ds.initialize();
  try {
    const started = performance.now();
    await inTransaction(ds, (em) => backfillVisitReports(em));
    console.log(`backfill (migration 1764900030000's work): ${((performance.now() - started) / 1000).toFixed(1)} s`);
    let same = true;
    for (const [name, from, to] of RANGES) {
      const range = { start: SHANGHAI(from), end: SHANGHAI(to) };
      const [rolled, rows] = [await appointmentFiguresIn(ds.manager, range, await pricedChannels(ds.manager)), figuresOf(await appointmentRows(ds.manager, range))];
      const equal = isDeepStrictEqual(JSON.parse(JSON.stringify(rolled)), JSON.parse(JSON.stringify(rows)));
      same &&= equal;
      console.log(`${name}: roll-ups ${equal ? 'equal' : 'DIFFER FROM'} the rows (reminders sent ${rolled.reminders.sent} / ${rows.reminders.sent}, changes booked ${rolled.changes.booked.staff + rolled.changes.booked.text})`);
      if (!equal) console.log(JSON.stringify({ rolled: rolled.reminders, rows: rows.reminders }).slice(0, 2000));
    }
    const campaignStart = performance.now();
    await inTransaction(ds, (em) => backfillCampaignReport(em));
    console.log(`campaign backfill (migration 1764900040000's work): ${((performance.now() - campaignStart) / 1000).toFixed(1)} s; ${loadAverage()}`);
    const channels = await pricedChannels(ds.manager);
    for (const [name, from, to] of RANGES) {
      const range = { start: SHANGHAI(from), end: SHANGHAI(to) };
      const timedRead = async (read: 'rollups' | 'rows') => {
        const t = performance.now();
        const figures = await campaignFigures(ds.manager, range, channels, read);
        return { figures: JSON.parse(JSON.stringify(figures)) as Array<{ sent: number; replied: number }>, ms: performance.now() - t };
      };
      const [rolled, rows] = [await timedRead('rollups'), await timedRead('rows')];
      const equal = isDeepStrictEqual(rolled.figures, rows.figures);
      same &&= equal;
      const total = (f: typeof rolled.figures, k: 'sent' | 'replied') => f.reduce((sum, c) => sum + c[k], 0);
      console.log(`campaigns ${name}: roll-ups ${equal ? 'equal' : 'DIFFER FROM'} the rows (${rolled.figures.length} campaigns, sent ${total(rolled.figures, 'sent')} / ${total(rows.figures, 'sent')}, `
        + `replied ${total(rolled.figures, 'replied')} / ${total(rows.figures, 'replied')}); read in ${rolled.ms.toFixed(0)} ms from roll-ups, ${rows.ms.toFixed(0)} ms from rows`);
      if (!equal) console.log(JSON.stringify({ rolled: rolled.figures[0], rows: rows.figures[0] }).slice(0, 3000));
    }
    process.exitCode = same ? 0 : 1;
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
