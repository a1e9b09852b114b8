import { In, type DataSource } from 'typeorm';
import {
  answerAsAgent, assign, byQueueOrder, carrierOf, handBack, handOff, isOwnedByAnother, isSnoozeOver, markRead, needsAssignee,
  queueOrderSql, reopen, reopenForInbound, resolve, snooze, takeOver, VIEWS, wake, type ConversationState,
} from '../../../server/conversations/conversation-state';
import { toConversationView } from '../../../server/conversations/views';
import { createDataSource } from '../../../server/db/data-source';
import { Contact, Conversation } from '../../../server/db/entities';
import { CONVERSATION_VIEWS } from '../../../server/inbox/socket-contract';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

const EARLIER = new Date('2026-11-24T02:00:00.000Z');
const NOW = new Date('2026-11-24T03:00:00.000Z');
const LATER = new Date('2026-11-24T05:00:00.000Z');
const ME = 7;

/** A quiet thread the bot handles; each case starts from it with a few fields changed. */
const BOT_THREAD: ConversationState = Object.freeze({
  status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null, snoozedUntil: null, lastMessageAt: EARLIER, unread: 0,
});
const PERSON_THREAD: ConversationState = { ...BOT_THREAD, handledBy: 'human', assigneeId: ME, handoffReason: 'requested', waitingSince: EARLIER, unread: 2 };

describe('conversation state transitions', () => {
  const cases: Array<{ description: string; from: Partial<ConversationState>; change: (c: ConversationState) => ConversationState; expected: Partial<ConversationState> }> = [
    { description: 'a hand-off gives the thread to a person and starts the customer\'s wait', from: {},
      change: (c) => handOff(c, 'requested', NOW), expected: { handledBy: 'human', status: 'open', handoffReason: 'requested', waitingSince: NOW, assigneeId: null } },
    { description: 'a second hand-off in the same wait keeps the customer\'s place in the queue', from: PERSON_THREAD,
      change: (c) => handOff(c, 'urgent', NOW), expected: { handoffReason: 'urgent', waitingSince: EARLIER, assigneeId: ME, priority: 'urgent' } },
    { description: 'an urgent hand-off arrives urgent, over the priority an agent chose', from: { priority: 'low' },
      change: (c) => handOff(c, 'urgent', NOW), expected: { handledBy: 'human', handoffReason: 'urgent', waitingSince: NOW, priority: 'urgent' } },
    { description: 'a routine hand-off keeps the priority an agent chose', from: { priority: 'high' },
      change: (c) => handOff(c, 'requested', NOW), expected: { handledBy: 'human', handoffReason: 'requested', waitingSince: NOW, priority: 'high' } },
    { description: 'a hand-off wakes a snoozed thread', from: { status: 'snoozed', snoozedUntil: LATER },
      change: (c) => handOff(c, 'low_score', NOW), expected: { status: 'open', snoozedUntil: null, handledBy: 'human', handoffReason: 'low_score', waitingSince: NOW } },
    { description: 'taking over from the bot makes the agent the owner, taken over unasked', from: {},
      change: (c) => takeOver(c, ME), expected: { handledBy: 'human', assigneeId: ME, status: 'open', handoffReason: 'taken_over' } },
    { description: 'taking over keeps the bot\'s reason and reopens a snoozed thread', from: { status: 'snoozed', snoozedUntil: LATER, handoffReason: 'requested' },
      change: (c) => takeOver(c, ME), expected: { status: 'open', snoozedUntil: null, handoffReason: 'requested', handledBy: 'human', assigneeId: ME } },
    { description: 'handing back returns the thread to the bot and ends the wait', from: PERSON_THREAD,
      change: handBack, expected: { ...BOT_THREAD, unread: 2 } },
    { description: 'assigning to nobody leaves a person handling it', from: PERSON_THREAD,
      change: (c) => assign(c, null), expected: { handledBy: 'human', assigneeId: null, waitingSince: EARLIER } },
    { description: 'assigning a resolved thread reopens it for its new owner', from: { status: 'resolved' },
      change: (c) => assign(c, ME), expected: { status: 'open', handledBy: 'human', assigneeId: ME } },
    { description: 'an agent\'s reply claims the thread, ends the wait and marks it read', from: { ...PERSON_THREAD, assigneeId: null, status: 'snoozed', snoozedUntil: LATER },
      change: (c) => answerAsAgent(c, ME), expected: { assigneeId: ME, status: 'open', snoozedUntil: null, waitingSince: null, unread: 0 } },
    { description: 'resolving ends the wait and clears unread, keeping the owner', from: PERSON_THREAD,
      change: resolve, expected: { status: 'resolved', waitingSince: null, unread: 0, assigneeId: ME } },
    { description: 'an agent\'s reopen changes nothing but the status', from: { ...PERSON_THREAD, status: 'snoozed', snoozedUntil: LATER },
      change: reopen, expected: { ...PERSON_THREAD, status: 'open', snoozedUntil: null } },
    { description: 'a text to a resolved thread goes back to the bot', from: { ...PERSON_THREAD, status: 'resolved', waitingSince: null },
      change: (c) => reopenForInbound(c, NOW), expected: { status: 'open', handledBy: 'bot', assigneeId: null, handoffReason: null, waitingSince: null, lastMessageAt: NOW, unread: 3 } },
    { description: 'a text to a snoozed thread a person handles reopens it for them and starts the wait', from: { ...PERSON_THREAD, status: 'snoozed', snoozedUntil: null, waitingSince: null },
      change: (c) => reopenForInbound(c, NOW), expected: { status: 'open', assigneeId: ME, waitingSince: NOW, lastMessageAt: NOW, unread: 3 } },
    { description: 'a text from a customer already waiting keeps their place', from: PERSON_THREAD,
      change: (c) => reopenForInbound(c, NOW), expected: { waitingSince: EARLIER, lastMessageAt: NOW, unread: 3 } },
    { description: 'a text to the bot does not make anyone wait', from: {},
      change: (c) => reopenForInbound(c, NOW), expected: { handledBy: 'bot', waitingSince: null, lastMessageAt: NOW, unread: 1 } },
    { description: 'snoozing until a time keeps the owner', from: PERSON_THREAD,
      change: (c) => snooze(c, LATER), expected: { status: 'snoozed', snoozedUntil: LATER, assigneeId: ME } },
    { description: 'waking reopens a snoozed thread', from: { status: 'snoozed', snoozedUntil: NOW },
      change: wake, expected: { status: 'open', snoozedUntil: null } },
    { description: 'reading clears unread only', from: PERSON_THREAD,
      change: markRead, expected: { ...PERSON_THREAD, unread: 0 } },
  ];

  it.each(cases)('$description', ({ from, change, expected }) => {
    const before = Object.freeze({ ...BOT_THREAD, ...from });
    expect(change(before)).toEqual({ ...before, ...expected });
  });

  it('only a snooze with a time that has come is over', () => {
    expect(isSnoozeOver({ ...BOT_THREAD, status: 'snoozed', snoozedUntil: NOW }, NOW)).toBe(true);
    expect(isSnoozeOver({ ...BOT_THREAD, status: 'snoozed', snoozedUntil: LATER }, NOW)).toBe(false);
    expect(isSnoozeOver({ ...BOT_THREAD, status: 'snoozed', snoozedUntil: null }, LATER)).toBe(false);
    expect(isSnoozeOver({ ...BOT_THREAD, status: 'open', snoozedUntil: EARLIER }, LATER)).toBe(false);
  });

  it('lets the owner or anyone on an unowned thread act, and nobody else', () => {
    expect(isOwnedByAnother(PERSON_THREAD, ME)).toBe(false);
    expect(isOwnedByAnother({ ...PERSON_THREAD, assigneeId: null }, 99)).toBe(false);
    expect(isOwnedByAnother(PERSON_THREAD, 99)).toBe(true);
  });

  it('counts a thread in its owner\'s load only while a person owes the customer an answer', () => {
    expect(carrierOf(PERSON_THREAD)).toBe(ME);
    expect(carrierOf(resolve(PERSON_THREAD))).toBeNull();
    expect(carrierOf(snooze(PERSON_THREAD, null))).toBeNull();
    expect(carrierOf({ ...PERSON_THREAD, handledBy: 'bot' })).toBeNull();
  });

  it('needs an assignee after a hand-off, and no longer once someone has it', () => {
    const handedOff = handOff(BOT_THREAD, 'requested', NOW);
    expect(needsAssignee(handedOff)).toBe(true);
    expect(needsAssignee(assign(handedOff, ME))).toBe(false);
    expect(needsAssignee(resolve(handedOff))).toBe(false);
  });
});

describe('view predicates and the queue order, as SQL on the real database and as JS', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let rows: Conversation[];
  const OTHER = 8;

  // Every combination of status, handler and owner (nobody, me, someone else), each waiting or not, urgent or not,
  // with times that tie so the later keys of the order count.
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const combos: Array<Partial<Conversation>> = [];
    for (const status of ['open', 'snoozed', 'resolved'] as const) {
      for (const handledBy of ['bot', 'human'] as const) {
        for (const assigneeId of [null, ME, OTHER]) {
          for (const [handoffReason, waitingSince] of [[null, null], ['requested', EARLIER], ['urgent', NOW], ['requested', NOW], ['urgent', null]] as const) {
            combos.push({ status, handledBy, assigneeId, handoffReason, waitingSince });
          }
        }
      }
    }
    const em = ds.manager;
    rows = [];
    for (const [i, combo] of combos.entries()) {
      const contact = await em.save(em.create(Contact, { phone: `+861390000${String(i).padStart(4, '0')}`, name: null, locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: [], optedOut: false, optedOutAt: null }));
      rows.push(await em.save(em.create(Conversation, {
        contactId: contact.id, awaiting: null, awaitingContext: null, snoozedUntil: null, unread: i % 2,
        lastMessageAt: [null, EARLIER, NOW, LATER][i % 4], ...combo,
      })));
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const idsWhere = async (sql: string) => (await ds.manager.createQueryBuilder(Conversation, 'c').select('c.id', 'id')
    .where('c.id IN (:...ids)', { ids: rows.map((r) => r.id) }).andWhere(sql, { me: ME })
    .getRawMany<{ id: number }>()).map((r) => Number(r.id)).sort((a, b) => a - b);

  it.each(CONVERSATION_VIEWS.map((view) => ({ view })))('the $view view selects the same conversations in SQL and in JS', async ({ view }) => {
    const inSql = await idsWhere(VIEWS[view].sql('c'));
    const inJs = rows.filter((r) => VIEWS[view].test(r, ME)).map((r) => r.id);
    expect(inSql).toEqual(inJs);
    if (view !== 'all') expect(inJs.length).toBeGreaterThan(0);
    expect(inJs.length).toBeLessThan(view === 'all' ? rows.length + 1 : rows.length);
  });

  it('the browser\'s view of a conversation (times as text) is in the same views as the row', async () => {
    const contacts = new Map((await ds.manager.findBy(Contact, { id: In(rows.map((r) => r.contactId)) })).map((c) => [c.id, c]));
    for (const row of rows) {
      const view = toConversationView(row, contacts.get(row.contactId)!);
      for (const name of CONVERSATION_VIEWS) expect([name, VIEWS[name].test(view, ME)]).toEqual([name, VIEWS[name].test(row, ME)]);
    }
  });

  it('orders the queue the same way in SQL and in JS: urgent waits first, then the longest wait, then the latest activity', async () => {
    const qb = ds.manager.createQueryBuilder(Conversation, 'c').where('c.id IN (:...ids)', { ids: rows.map((r) => r.id) });
    for (const [expr, dir] of queueOrderSql('c')) qb.addOrderBy(expr, dir);
    const inSql = (await qb.getMany()).map((r) => r.id);
    const inJs = [...rows].sort(byQueueOrder).map((r) => r.id);
    expect(inSql).toEqual(inJs);

    const first = rows.find((r) => r.id === inJs[0])!;
    expect(first).toMatchObject({ handoffReason: 'urgent', waitingSince: NOW });
    const firstNormal = inJs.findIndex((id) => rows.find((r) => r.id === id)!.handoffReason === 'requested');
    const lastUrgent = inJs.findLastIndex((id) => { const r = rows.find((x) => x.id === id)!; return r.handoffReason === 'urgent' && r.waitingSince; });
    expect(lastUrgent).toBeLessThan(firstNormal);   // an urgent hand-off from NOW before a normal one waiting since EARLIER
  });
});
