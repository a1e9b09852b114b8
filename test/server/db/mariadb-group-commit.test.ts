import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { In } from 'typeorm';
import { Appointment, Contact, Conversation, Message } from '../../../server/db/entities';
import { GROUPS_AT_ONCE, inTransactionTogether, membersWaiting } from '../../../server/db/group-commit';
import { asOneGroup } from '../../support/commit-groups';
import { Customer } from '../../support/customer';
import { roundTripsDuring } from '../../support/round-trips';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { local, offeredOneSlot, oneChairService } from '../appointments/support';
import { metric, scrape } from '../../support/metrics-text';

// MariaDB only: SQLite's transactions already commit together, one at a time (db/transaction.ts).
const onMariaDb = process.env.DATABASE_URL ? describe : describe.skip;

const METRICS_TOKEN = 'group-commit-metrics-token';


/** The contacts each round trip inserted (rows of its `INSERT INTO contacts` statements), for those that did. */
const contactRows = (trips: string[]) => trips.map((trip) => trip.split(/; (?=[A-Z(])/)
  .filter((sql) => sql.startsWith('INSERT INTO `contacts`'))
  .reduce((rows, sql) => rows + sql.split('), (').length, 0)).filter((rows) => rows > 0);

onMariaDb('texts committed together (MariaDB group commit)', () => {
  let hx: TestHuixin;
  // A short bound on waiting for the database, which a text waiting for its group keeps too.
  beforeAll(async () => { hx = await startTestHuixin({ DB_TIMEOUT_MS: '1500', METRICS_TOKEN }, { startSender: false }); });
  afterAll(() => hx.close());

  const webhook = (from: string, text: string) =>
    request(hx.url).post('/webhooks/generic').send({ id: randomUUID(), from, to: 'huixin', text });

  /** Sends `texts` as one group (commit-groups.ts asOneGroup): what a burst of replies does on its own. */
  const textsAsOneGroup = (texts: Array<[from: string, text: string]>): Promise<request.Response[]> =>
    asOneGroup(hx.ds, texts.length, () => Promise.all(texts.map(([from, text]) => webhook(from, text).then((res) => res))));

  it('stores, decides and queues the reply of every text, sending each step of all of them in one round trip', async () => {
    const phones = Array.from({ length: 12 }, (_, i) => `+86139101${String(i).padStart(5, '0')}`);
    let answers: request.Response[] = [];
    const trips = await roundTripsDuring(hx.ds, async () => { answers = await textsAsOneGroup(phones.map((p) => [p, '你好'])); });

    expect(answers.map((a) => a.status)).toEqual(phones.map(() => 200));
    expect(contactRows(trips)).toEqual([12]);       // the twelve new contacts in one round trip (and one INSERT), not twelve
    expect(trips.length).toBeLessThan(40);          // alone, each text takes ~10 round trips
    for (const phone of phones) {
      const customer = new Customer(hx, phone);
      const [inbound] = await hx.ds.manager.find(Message, { where: { contactId: (await customer.contact()).id, direction: 'in' } });
      expect(inbound).toMatchObject({ body: '你好', decision: expect.objectContaining({ action: expect.any(String) }) });
      expect((await customer.replies()).map((m) => m.status)).toEqual(['queued']);
    }
  });

  it('runs each text alone again when one of the group fails, so the failing one is kept for a person and none is stored twice', async () => {
    // A genuine bug the validator lets through (resilience/pipeline-fault.test.ts): rendering its reply throws.
    const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
    await request(hx.url).post('/api/rules').set('Authorization', `Bearer ${admin}`).send({
      name: 'my visit', match: { kind: 'exact', patterns: ['my visit?'] }, action: 'faq', reply: 'Your visit: {{appointment.when}}',
    }).expect(201);
    const phones = ['+8613910200001', '+8613910200002', '+8613910200003', '+8613910200004'];
    const answers = await textsAsOneGroup(phones.map((p, i) => [p, i === 1 ? 'my visit?' : '你好']));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const contacts = await hx.ds.manager.findBy(Contact, { phone: In(phones) });
    expect(contacts).toHaveLength(4);
    const inbound = await hx.ds.manager.find(Message, { where: { contactId: In(contacts.map((c) => c.id)), direction: 'in' } });
    expect(inbound).toHaveLength(4);
    const failed = inbound.find((m) => m.body === 'my visit?')!;
    expect(failed).toMatchObject({ errorCode: 'pipeline_error', status: 'received' });
    expect(await new Customer(hx, phones[1]!).conversation()).toMatchObject({ handledBy: 'human', handoffReason: 'error' });
    expect(await new Customer(hx, phones[1]!).replies()).toEqual([]);
    for (const phone of [phones[0]!, phones[2]!, phones[3]!]) expect(await new Customer(hx, phone).replies()).toHaveLength(1);
  });

  it('gives the last chair to one of two customers whose texts share a group: the other is offered other times', async () => {
    const serviceId = await oneChairService(hx);
    const lastSlot = local('2026-11-27 10:00');
    const customers = [new Customer(hx, '+8613910300001'), new Customer(hx, '+8613910300002')];
    const ids = await offeredOneSlot(hx, serviceId, customers, lastSlot);

    await textsAsOneGroup(customers.map((c) => [c.phone, 'A']));

    const moved = await Promise.all(ids.map(async (id) => (await hx.ds.manager.findOneByOrFail(Appointment, { id })).startsAt.getTime() === lastSlot.getTime()));
    expect(moved.filter(Boolean)).toHaveLength(1);
    const answers = await Promise.all(customers.map(async (c) => (await c.lastReply())?.templateKey));
    expect(answers.sort()).toEqual(['appointment_rescheduled', 'reschedule_offer']);
  });

  it('never puts two texts from one number in one group: the later waits for the next, and nothing is done twice', async () => {
    const phone = '+8613910400001';
    let answers: request.Response[] = [];
    const trips = await roundTripsDuring(hx.ds, async () => {
      answers = await textsAsOneGroup([[phone, '第一条'], [phone, '第二条'], ['+8613910400002', '你好']]);
    });
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const customer = new Customer(hx, phone);
    const inbound = await hx.ds.manager.find(Message, { where: { contactId: (await customer.contact()).id, direction: 'in' } });
    expect(inbound.map((m) => m.body).sort()).toEqual(['第一条', '第二条']);
    expect(await hx.ds.manager.countBy(Conversation, { contactId: (await customer.contact()).id })).toBe(1);
    // Two new numbers, two contacts inserted: in one group the two texts from one number would both insert its
    // contact, the group would fail on the duplicate, and all three would be done again alone.
    expect(contactRows(trips).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('answers 503 to a text that waits for its group longer than the database bound, storing nothing, as a pool wait would', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const blockers = Array.from({ length: GROUPS_AT_ONCE }, (_, i) => inTransactionTogether(hx.ds, `slow-${i}`, () => gate));
    const phone = '+8613910500001';
    try {
      const res = await webhook(phone, '你好');
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('database_unavailable');
      expect(res.headers['retry-after']).toBeDefined();
      expect(membersWaiting(hx.ds)).toBe(0);
    } finally {
      release();
      await Promise.all(blockers);
    }
    expect(await hx.ds.manager.countBy(Contact, { phone })).toBe(0);
    // The provider's retry, once the database keeps up again, is stored as usual.
    expect((await webhook(phone, '你好')).status).toBe(200);
    expect(await hx.ds.manager.countBy(Contact, { phone })).toBe(1);
  });

  it('answers every text of a group 503 at once when the database does not answer, instead of waiting as long again for each alone', async () => {
    const phones = ['+8613910600001', '+8613910600002', '+8613910600003'];
    // Another session holds the messages table: every statement of the group that reads or writes it waits until the
    // bound (DB_TIMEOUT_MS), as on a database that hangs. Taken once the texts wait for their group.
    const locker = hx.ds.createQueryRunner();
    await locker.connect();
    let elapsedMs = 0;
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => { release = resolve; });
      const blockers = Array.from({ length: GROUPS_AT_ONCE }, (_, i) => inTransactionTogether(hx.ds, `hang-${i}`, () => gate));
      await eventually(() => membersWaiting(hx.ds) === 0);
      const answers = Promise.all(phones.map((phone) => webhook(phone, '你好')));
      await eventually(() => membersWaiting(hx.ds) === phones.length);
      await locker.query('LOCK TABLES `messages` WRITE');
      const started = Date.now();
      release();
      await Promise.all(blockers);
      const responses = await answers;
      elapsedMs = Date.now() - started;
      expect(responses.map((r) => r.status)).toEqual([503, 503, 503]);
      expect(responses[0]!.body.error.code).toBe('database_unavailable');
    } finally {
      await locker.query('UNLOCK TABLES').catch(() => undefined);
      await locker.release();
    }
    // One bound (1,500 ms) and the answer, not a second bound for each text run again alone.
    expect(elapsedMs).toBeLessThan(2 * 1500);
    expect(await hx.ds.manager.countBy(Contact, { phone: In(phones) })).toBe(0);
    // The provider's retries are stored, each once.
    for (const phone of phones) expect((await webhook(phone, '你好')).status).toBe(200);
    expect(await hx.ds.manager.countBy(Contact, { phone: In(phones) })).toBe(3);
  });

  it('tells /metrics what the groups above did: committed as one, rerun alone, answered 503 when the database hung, texts timed out, sizes', async () => {
    const text = await scrape(hx.url, METRICS_TOKEN);
    // Committed: the twelve, and the two numbers (the same number's second text alone after). Rerun: the group with
    // the failing text, and the two customers' choice of the last chair (the second found it gone: stale facts).
    expect(metric(text, 'huixin_db_commit_groups_total', { outcome: 'committed' })).toBe(2);
    expect(metric(text, 'huixin_db_commit_groups_total', { outcome: 'rerun' })).toBe(2);
    expect(metric(text, 'huixin_db_commit_groups_total', { outcome: 'unavailable' })).toBe(1);
    expect(metric(text, 'huixin_db_commit_group_timeouts_total')).toBe(1);
    expect(metric(text, 'huixin_db_commit_group_size_bucket', { le: '8' })).toBeLessThan(metric(text, 'huixin_db_commit_group_size_count')!);
    expect(metric(text, 'huixin_db_commit_group_waiting')).toBe(0);
  });
});
