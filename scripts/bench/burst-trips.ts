/**
 * The round trips to MariaDB a burst of new customers' Twilio webhooks costs, by kind, per text: what
 * `npm run bench:webhook` pays per request beyond each statement's own work (db/group-commit.ts shares them).
 * Usage: DATABASE_URL=mysql://… npx tsx scripts/bench/burst-trips.ts [--texts 480 --connections 50]
 */
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { roundTripsDuring } from '../../test/support/round-trips';

const argOf = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const TEXTS = Number(argOf('texts') ?? 480);
const CONNECTIONS = Number(argOf('connections') ?? 50);
const PUBLIC_URL = 'https://huixin.example.com';
const TOKEN = 'bench-auth-token';

/** A round trip's kind: its first statement's verb and table, and how many statements it carried. */
const kindOf = (sql: string) => {
  const first = sql.replace(/^START TRANSACTION; /, '');
  const m = /^\(?(SELECT|INSERT INTO|UPDATE|DELETE FROM|COMMIT|ROLLBACK)\s*(?:[\s\S]*? FROM )?`?(\w+)?/i.exec(first);
  return m ? `${m[1]!.toUpperCase()} ${m[1] === 'SELECT' ? '' : m[2] ?? ''}`.trim() : first.slice(0, 30);
};

async function main(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('MariaDB only: set DATABASE_URL');
  const db = await createTestDatabase();
  const hx = await startHuixin(loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'true', ADMIN_PASSWORD: 'bench-password-1', TWILIO_AUTH_TOKEN: TOKEN, PUBLIC_URL }));
  const post = async (i: number) => {
    const params = { MessageSid: `SMburst${i}`, AccountSid: 'ACbench', From: `+86139${String(i).padStart(8, '0')}`, To: '+8610690000', Body: '改到明天下午三点', NumMedia: '0' };
    const signature = getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}/webhooks/twilio`, params);
    const res = await fetch(`${hx.url}/webhooks/twilio`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params).toString() });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
  };
  try {
    let next = 0;
    const burst = async () => { await Promise.all(Array.from({ length: CONNECTIONS }, async () => { for (let i = next++; i < TEXTS; i = next++) await post(i); })); };
    const trips = await roundTripsDuring(hx.ds, burst, 2000);
    const byKind = new Map<string, { trips: number; statements: number }>();
    for (const sql of trips) {
      const k = byKind.get(kindOf(sql)) ?? { trips: 0, statements: 0 };
      k.trips += 1;
      k.statements += sql.split(/;\s(?=START|SELECT|INSERT|UPDATE|DELETE|COMMIT|\(SELECT)/).length;
      byKind.set(kindOf(sql), k);
    }
    console.log(`${TEXTS} texts on ${CONNECTIONS} connections: ${trips.length} round trips (${(trips.length / TEXTS).toFixed(2)} per text)`);
    for (const [kind, k] of [...byKind].sort((a, b) => b[1].trips - a[1].trips)) {
      console.log(`${(k.trips / TEXTS).toFixed(2).padStart(6)} per text  ${String(k.trips).padStart(6)} trips  ${(k.statements / k.trips).toFixed(1).padStart(5)} statements each  ${kind}`);
    }
  } finally {
    await hx.stop();
    await db.drop();
  }
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
