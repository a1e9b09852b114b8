/**
 * The SQL one new customer's Twilio webhook runs, statement by statement, after a few to warm up: what
 * `npm run bench:webhook` pays per request, to read beside its profile.
 * `--returning`: all four texts from one number, so the one listed is a returning customer's (contact, thread, episode found).
 * On MariaDB it also lists the round trips that carried them (db/pipelined-statements.ts sends some together).
 * Usage: npx tsx scripts/bench/webhook-statements.ts [--returning] (DATABASE_URL for MariaDB)
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { QueryRunner } from 'typeorm';
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { roundTripsDuring } from '../../test/support/round-trips';
import { isMysql } from '../../server/db/data-source';

const PUBLIC_URL = 'https://huixin.example.com';
const TOKEN = 'bench-auth-token';
const RETURNING = process.argv.includes('--returning');

/** The first frames of our own code that asked for a statement (async stack traces reach through awaits). */
const whence = () => (new Error().stack ?? '').split('\n').filter((l) => /[/\\](server|rules)[/\\]/.test(l) && !/[/\\]db[/\\]/.test(l))
  .slice(0, 2).map((l) => l.trim().replace(/^at (async )?/, '').replace(/\(.*[/\\](server|rules)[/\\]/, '(')).join(' < ');

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const hx = await startHuixin(loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'true', ADMIN_PASSWORD: 'bench-password-1', TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL, OUTBOX_POLL_MS: '60000' }));
  const log: string[] = [];
  const driver = hx.ds.driver as unknown as { createQueryRunner(mode: string): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  // SQLite hands out one query runner again and again: it is wrapped once, or each statement is logged once per wrap.
  const wrapped = new WeakSet<QueryRunner>();
  driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    if (wrapped.has(runner)) return runner;
    wrapped.add(runner);
    const query = runner.query.bind(runner) as (q: string, ...rest: unknown[]) => Promise<unknown>;
    (runner as { query: unknown }).query = async (q: string, ...rest: unknown[]) => {
      const started = process.hrtime.bigint();
      const params = Array.isArray(rest[0]) ? ` [${rest[0].length} values]` : '';
      const line = `${q.replace(/\s+/g, ' ').slice(0, 110)}${params}  ← ${whence()}`;
      try { return await query(q, ...rest); } finally { log.push(`${(Number(process.hrtime.bigint() - started) / 1000).toFixed(0).padStart(6)} µs  ${line}`); }
    };
    return runner;
  };
  try {
    for (let i = 0; i < 4; i++) {
      log.length = 0;
      const params = { MessageSid: `SMstmt${i}`, AccountSid: 'ACbench', From: `+861390000${String(RETURNING ? 0 : i).padStart(4, '0')}`, To: '+8610690000', Body: '改到明天下午三点', NumMedia: '0' };
      const signature = getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
      let res: Response | undefined;
      const post = async () => {
        res = await fetch(`${hx.url}/webhooks/twilio`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
      };
      // MariaDB: what went to the server in each round trip (statements pipelined together are one).
      const trips = isMysql(hx.ds) ? await roundTripsDuring(hx.ds, post, 300) : (await post(), await new Promise((r) => setTimeout(r, 300)), null);
      if (i === 3) {
        console.log(`HTTP ${res!.status} ${await res!.text()}; ${log.length} statements (including after-commit work):`); log.forEach((q, n) => console.log(`${n + 1}. ${q}`));
        if (trips) { console.log(`${trips.length} round trips to MariaDB:`); trips.forEach((q, n) => console.log(`${n + 1}. ${q.slice(0, 150)}`)); }
      }
    }
  } finally {
    await hx.stop();
    await db.drop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
