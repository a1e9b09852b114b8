/**
 * Fan-out latency of the inbox: 200 connected agents, and the time from a customer's webhook request to the
 * `conversation:updated` event arriving on every agent's socket, beside a bare Socket.IO broadcast (an HTTP request
 * that only calls io.emit) to the same 200 client sockets. The clients run in a child process, as browsers would.
 * Usage: npm run bench:fanout [-- --agents 200 --rounds 50]; with REDIS_URL set, Huixin uses the Redis adapter.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';
import { arg, now, signedInAgents, startClients, summary, type AgentClients } from './agent-clients';

const AGENTS = arg('agents', 200);
const ROUNDS = arg('rounds', 50);
const WARMUP = 5;

interface Timings { fromRequest: number[]; fromPublish: number[]; pipeline: number[]; bare: number[] }

/** A bare Socket.IO server whose only work per request is one io.emit: the floor Huixin is measured against. */
async function startBare() {
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  let seq = 0;
  server.on('request', (req, res) => {
    if (req.url !== '/fire') return;
    io.emit('fired', { seq: ++seq });
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients = await startClients(url, Array.from({ length: AGENTS }, () => ({})), 'fired', 'seq');
  let round = 0;
  return {
    /** One broadcast: every socket's delay from the request. */
    fire: async () => {
      const key = String(++round);
      const start = now();
      const [arrivals] = await Promise.all([clients.arrivals(key), fetch(`${url}/fire`, { method: 'POST' })]);
      return arrivals.map((t) => t - start);
    },
    stop: async () => { await clients.stop(); await io.close(); },
  };
}

async function run(): Promise<Timings> {
  // A scratch database (a new SQLite file, or a new database on DATABASE_URL's server), dropped at the end.
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'true' });
  const hx = await startHuixin(config);
  let clients: AgentClients | null = null;
  let bare: Awaited<ReturnType<typeof startBare>> | null = null;
  try {
    const tokens = await signedInAgents(hx, AGENTS);
    clients = await startClients(hx.url, tokens.map((token) => ({ token })), 'conversation:updated', 'contactPhone');
    bare = await startBare();
    // When the pipeline publishes after commit, before any listener runs: the gateway's share starts here.
    const published = new Map<string, number>();
    const publish = hx.bus.emit.bind(hx.bus);
    hx.bus.emit = (event, payload) => {
      const phone = event === 'conversation:updated' ? (payload as { contact: { phone: string } }).contact.phone : null;
      if (phone && !published.has(phone)) published.set(phone, now());
      publish(event, payload);
    };
    const timings: Timings = { fromRequest: [], fromPublish: [], pipeline: [], bare: [] };
    // Rounds alternate between Huixin and the bare server, so both meet the same machine (load, CPU frequency, GC).
    for (let r = 0; r < ROUNDS + WARMUP; r++) {
      const phone = `+8613${String(900000000 + r).padStart(9, '0')}`;
      const start = now();
      const [arrivals] = await Promise.all([clients.arrivals(phone), fetch(`${hx.url}/webhooks/generic`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: `bench-${r}-${Date.now()}`, from: phone, to: 'huixin', text: '你好' }),
      })]);
      await hx.sender.drain();   // the reply is sent before the next round, as it would be between two customers' texts
      const bareArrivals = await bare.fire();
      if (r < WARMUP) continue;   // the first rounds warm up the JIT and the database
      timings.fromRequest.push(...arrivals.map((t) => t - start));
      timings.fromPublish.push(...arrivals.map((t) => t - published.get(phone)!));
      timings.pipeline.push(published.get(phone)! - start);
      timings.bare.push(...bareArrivals);
    }
    return timings;
  } finally {
    await clients?.stop();
    await bare?.stop();
    await hx.stop();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const timings = await run();
  const huixin = summary(timings.fromRequest);
  const gateway = summary(timings.fromPublish);
  const pipeline = summary(timings.pipeline);
  const bare = summary(timings.bare);
  const fmt = (n: number) => `${n.toFixed(1).padStart(7)} ms`;
  console.log(`fan-out to ${AGENTS} agents, ${ROUNDS} rounds (${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}${process.env.REDIS_URL ? ' + Redis adapter' : ''})`);
  console.log('                                     p50        p99        max');
  console.log(`webhook → conversation:updated  ${fmt(huixin.p50)} ${fmt(huixin.p99)} ${fmt(huixin.max)}`);
  console.log(`  of which webhook → commit     ${fmt(pipeline.p50)} ${fmt(pipeline.p99)} ${fmt(pipeline.max)}`);
  console.log(`  of which commit → socket      ${fmt(gateway.p50)} ${fmt(gateway.p99)} ${fmt(gateway.max)}`);
  console.log(`bare HTTP → io.emit             ${fmt(bare.p50)} ${fmt(bare.p99)} ${fmt(bare.max)}`);
  console.log(`p99 ratio to bare: webhook ${(huixin.p99 / bare.p99).toFixed(2)}×, gateway fan-out ${(gateway.p99 / bare.p99).toFixed(2)}×`);
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
