/**
 * The seed of a fresh demo database, with the demo clinic's past month (SEED_DEMO_HISTORY, server/db/seed/demo-history.ts:
 * its rows, then its roll-ups and episodes rebuilt) against the same seed without it, the baseline, in the same run.
 * Goal: the history adds well under 2 s on SQLite. Each round seeds a new empty database of each kind, alternating.
 * Usage: npm run bench:demo-seed [-- --rounds 5]; DATABASE_URL picks MariaDB.
 */
import os from 'node:os';
import { createDataSource } from '../../server/db/data-source';
import { ConversationEpisode, Message } from '../../server/db/entities';
import { seedDatabase } from '../../server/db/seed/seed';
import { systemClock } from '../../server/shared/clock';
import { createLogger } from '../../server/shared/logger';
import { createTestDatabase } from '../../test/support/test-database';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const ROUNDS = arg('rounds', 5);

/** Milliseconds to seed one fresh database, and what it then holds. */
async function seedOnce(history: boolean): Promise<{ ms: number; messages: number; episodes: number }> {
  const db = await createTestDatabase();
  const ds = createDataSource({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR, timeoutMs: 30_000 });
  try {
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const started = performance.now();
    await seedDatabase(ds, {
      demo: true, demoHistory: history ? { provider: 'loopback', publicUrl: 'http://localhost:3000' } : null, timezone: 'Asia/Shanghai',
      adminEmail: 'admin@bench.local', adminPassword: 'bench-password-1', clock: systemClock, log: createLogger('silent'),
    });
    const ms = performance.now() - started;
    return { ms, messages: await ds.manager.count(Message), episodes: await ds.manager.count(ConversationEpisode) };
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const without: number[] = [];
  const withHistory: number[] = [];
  let held = { messages: 0, episodes: 0 };
  for (let i = 0; i < ROUNDS; i++) {
    without.push((await seedOnce(false)).ms);
    const r = await seedOnce(true);
    withHistory.push(r.ms);
    held = r;
  }
  const dialect = process.env.DATABASE_URL ? 'MariaDB' : 'SQLite';
  console.log(`${dialect}, ${ROUNDS} rounds, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`  demo seed without history (baseline): median ${median(without).toFixed(0)} ms, max ${Math.max(...without).toFixed(0)} ms`);
  console.log(`  demo seed with its past month:        median ${median(withHistory).toFixed(0)} ms, max ${Math.max(...withHistory).toFixed(0)} ms` +
    ` (${held.messages} messages, ${held.episodes} episodes)`);
  console.log(`  the history adds: median ${(median(withHistory) - median(without)).toFixed(0)} ms`);
}

main().catch((err) => { console.error(err); process.exit(1); });
