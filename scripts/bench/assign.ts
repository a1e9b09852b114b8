/**
 * Automatic assignment with many agents online: the time from a customer's "人工" at the webhook to the committed
 * assignment (the `conversation:updated` that names an assignee, as the bus publishes it after commit), and how evenly
 * round-robin spread the conversations. The agents' sockets live in a child process, as browsers would.
 * Usage: npm run bench:assign [-- --agents 200 --rounds 60]; DATABASE_URL picks MariaDB, REDIS_URL the Redis adapter.
 */
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { arg, now, signedInAgents, startClients, summary } from './agent-clients';

const AGENTS = arg('agents', 200);
const ROUNDS = arg('rounds', 60);
const WARMUP = 5;

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'true' });
  const hx = await startHuixin(config);
  const clients = await startClients(hx.url, (await signedInAgents(hx, AGENTS)).map((token) => ({ token })), 'conversation:updated', 'contactPhone');
  try {
    // As an admin would: room for every hand-off of the run, so the cap never makes one wait.
    const login = await fetch(`${hx.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }) });
    const { token } = await login.json() as { token: string };
    const fair = Math.ceil((ROUNDS + WARMUP) / AGENTS);   // nobody gets a second before everyone has had one
    const cap = Math.min(100, fair);
    const saved = await fetch(`${hx.url}/api/settings`, { method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ assignmentCap: cap }) });
    if (!saved.ok) throw new Error(`could not set the assignment cap: ${await saved.text()}`);
    const assigned = new Map<string, { at: number; agentId: number }>();
    hx.bus.on('conversation:updated', (c) => {
      if (c.assigneeId !== null && !assigned.has(c.contact.phone)) assigned.set(c.contact.phone, { at: now(), agentId: c.assigneeId });
    });
    const latencies: number[] = [];
    const perAgent = new Map<number, number>();
    for (let r = 0; r < ROUNDS + WARMUP; r++) {
      const phone = `+8613${String(800000000 + r).padStart(9, '0')}`;
      const start = now();
      await fetch(`${hx.url}/webhooks/generic`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `assign-${r}-${Date.now()}`, from: phone, to: 'huixin', text: '人工' }),
      });
      const deadline = Date.now() + 10_000;
      while (!assigned.has(phone)) {
        if (Date.now() > deadline) throw new Error(`round ${r}: nobody was assigned within 10 s`);
        await new Promise((res) => setTimeout(res, 1));
      }
      await hx.sender.drain();   // the acknowledgement goes out before the next customer writes
      const { at, agentId } = assigned.get(phone)!;
      perAgent.set(agentId, (perAgent.get(agentId) ?? 0) + 1);
      if (r >= WARMUP) latencies.push(at - start);   // the first rounds warm up the JIT and the database
    }
    const s = summary(latencies);
    const most = Math.max(...perAgent.values());
    console.log(`automatic assignment, ${AGENTS} agents online, ${ROUNDS} hand-offs (${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}${process.env.REDIS_URL ? ' + Redis adapter' : ''})`);
    console.log(`webhook → assigned (committed)   p50 ${s.p50.toFixed(1)} ms   p99 ${s.p99.toFixed(1)} ms   max ${s.max.toFixed(1)} ms`);
    console.log(`spread: ${perAgent.size} agents took them, at most ${most} each (fair: at most ${fair})`);
    if (most > fair) process.exitCode = 1;
  } finally {
    await clients.stop();
    await hx.stop();
    await db.drop();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
