/**
 * A campaign's replies as Tencent delivers them: pushes of many texts at once (up to 100 a request), new customers
 * texting "营业时间？". Printed per round: texts/s, p50/p99 of a push's answer, this process's CPU and the database's
 * per text, and a check that every text was stored once. The bot's replies are queued, not sent (no sender runs):
 * this measures taking the texts in. To compare with a version before receive-batch.ts (a push's texts stored one
 * after another), run the same file in a worktree of that commit.
 * Usage: npm run bench:reply-pushes [-- --pushes 40 --size 100 --concurrency 2 --rounds 3]; DATABASE_URL picks MariaDB.
 */
import { loadConfig } from '../../server/config';
import { Message } from '../../server/db/entities';
import { startHuixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { arg, now, summary } from './agent-clients';
import { databaseCpuReader } from './db-cpu';

const PUSHES = arg('pushes', 40);
const SIZE = arg('size', 100);
const CONCURRENCY = arg('concurrency', 2);
const ROUNDS = arg('rounds', 3);
const dbCpu = databaseCpuReader(process.env.DATABASE_URL);

let numbers = 0;
let time = 1765000000;
/** One push of `SIZE` texts from new customers, each with its own time (Tencent's id for a reply is built from it). */
const push = () => Array.from({ length: SIZE }, () => ({
  extend: '', mobile: `1390${String(++numbers).padStart(7, '0')}`, nationcode: '86', sign: '回信诊所', text: '营业时间？', time: ++time,
}));

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const config = loadConfig({
    ...process.env, ...db.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', SEED_DEMO: 'true', ADMIN_PASSWORD: 'bench-password-1',
    SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'AKID-bench', TENCENT_SECRET_KEY: 'bench-key', TENCENT_SMS_SDK_APP_ID: '1400006666',
    TENCENT_SIGN_NAME: '回信诊所', TENCENT_SMS_ENDPOINT: 'http://127.0.0.1:9', OUTBOX_POLL_MS: '60000',
  });
  const hx = await startHuixin(config, { startSender: false, startWorkers: false });
  /** Posts PUSHES pushes, CONCURRENCY at a time. */
  const round = async (label: string) => {
    const pushes = Array.from({ length: PUSHES }, push);
    const answers: number[] = [];
    const post = async (body: unknown) => {
      const res = await fetch(`${hx.url}/webhooks/tencent/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
    };
    let next = 0;
    const t0 = now(); const cpu0 = process.cpuUsage(); const db0 = dbCpu?.() ?? 0;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < pushes.length) {
        const texts = pushes[next++]!;
        const started = now();
        await post(texts);
        answers.push(now() - started);
      }
    }));
    const seconds = (now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const texts = PUSHES * SIZE;
    const { p50, p99 } = summary(answers);
    console.log(`${label.padEnd(34)} ${Math.round(texts / seconds).toString().padStart(6)} texts/s  push p50 ${p50.toFixed(0).padStart(5)} ms p99 ${p99.toFixed(0).padStart(5)} ms`
      + `  node CPU ${((cpu.user + cpu.system) / 1000 / texts).toFixed(3)} ms/text${dbCpu ? `  database ${((dbCpu() - db0) * 1000 / texts).toFixed(3)} ms/text` : ''}`);
  };
  try {
    console.log(`reply pushes (${db.dialect}${process.env.REDIS_URL ? ' + Redis' : ''}): ${PUSHES} pushes of ${SIZE} texts from new customers per round, ${CONCURRENCY} pushes at a time, Node ${process.version}`);
    const before = await hx.ds.getRepository(Message).countBy({ direction: 'in' });   // the demo clinic's
    await round('warm-up');
    for (let r = 1; r <= ROUNDS; r++) await round(`round ${r}`);
    const stored = await hx.ds.getRepository(Message).countBy({ direction: 'in' }) - before;
    const expected = PUSHES * SIZE * (1 + ROUNDS);
    if (stored !== expected) throw new Error(`expected ${expected} texts stored, found ${stored}`);
    console.log(`check: ${stored} texts stored, each once`);
  } finally {
    await hx.stop();
    await db.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
