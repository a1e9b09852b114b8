/**
 * Recomputes every conversation's episodes from its texts and activity (server/reports/episode-rebuild.ts; their
 * counts in the roll-ups move with them), then the report roll-ups from the stored messages, consent changes,
 * complaints and episodes, for data from before they existed or to repair them (server/reports/rollup-rebuild.ts).
 * Safe while Huixin runs: each conversation, and each UTC day, is rebuilt in one transaction.
 *
 * Usage: npm run reports:rebuild [-- --from 2026-11-01] [-- --to 2026-11-30]
 *   --from/--to: local dates in the business's time zone, both included (default: the first message to today);
 *   the UTC days that cover them are rebuilt whole. DATABASE_URL (or DATA_DIR) picks the database, as for the server.
 */
import { isLocalDate } from '../rules';
import { BOT_SETTINGS_KEY } from '../server/admin/ruleset-source';
import { loadConfig } from '../server/config';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../server/db/data-source';
import { unboundedWhile } from '../server/db/mysql-timeouts';
import { SettingRow } from '../server/db/entities';
import { reportRange } from '../server/reports/report-range';
import { rebuildRollups } from '../server/reports/rollup-rebuild';
import { rebuildEpisodes } from '../server/reports/episode-rebuild';
import { storedInstant } from '../server/reports/stored-values';
import { localDate } from '../server/appointments/zoned-time';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

async function main(): Promise<void> {
  const config = loadConfig();
  const ds = createDataSource({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, timeoutMs: config.DB_TIMEOUT_MS });
  await ds.initialize();
  try {
    // An operator's batch, not a request: a day's grouped reads (a big campaign's texts with their responses) may take
    // longer than the bound that keeps a webhook from hanging.
    await unboundedWhile(() => rebuild(ds, config));
  } finally {
    await ds.destroy();
  }
}

async function rebuild(ds: DataSource, config: ReturnType<typeof loadConfig>): Promise<void> {
  await ds.runMigrations({ transaction: 'each' });
  const settings = await ds.manager.findOneBy(SettingRow, { key: BOT_SETTINGS_KEY });
  const timezone = (settings?.value as { timezone?: string } | undefined)?.timezone ?? config.DEFAULT_TIMEZONE;
  const [first] = await ds.query('SELECT MIN(created_at) AS first FROM messages') as Array<{ first: unknown }>;
  const firstDate = first?.first ? localDate(storedInstant(first.first), timezone) : null;
  const from = arg('from') ?? firstDate ?? localDate(new Date(), timezone);
  const to = arg('to') ?? localDate(new Date(), timezone);
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!isLocalDate(value)) throw new Error(`--${name} must be a date YYYY-MM-DD`);
  }
  if (from > to) throw new Error('--from must not be after --to');
  const range = reportRange(from, to, timezone);
  // An episode spans days: every conversation's are rebuilt whole, whatever the dates asked for.
  const episodesStarted = performance.now();
  const episodes = await rebuildEpisodes(ds, new Date(), (conversations, n) => console.log(`  ${conversations} conversations, ${n} episodes`));
  console.log(`Rebuilt the episodes of ${episodes.conversations} conversations (${episodes.episodes} episodes) in ${((performance.now() - episodesStarted) / 1000).toFixed(1)} s`);
  const started = performance.now();
  console.log(`Rebuilding report roll-ups for ${from} … ${to} (${timezone}): UTC days ${range.start.toISOString().slice(0, 10)} … ${new Date(range.end.getTime() - 1).toISOString().slice(0, 10)}`);
  const done = await rebuildRollups(ds, config, { from: range.start, to: range.end }, (day, messages) => {
    if (messages) console.log(`  ${day.toISOString().slice(0, 10)}: ${messages} messages`);
  });
  console.log(`Rebuilt ${done.days} days, ${done.messages} messages, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exit(1); });
