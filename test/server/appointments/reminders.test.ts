import { Like } from 'typeorm';
import { Message, ScheduledJob } from '../../../server/db/entities';
import { inTransaction } from '../../../server/db/transaction';
import type { Huixin } from '../../../server/huixin';
import { Customer } from '../../support/customer';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { startAnotherNode } from '../../support/test-server';
import { statementsDuring } from '../../support/statements-during';
import { book, demoClinic, extraWorker, jobsOf, local, serviceNamed, settle, showLocal, waitForTemplate } from './support';

const clinic = demoClinic('+86137005');
let hx: TestHuixin;
let cleaningId: number;
beforeAll(() => ({ hx, cleaningId } = clinic));
const newCustomer = () => clinic.newCustomer();
const remindersTo = async (customer: Customer) => (await customer.replies()).filter((m) => m.templateKey === 'appointment_reminder');

describe('quiet hours (21:00–08:00 local)', () => {
  it('moves a reminder due at night to the evening before', async () => {
    hx.clock.set(local('2026-11-30 11:00'));
    const { id } = await book(hx, { contactPhone: newCustomer().phone, serviceId: cleaningId, startsAt: local('2026-12-02 09:00') });
    // 24 h before is 09:00, fine; 2 h before would be 07:00, so it goes at 20:30 the evening before instead.
    expect((await jobsOf(hx, id)).map((j) => showLocal(j.dueAt))).toEqual(['2026-12-01 09:00', '2026-12-01 20:30']);
  });

  it('a worker that was down until the night waits for the morning instead of waking the customer', async () => {
    hx.clock.set(local('2026-12-07 11:00'));
    const customer = newCustomer();
    const { id } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2026-12-10 15:00') });
    hx.clock.set(local('2026-12-09 23:00'));   // the 24 h reminder was due at 15:00
    const deferred = await eventually(async () => (await jobsOf(hx, id)).find((j) => j.uniqueKey.endsWith(':1440') && j.attempts > 0 && j.status === 'pending'));
    expect(showLocal(deferred.dueAt)).toBe('2026-12-10 08:00');
    expect(await remindersTo(customer)).toHaveLength(0);

    hx.clock.set(local('2026-12-10 08:00'));
    await waitForTemplate(customer, 'appointment_reminder');
  });
});

describe('reminders are sent exactly once', () => {
  it('with several workers (and on MariaDB a second server process) claiming the same jobs', async () => {
    hx.clock.set(local('2026-12-14 11:00'));
    // Two better-sqlite3 connections in one process would block each other's event loop: on SQLite the second
    // process is exercised by two-processes.test.ts, here the extra workers share the first server's connection.
    const second = hx.db.dialect === 'mysql' ? await startAnotherNode(hx) : null;
    try {
      const customers = Array.from({ length: 8 }, () => newCustomer());
      const times = ['09:00', '09:30', '10:00', '10:30'];
      for (const [i, c] of customers.entries()) {
        await book(hx, { contactPhone: c.phone, serviceId: cleaningId, startsAt: local(`2026-12-16 ${times[i % times.length]}`) });
      }
      hx.clock.set(local('2026-12-15 11:00'));   // every 24 h reminder is due
      const workers = [extraWorker(hx, hx.clock), extraWorker(second ?? hx, hx.clock)];
      await Promise.all([...workers, ...workers].map((w) => w.runDue()));
      for (const c of customers) await waitForTemplate(c, 'appointment_reminder');
      await Promise.all(workers.map((w) => w.runDue()));
      for (const c of customers) expect(await remindersTo(c)).toHaveLength(1);
    } finally {
      if (second) await settle(second);
      await second?.stop();
    }
  });
});

describe('reminders survive restarts', () => {
  it('are sent once across three restarts, even after a worker died holding the job', async () => {
    const first = await startTestHuixin();
    const customer = new Customer(first, '+8613700600001');
    const servers: Huixin[] = [first];
    try {
      first.clock.set(local('2026-12-21 11:00'));
      const { id } = await book(first, { contactPhone: customer.phone, serviceId: (await serviceNamed(first, '洗牙')).id, startsAt: local('2026-12-23 16:00') });
      // A worker claimed the reminder and died before committing: its lease runs out at 15:59 the day before.
      const [reminder] = await jobsOf(first, id);
      // Through inTransaction, which retries a deadlock: the server's own job worker polls these rows meanwhile, and on
      // MariaDB this write once deadlocked with it in CI.
      await inTransaction(first.ds, (em) => em.update(ScheduledJob, { id: reminder.id }, { status: 'running', attempts: 1, leaseUntil: local('2026-12-22 15:59') }));
      await settle(first);
      await first.stop();

      first.clock.set(local('2026-12-22 16:00'));
      for (let restart = 0; restart < 3; restart++) {
        const server = await startAnotherNode(first);
        servers.push(server);
        await extraWorker(server, first.clock).runDue();
        const reminders = await eventually(async () => {
          const found = await server.ds.manager.findBy(Message, { templateKey: 'appointment_reminder', body: Like('%12月23日(周三) 16:00%') });
          return found.length ? found : null;
        });
        expect(reminders).toHaveLength(1);
        if (restart === 2) expect(await server.ds.manager.findOneByOrFail(ScheduledJob, { id: reminder.id })).toMatchObject({ status: 'done', attempts: 2 });
        await settle(server);
        await server.stop();
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      await first.db.drop();
    }
  });
});

describe('a morning\'s reminders, sent together', () => {
  it('are counted in the appointments report (and the surveys sent with them in the CSAT report) with a read per batch recorded, not reads per text', async () => {
    const own = await startTestHuixin({}, { startSender: false, startWorkers: false });
    try {
      own.clock.set(local('2026-12-28 11:00'));
      const serviceId = (await serviceNamed(own, '洗牙')).id;
      const customers = Array.from({ length: 8 }, (_, i) => new Customer(own, `+86137007${String(i).padStart(5, '0')}`));
      const times = ['09:00', '09:30', '10:00', '10:30'];
      for (const [i, c] of customers.entries()) await book(own, { contactPhone: c.phone, serviceId, startsAt: local(`2026-12-30 ${times[i % times.length]}`) });
      own.clock.set(local('2026-12-29 11:00'));   // every 24 h reminder is due: queued, not yet sent
      await extraWorker(own, own.clock).runDue();
      const log = await statementsDuring(own, () => own.sender.drain());

      for (const c of customers) expect((await remindersTo(c)).map((m) => m.status)).toEqual(['delivered']);
      // Pairing each text with its reminder (reminder-rollups.ts) read the reminders twice per text, one text after
      // another; the demo clinic's own survey texts, sent in the same drain, were read twice each the same way.
      const reads = log.filter((q) => /FROM appointment_events/.test(q));
      expect(reads.filter((q) => /'reminded'/.test(q)).length).toBeLessThanOrEqual(2);
      expect(reads.filter((q) => /'completed'/.test(q)).length).toBeLessThanOrEqual(2);
      const [counted] = await own.ds.query(`SELECT SUM(n) AS n FROM report_rollups WHERE grain = 'h' AND kind = 'reminder' AND state LIKE 's:%'`) as Array<{ n: number | string }>;
      expect(Number(counted.n)).toBe(customers.length);
    } finally {
      await own.close();
    }
  });
});
