import request from 'supertest';
import { RulesetCache } from '../../../server/admin/ruleset-cache';
import { AppointmentWorker } from '../../../server/appointments/appointment-workers';
import type { Huixin } from '../../../server/huixin';
import type { Clock } from '../../../server/shared/clock';
import { In, IsNull, LessThanOrEqual, Or } from 'typeorm';
import { Appointment, Conversation, Location, Message, ScheduledJob, Service } from '../../../server/db/entities';
import { newFeedToken } from '../../../server/appointments/feed-token';
import { zonedTime } from '../../../server/appointments/zoned-time';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

export const TZ = 'Asia/Shanghai';

/** An instant given as Shanghai wall-clock time: local('2026-12-02 10:00'). */
export function local(text: string): Date {
  const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text)!.map(Number);
  return zonedTime(y, mo, d, h, mi, TZ);
}

/** "2026-12-02 10:00" for an instant, read in Shanghai. */
export function showLocal(date: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date);
}

export async function adminToken(hx: TestHuixin): Promise<string> {
  return hx.loginAs(ADMIN.email, ADMIN.password);
}

export async function serviceNamed(hx: TestHuixin, name: string): Promise<Service> {
  return hx.ds.manager.findOneByOrFail(Service, { name });
}

/** A fresh session: tests move the injected clock by weeks, past a session's lifetime. */
export async function bearer(hx: TestHuixin): Promise<string> {
  return `Bearer ${await adminToken(hx)}`;
}

/** Books through the API as an agent would; returns the appointment's JSON. */
export async function book(hx: TestHuixin, body: { contactPhone: string; serviceId: number; startsAt: Date }) {
  const res = await request(hx.url).post('/api/appointments').set('Authorization', await bearer(hx))
    .send({ ...body, startsAt: body.startsAt.toISOString() }).expect(201);
  return res.body as { id: number; contactId: number; startsAt: string; endsAt: string; status: string };
}

export const appointment = (hx: TestHuixin, id: number) => hx.ds.manager.findOneByOrFail(Appointment, { id });

/** Waits until a message from this template has been queued for the customer; returns all of them. */
export async function waitForTemplate(customer: Customer, template: string, count = 1): Promise<Message[]> {
  return eventually(async () => {
    const found = (await customer.replies()).filter((m) => m.templateKey === template);
    return found.length >= count ? found : null;
  });
}

export const jobsOf = (hx: TestHuixin, appointmentId: number, kind = 'appointment_reminder') =>
  hx.ds.manager.createQueryBuilder(ScheduledJob, 'j').where('j.kind = :kind AND j.unique_key LIKE :key', { kind, key: `${kind}:${appointmentId}:%` })
    .orderBy('j.due_at', 'ASC').getMany();

/** A bare reminder worker on a server's database connection, for driving claims in parallel by hand. */
export function extraWorker(server: Pick<Huixin, 'ds' | 'bus' | 'log' | 'channels'>, clock: Clock): AppointmentWorker {
  return new AppointmentWorker({ ds: server.ds, bus: server.bus, log: server.log, clock, rulesets: new RulesetCache(server.ds), channels: server.channels });
}

/**
 * A suite's own server with the demo clinic, and new customers with numbers of the suite's own. Call at the top of a
 * test file; the fields are filled in by the time the tests run.
 */
export function demoClinic(phonePrefix: string) {
  const clinic = {
    hx: null as unknown as TestHuixin,
    cleaningId: 0,
    customers: 0,
    newCustomer: () => new Customer(clinic.hx, `${phonePrefix}${String(++clinic.customers).padStart(5, '0')}`),
  };
  beforeAll(async () => {
    clinic.hx = await startTestHuixin();
    clinic.cleaningId = (await serviceNamed(clinic.hx, '洗牙')).id;
  });
  afterAll(() => closeQuietly(clinic.hx));
  return clinic;
}

/**
 * Waits until the outbox has delivered everything and the socket broadcasts that follow have run. The inbox gateway
 * publishes asynchronously (it reads the conversation first), and a broadcast landing after stop() closed the Redis
 * client is an unhandled rejection that fails the suite (reported to the inbox owner; remove once the gateway waits
 * for its in-flight broadcasts on stop).
 */
export async function settle(server: Pick<Huixin, 'ds'>, now?: Date): Promise<void> {
  // With `now` (the test server's fixed clock), a reply waiting for a retry later than that is not waited for: under
  // that clock it never comes due.
  const due = now
    ? [{ direction: 'out' as const, status: 'sending' as const }, { direction: 'out' as const, status: 'queued' as const, nextAttemptAt: Or(IsNull(), LessThanOrEqual(now)) }]
    : { direction: 'out' as const, status: In(['queued', 'sending']) };
  await eventually(async () => (await server.ds.manager.countBy(Message, due)) === 0, 10_000);
  await new Promise((r) => setTimeout(r, 250));
}

export async function closeQuietly(hx: TestHuixin): Promise<void> {
  await settle(hx, hx.clock.now());
  await hx.close();
}

/**
 * A customer with a reminder to answer. Each test lives in a week of its own (the clock only moves forward): booked
 * on Monday 11:00 for Wednesday 10:00, the 24-hour reminder goes out on Tuesday 10:00.
 */
export async function remindedCustomer(clinic: ReturnType<typeof demoClinic>, monday: string): Promise<{ customer: Customer; id: number }> {
  const { hx } = clinic;
  hx.clock.set(local(`${monday} 11:00`));
  const customer = clinic.newCustomer();
  const wednesday = new Date(local(`${monday} 10:00`).getTime() + 2 * 86_400_000);
  const { id } = await book(hx, { contactPhone: customer.phone, serviceId: clinic.cleaningId, startsAt: wednesday });
  hx.clock.set(new Date(wednesday.getTime() - 86_400_000));
  await waitForTemplate(customer, 'appointment_reminder');
  return { customer, id };
}

/** A room with one chair and an hour-long service in it: every slot is somebody's last slot. Answers the service's id. */
export async function oneChairService(hx: TestHuixin): Promise<number> {
  const weekday: Array<[string, string]> = [['09:00', '18:00']];
  const room = await hx.ds.manager.save(hx.ds.manager.create(Location, {
    name: '单人诊室', timezone: TZ, weeklyHours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
    closedDates: [], slotMinutes: 30, capacity: 1, bookingSeq: 0, feedToken: newFeedToken(),
  }));
  return (await hx.ds.manager.save(hx.ds.manager.create(Service, { name: '拔牙', durationMin: 60, locationId: room.id, active: true }))).id;
}

/**
 * Books each customer a visit (on 30 Nov, an hour apart) and leaves every one of them offered the same slot A, as
 * reschedule offers sent a minute apart would. Answers the appointments' ids.
 */
export async function offeredOneSlot(hx: TestHuixin, serviceId: number, customers: Customer[], slotA: Date): Promise<number[]> {
  const auth = await bearer(hx);
  const ids: number[] = [];
  for (const [i, c] of customers.entries()) {
    const res = await request(hx.url).post('/api/appointments').set('Authorization', auth)
      .send({ contactPhone: c.phone, serviceId, startsAt: local(`2026-11-30 ${10 + 4 * i}:00`).toISOString() }).expect(201);
    ids.push(res.body.id);
    await hx.ds.manager.update(Conversation, { contactId: res.body.contactId }, {
      awaiting: { menu: 'reschedule_offer', options: ['A', 'B', 'C', '0'], expiresAt: '2026-11-25T00:00:00.000Z' },
      awaitingContext: { appointmentId: res.body.id, slots: { A: slotA.toISOString() } },
    });
  }
  return ids;
}
