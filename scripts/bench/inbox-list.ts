/**
 * The inbox with 10,000 conversations: seeds that many customers (three messages each, a realistic mix of bot,
 * waiting, assigned and resolved threads), then times what an agent's screen asks the REST API for: the first page
 * of every view, the view counts, scrolling through the whole list by cursor, search by phone, name and text, and
 * opening a thread. Usage: npm run bench:inbox [-- --conversations 10000]; DATABASE_URL picks MariaDB.
 */
import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { hashPassword } from '../../server/auth/passwords';
import { SessionStore } from '../../server/auth/sessions';
import { loadConfig } from '../../server/config';
import { Agent, Contact, Conversation, Message } from '../../server/db/entities';
import { startHuixin, type Huixin } from '../../server/huixin';
import { CONVERSATION_VIEWS } from '../../server/inbox/socket-contract';
import { systemClock } from '../../server/shared/clock';
import { createTestDatabase } from '../../test/support/test-database';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const CONVERSATIONS = arg('conversations', 10_000);
const REPEAT = arg('repeat', 20);
const CHUNK = 500;
const SURNAMES = ['王', '李', '张', '刘', '陈', 'Smith', 'Chen', 'Garcia', '黄', '周'];

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Bulk rows straight through the query builder: the pipeline would take minutes to write 30,000 messages. */
async function seed(hx: Huixin, agentIds: number[]): Promise<void> {
  const now = Date.now();
  for (let start = 0; start < CONVERSATIONS; start += CHUNK) {
    const n = Math.min(CHUNK, CONVERSATIONS - start);
    const idx = Array.from({ length: n }, (_, i) => start + i);
    await hx.ds.transaction(async (em) => {
      const contacts = idx.map((i) => ({
        phone: `+8613${String(700000000 + i).padStart(9, '0')}`, name: i % 3 ? `${SURNAMES[i % SURNAMES.length]}${i}` : null,
        locale: i % 4 ? 'zh-CN' : 'en', timezone: 'Asia/Shanghai', tags: i % 7 ? [] : ['vip'], optedOut: i % 97 === 0, optedOutAt: null,
      }));
      await em.createQueryBuilder().insert().into(Contact).values(contacts).updateEntity(false).execute();
      const contactIds = new Map((await em.findBy(Contact, { phone: In(contacts.map((c) => c.phone)) })).map((c) => [c.phone, c.id]));
      const convs = idx.map((i, k) => {
        const last = new Date(now - i * 37_000);
        const state = i % 20;   // 0–1 waiting unassigned, 2–3 assigned, 4–16 bot, 17–19 resolved
        const human = state <= 3;
        return {
          contactId: contactIds.get(contacts[k].phone)!, status: state >= 17 ? 'resolved' : 'open', handledBy: human ? 'human' : 'bot',
          assigneeId: state === 2 || state === 3 ? agentIds[i % agentIds.length] : null, handoffReason: human ? 'asked_for_human' : null,
          awaiting: null, awaitingContext: null, snoozedUntil: null, lastMessageAt: last, waitingSince: human ? last : null, unread: human ? 2 : 0,
        } as Partial<Conversation>;
      });
      await em.createQueryBuilder().insert().into(Conversation).values(convs).updateEntity(false).execute();
      const convIds = new Map((await em.findBy(Conversation, { contactId: In(convs.map((c) => c.contactId!)) })).map((c) => [c.contactId, c.id]));
      const messages = convs.flatMap((c, k) => {
        const base = { conversationId: convIds.get(c.contactId!)!, contactId: c.contactId!, provider: 'loopback', errorCode: null, errorMessage: null, agentId: null,
          templateKey: null, compliance: false, decision: null, media: null, attempts: 0, nextAttemptAt: null, leaseUntil: null, sentAt: null };
        const i = idx[k];
        return [
          { ...base, direction: 'in', origin: 'contact', body: `我想改一下预约时间 order ${i}`, providerMessageId: `seed-in1-${i}`, status: 'received' },
          { ...base, direction: 'out', origin: 'bot', body: '好的，请回复 1 确认，0 转人工', providerMessageId: `seed-out-${i}`, status: 'delivered' },
          { ...base, direction: 'in', origin: 'contact', body: i % 2 ? '0' : 'thanks, see you', providerMessageId: `seed-in2-${i}`, status: 'received' },
        ] as QueryDeepPartialEntity<Message>[];
      });
      await em.createQueryBuilder().insert().into(Message).values(messages).updateEntity(false).execute();
    });
  }
}

async function main(): Promise<void> {
  // A scratch database (a new SQLite file, or a new database on DATABASE_URL's server), dropped at the end.
  const db = await createTestDatabase();
  const hx = await startHuixin(loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' }));
  try {
    const hash = await hashPassword('bench-password');
    const agents = await hx.ds.manager.save(Agent, Array.from({ length: 5 }, (_, i) => hx.ds.manager.create(Agent, {
      email: `list${i}-${Date.now()}@bench.example`, name: `Agent ${i}`, passwordHash: hash, role: 'agent', locale: 'zh-CN', active: true,
    })));
    const seedStart = performance.now();
    await seed(hx, agents.map((a) => a.id));
    const seeded = performance.now() - seedStart;
    const token = await new SessionStore(hx.ds, systemClock).create(agents[0].id);
    const get = async (pathAndQuery: string) => {
      const res = await fetch(`${hx.url}/api${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${pathAndQuery}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items?: Array<{ id: number }>; nextCursor?: string | null }>;
    };
    const rows: Array<[string, number[], string?]> = [];
    const time = async (label: string, times: number, call: (i: number) => Promise<unknown>) => {
      const ms: number[] = [];
      for (let i = 0; i < times; i++) { const s = performance.now(); await call(i); ms.push(performance.now() - s); }
      rows.push([label, ms]);
    };

    for (const view of CONVERSATION_VIEWS) await time(`first page: ${view}`, REPEAT, () => get(`/conversations?view=${view}`));
    await time('view counts', REPEAT, () => get('/conversations/counts'));
    // Scroll the whole "all" list: every page by cursor, and check nothing is skipped or repeated.
    const pageMs: number[] = [];
    const seen = new Set<number>();
    let cursor: string | null | undefined = null;
    do {
      const s = performance.now();
      const page = await get(`/conversations?view=all&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      pageMs.push(performance.now() - s);
      page.items!.forEach((c) => seen.add(c.id));
      cursor = page.nextCursor;
    } while (cursor);
    rows.push([`scroll all ${pageMs.length} pages`, pageMs, `${seen.size} distinct of ${CONVERSATIONS}`]);
    await time('search: phone digits', REPEAT, (i) => get(`/conversations?q=1370000${String(i * 13).padStart(3, '0')}`));
    await time('search: name', REPEAT, (i) => get(`/conversations?q=${encodeURIComponent(`${SURNAMES[i % SURNAMES.length]}${i * 31}`)}`));
    await time('search: message text', REPEAT, (i) => get(`/conversations?q=${encodeURIComponent(`order ${i * 101}`)}`));
    const firstIds = (await get('/conversations?view=all')).items!.map((c) => c.id);
    await time('open a thread', REPEAT, (i) => get(`/conversations/${firstIds[i % firstIds.length]}/messages`));

    console.log(`inbox list with ${CONVERSATIONS} conversations, ${CONVERSATIONS * 3} messages (${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}; seeded in ${(seeded / 1000).toFixed(1)} s)`);
    console.log(`${'request'.padEnd(30)}      p50        p99`);
    for (const [label, ms, note] of rows) {
      const s = [...ms].sort((a, b) => a - b);
      console.log(`${label.padEnd(30)} ${percentile(s, 50).toFixed(1).padStart(7)} ms ${percentile(s, 99).toFixed(1).padStart(7)} ms${note ? `   ${note}` : ''}`);
    }
    if (seen.size !== CONVERSATIONS) process.exitCode = 1;
  } finally {
    await hx.stop();
    await db.drop();
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
