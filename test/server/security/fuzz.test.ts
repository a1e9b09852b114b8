import http from 'node:http';
import request from 'supertest';
import { io as connect, type Socket } from 'socket.io-client';
import { INTENTS } from '../../../rules';
import { APPOINTMENT_COMMANDS } from '../../../server/appointments/command-names';
import { Contact, Conversation, Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { createLogger } from '../../../server/shared/logger';
import { Customer } from '../../support/customer';
import { fuzzSeed, Rng } from '../../support/fuzz-random';
import { parseMetrics, scrape } from '../../support/metrics-text';
import { fuzzRequest, type Caller, type FuzzRequest, type KnownValues } from '../../support/fuzz-requests';
import { ROUTES } from '../../support/fuzz-routes';
import { fuzzCommand, INBOX_COMMANDS, sendCommand, type FuzzCommand } from '../../support/fuzz-sockets';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

/**
 * A seeded fuzz of every route and socket command: whatever arrives, Huixin answers with a 4xx in its JSON error
 * shape (or succeeds), never a 5xx or an `internal` ack, and is still serving customers afterwards.
 * `FUZZ_SEED=<n>` replays a run (`random` for a fresh one); `FUZZ_REQUESTS` / `FUZZ_COMMANDS` change its size.
 */
const seed = fuzzSeed();
const HTTP_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 4000);
const SOCKET_COMMANDS = Number(process.env.FUZZ_COMMANDS ?? 600);
const CONCURRENCY = 6;
const METRICS_TOKEN = 'fuzz-metrics-token-000001';

let hx: TestHuixin;
let tokens: Record<'admin' | 'agent', string>;
let known: KnownValues;
let agentIds: number[];
/** Error-level log lines: what the server said about any 5xx the fuzz provokes. */
const serverErrors: string[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  console.log(`fuzz seed ${seed} (replay with FUZZ_SEED=${seed})`);
  // METRICS_TOKEN: /metrics is served and every fuzzed request goes through the request metrics too.
  hx = await startTestHuixin({ METRICS_TOKEN }, { log: createLogger('error', { write: (line: string) => { serverErrors.push(line); } }) });
  tokens = {
    admin: await hx.loginAs(ADMIN.email, ADMIN.password),
    agent: await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD),
  };
  known = await knownValues();
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await hx?.close();
});

/** Some customers and everything the server holds, so a share of the requests reach real rows. */
async function knownValues(): Promise<KnownValues> {
  const phones = ['+8613900770001', '+8613900770002', '+14155550123'];
  for (const [i, text] of ['人工', '你好', 'TD'].entries()) await new Customer(hx, phones[i]).text(text);
  const api = (path: string, token = tokens.admin) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`).expect(200).then((r) => r.body);
  const [conversations, contacts, inbound, rules, templates, versions, appointments, feeds, agents, page] = await Promise.all([
    hx.ds.manager.find(Conversation), hx.ds.manager.find(Contact), hx.ds.manager.find(Message, { where: { direction: 'in' } }),
    api('/api/rules'), api('/api/templates'), api('/api/versions'), api('/api/appointments'), api('/api/calendar/feeds'), api('/api/agents'),
    api('/api/conversations?limit=1'),
  ]);
  agentIds = agents.items.map((a: { id: number }) => a.id);
  return {
    ids: [...new Set([...conversations.map((c) => c.id), ...contacts.map((c) => c.id), ...appointments.items.map((a: { id: number }) => a.id),
      ...rules.items.map((r: { id: string }) => Number(r.id)), ...agentIds])],
    messageIds: inbound.map((m) => m.id),
    versions: versions.items.map((v: { version: string }) => v.version),
    templateKeys: templates.items.map((t: { key: string }) => t.key),
    intents: INTENTS,
    tags: ['vip', '老客户'],
    phones: [...phones, ...contacts.map((c) => c.phone), '13800138000', '555'],
    cursors: [page.nextCursor ?? 'eyJpZCI6MX0'],
    commands: [...APPOINTMENT_COMMANDS, 'teleport'],
    feeds: feeds.items.map((f: { kind: string; id: number; path: string }) => ({ kind: f.kind, id: f.id, token: new URL(f.path, hx.url).searchParams.get('token') ?? '' })),
  };
}

interface Answer { status: number; contentType: string; text: string }

/** Raw HTTP, so the fuzz can send what fetch refuses to (a body on a GET, a lying Content-Type). */
function send(req: FuzzRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, ...(req.body !== undefined ? { 'content-length': String(Buffer.byteLength(req.body)) } : {}) };
    const call = http.request(new URL(req.url, hx.url), { method: req.method, headers, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString() }));
    });
    call.on('timeout', () => call.destroy(new Error('no answer within 15 s')));
    call.on('error', reject);
    call.end(req.body);
  });
}

/** What is wrong with an answer, or null: a 5xx, or a refusal that is not `{ error: { code, message } }`. */
function problemWith(answer: Answer): string | null {
  if (answer.status >= 500) return `answered ${answer.status}`;
  // Node's own HTTP parser refuses an oversized request line or headers before Huixin sees it, with an empty 431.
  if (answer.status < 400 || answer.status === 431) return null;
  if (!answer.contentType.includes('application/json')) return `a ${answer.status} that is not JSON (${answer.contentType})`;
  let body: { error?: { code?: unknown; message?: unknown } };
  try { body = JSON.parse(answer.text); } catch { return `a ${answer.status} whose JSON does not parse`; }
  if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string') return `a ${answer.status} without the error shape`;
  return null;
}

const clip = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
const describeRequest = (req: FuzzRequest) =>
  `${req.method} ${clip(req.url)} headers=${clip(JSON.stringify(req.headers), 200)}${req.body === undefined ? '' : ` body=${clip(JSON.stringify(req.body))}`}`;

/** Runs `work` over `items`, `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => { while (next < items.length) await work(items[next++]); }));
}

function agentSocket(path = '', token = tokens.agent): Promise<Socket> {
  const socket = connect(`${hx.url}${path}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

it('answers thousands of fuzzed HTTP requests on every route without a 5xx, every refusal in the JSON error shape', async () => {
  const rng = new Rng(seed);
  const callers: ReadonlyArray<readonly [number, Caller]> = [[4, 'admin'], [3, 'agent'], [1, 'anonymous'], [1, 'forged']];
  const requests = Array.from({ length: HTTP_REQUESTS }, () => {
    const spec = rng.pick(ROUTES);
    return { spec, req: fuzzRequest(rng, spec, known, tokens, spec.anonymousOnly ? 'anonymous' : rng.weighted(callers)) };
  });
  // One example per kind of failure and route, so a report reads as a list of bugs rather than of requests.
  const failures = new Map<string, string>();
  let count = 0;
  await inParallel(requests, CONCURRENCY, async ({ spec, req }) => {
    const answer = await send(req).catch((err: Error) => ({ status: 0, contentType: '', text: err.message }));
    const problem = answer.status === 0 ? `no answer: ${answer.text}` : problemWith(answer);
    if (!problem) return;
    count++;
    const kind = `${problem} on ${spec.method} ${spec.path}`;
    if (!failures.has(kind)) failures.set(kind, `${kind}, e.g. ${describeRequest(req)} → ${clip(answer.text, 200)}`);
  });
  expect({ seed, failures: [...failures.values()], count, serverErrors: serverErrors.slice(-5).map((l) => clip(l, 600)) })
    .toEqual({ seed, failures: [], count: 0, serverErrors: expect.any(Array) });
}, 120_000);

it('answers fuzzed socket commands without an internal error, acknowledging every inbox command that asked', async () => {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const inbox = [await agentSocket(), await agentSocket('', tokens.admin)];
  const simulator = await agentSocket('/simulator').catch(() => null);   // only with the loopback provider
  // The simulator's one command takes its payload first, so a command sent without one cannot be answered.
  const targets = [
    ...inbox.map((socket) => ({ socket, commands: INBOX_COMMANDS, answersWithoutPayload: true })),
    ...(simulator ? [{ socket: simulator, commands: { 'phone:watch': { phone: 'phone' } }, answersWithoutPayload: false }] : []),
  ];
  const failures: string[] = [];
  const commands = Array.from({ length: SOCKET_COMMANDS }, () => {
    const target = rng.pick(targets);
    return { target, cmd: fuzzCommand(rng, target.commands, known, agentIds) };
  });
  await inParallel(commands, CONCURRENCY, async ({ target, cmd }: { target: (typeof targets)[number]; cmd: FuzzCommand }) => {
    const describe = () => `${cmd.event} ${cmd.mode} ${clip(JSON.stringify(cmd.payload) ?? 'undefined')}`;
    const ack = await sendCommand(target.socket, cmd).catch((err: Error) => ({ timedOut: err.message }));
    if (ack === 'none') return;
    const answer = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown }; timedOut?: string };
    if (answer.timedOut) {
      if (cmd.mode !== 'no-payload' || target.answersWithoutPayload) failures.push(`no ack (${answer.timedOut}): ${describe()}`);
    } else if (answer.ok === false && (answer.error?.code === 'internal' || typeof answer.error?.message !== 'string')) {
      failures.push(`ack ${clip(JSON.stringify(answer))}: ${describe()}`);
    } else if (answer.ok !== true && answer.ok !== false) failures.push(`an ack without ok: ${clip(JSON.stringify(answer))}: ${describe()}`);
  });
  expect({ seed, failures: failures.slice(0, 20), count: failures.length, connected: inbox.map((s) => s.connected), serverErrors: serverErrors.slice(-5).map((l) => clip(l, 600)) })
    .toEqual({ seed, failures: [], count: 0, connected: [true, true], serverErrors: expect.any(Array) });
}, 120_000);

it('is healthy after the fuzz: /healthz answers, a customer\'s text gets its reply, and the inbox lists', async () => {
  await request(hx.url).get('/healthz').expect(200, { status: 'ok' });
  const customer = new Customer(hx, '+8613900779999');
  await customer.text('人工');
  expect(await eventually(() => customer.lastReply())).toMatchObject({ direction: 'out' });
  const list = await request(hx.url).get('/api/conversations?view=all').set('Authorization', `Bearer ${tokens.agent}`).expect(200);
  expect(list.body.items.map((c: { contact: { phone: string } }) => c.contact.phone)).toContain(customer.phone);
  const socket = await agentSocket();
  expect(await socket.timeout(5000).emitWithAck('conversation:view', { conversationId: null })).toEqual({ ok: true, data: null });
});

it('labels every fuzzed request by its route pattern: no junk, id or phone number from a URL becomes a label', async () => {
  const text = await scrape(hx.url, METRICS_TOKEN);
  const routes = new Set(parseMetrics(text).flatMap((s) => (s.labels.route === undefined ? [] : [s.labels.route])));
  expect(routes.size).toBeGreaterThan(20);
  expect(routes.size).toBeLessThanOrEqual(ROUTES.length + 2);
  for (const route of routes) expect(route).toMatch(/^(\/[\w:*|/.-]*|unmatched|static)$/);
  expect(text).not.toMatch(/1390077\d{4}/);
});
