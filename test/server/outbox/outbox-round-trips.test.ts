import request from 'supertest';
import { Contact, Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { statementsDuring } from '../../support/statements-during';

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({}, { startSender: false }); });
afterAll(() => hx.close());

let n = 0;
const newCustomer = () => new Customer(hx, `+86136009${String(++n).padStart(5, '0')}`);

describe('the round trips after a webhook\'s commit', () => {
  it('claims the replies of three texts with one read of the rows and one of their contacts and the channels\' version, and claims no second time', async () => {
    const customers = [newCustomer(), newCustomer(), newCustomer()];
    for (const c of customers) await c.text('人工');
    const log = await statementsDuring(hx, () => hx.sender.drain());

    for (const c of customers) expect(await c.lastReply()).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(log.filter((q) => /UNION ALL/.test(q))).toHaveLength(1);
    // The channels' version comes with the contacts (SQLite: in the claim itself; MariaDB: beside it, in its transaction).
    const versions = log.filter((q) => /FROM channels/.test(q));
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatch(/contacts c/);
    // Nothing else reads the messages to send, their contacts or the channels table.
    expect(log.filter((q) => /^SELECT/.test(q) && !/UNION ALL|FROM channels|FOR UPDATE/.test(q) && /FROM [`"]?(messages|contacts|channels)[`"]? /.test(q))).toEqual([]);
  });

  it('relays an inbound text\'s messages to the conversation\'s assignee without asking the database who that is', async () => {
    const log = await statementsDuring(hx, async () => { await newCustomer().text('人工'); });
    expect(log.filter((q) => /Conversation_assignee_id/.test(q))).toEqual([]);
  });

  it('hands a conversation to round-robin without reading the ruleset when no agent is online', async () => {
    const log = await statementsDuring(hx, async () => { await newCustomer().text('人工'); });
    // The pipeline reads the ruleset's version inside its own first statement; nothing reads it again afterwards.
    expect(log.filter((q) => /SettingRow/.test(q))).toEqual([]);
  });
});

describe('a bot reply handed to the sender at commit', () => {
  let live: TestHuixin;
  // The sender runs (as in production), polling too rarely to find anything during a test.
  beforeAll(async () => { live = await startTestHuixin({ OUTBOX_POLL_MS: '600000' }); });
  afterAll(() => live.close());

  const delivered = async (customer: Customer) => {
    for (let i = 0; i < 200 && (await customer.lastReply())?.status !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 10));
    return customer.lastReply();
  };

  it('is sent without being claimed: no claim reads it, nothing reads its contact again, one attempt', async () => {
    const customer = new Customer(live, '+8613600988001');
    // Waited for by its event, so that the test's own reads are not among the statements.
    const sent = new Promise<void>((resolve) => { const off = live.bus.on('message:updated', (m) => { if (m.status === 'delivered') { off(); resolve(); } }); });
    const log = await statementsDuring(live, async () => { await customer.text('人工'); await sent; });

    expect(await customer.lastReply()).toMatchObject({ status: 'delivered', attempts: 1, leaseUntil: null });
    expect(log.filter((q) => /UNION ALL|FOR UPDATE/.test(q))).toEqual([]);
    // The text's own first look (seen_id: its duplicate check and its contact) is the only read of either table.
    expect(log.filter((q) => /^SELECT/.test(q) && /FROM [`"]?(messages|contacts)[`"]? /.test(q) && !/seen_id/.test(q))).toEqual([]);
  });

  it('is joined by an agent\'s reply: sent without being claimed, one attempt', async () => {
    const customer = new Customer(live, '+8613600988003');
    await customer.text('你好');
    const { id: conversationId } = await customer.conversation();
    const token = await live.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
    let replyId = 0;
    const sent = new Promise<void>((resolve) => { const off = live.bus.on('message:updated', (m) => { if (m.id === replyId && m.status === 'delivered') { off(); resolve(); } }); });
    const log = await statementsDuring(live, async () => {
      const res = await request(live.url).post(`/api/conversations/${conversationId}/messages`).set('Authorization', `Bearer ${token}`).send({ body: '您好，我是王芳' }).expect(201);
      expect(res.body).toMatchObject({ origin: 'agent', status: 'sending' });
      replyId = res.body.id as number;
      await sent;
    });

    expect(await customer.lastReply()).toMatchObject({ id: replyId, origin: 'agent', status: 'delivered', attempts: 1, leaseUntil: null });
    expect(log.filter((q) => /UNION ALL|FOR UPDATE SKIP LOCKED/.test(q))).toEqual([]);
  });

  it('is given back to the outbox, unsent, when the sender stopped before the text\'s transaction committed', async () => {
    const customer = new Customer(live, '+8613600988002');
    await customer.text('人工');
    const reply = (await delivered(customer))!;
    // As the inbound pipeline leaves a reply for the sender (queue-outbound.ts), taken after the sender began to stop.
    const lease = live.sender.leaseFor(live.clock.now())!;
    await live.ds.manager.update(Message, { id: reply.id }, { status: 'sending', leaseUntil: lease, nextAttemptAt: lease, attempts: 1 });
    const row = await live.ds.manager.findOneByOrFail(Message, { id: reply.id });
    await live.sender.stop();
    expect(live.sender.leaseFor(live.clock.now())).toBeNull();
    live.sender.take([{ row, contact: await live.ds.manager.findOneByOrFail(Contact, { phone: customer.phone }), recovering: false }]);
    await live.sender.settled();

    expect(await live.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'queued', leaseUntil: null, attempts: 0 });
  });
});
