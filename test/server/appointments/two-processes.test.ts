import request from 'supertest';
import { In, Like, type DataSource } from 'typeorm';
import { createDataSource } from '../../../server/db/data-source';
import { Appointment, Contact, Message, ScheduledJob, Service } from '../../../server/db/entities';
import { ChildServer, freePort } from '../../support/child-server';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { ADMIN, eventually } from '../../support/test-server';

/** A fixed-offset zone where it is about noon right now, so no real-clock run ever lands in quiet hours. */
function middayZone(now = new Date()): string {
  let k = (12 - now.getUTCHours() + 24) % 24;
  if (k > 12) k -= 24;
  return k === 0 ? 'UTC' : k > 0 ? `Etc/GMT-${k}` : `Etc/GMT+${-k}`;
}

let db: TestDatabase;
let servers: ChildServer[] = [];
let ds: DataSource;
beforeAll(async () => {
  db = await createTestDatabase();
  const env = {
    ...db.env, LOG_LEVEL: 'silent', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, OUTBOX_POLL_MS: '20',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  };
  // One after the other: the first runs the migrations and the seed.
  for (let i = 0; i < 2; i++) {
    const server = new ChildServer(env, await freePort());
    servers.push(server);
    await server.start();
  }
  ds = createDataSource({ databaseUrl: db.env.DATABASE_URL, dataDir: db.env.DATA_DIR });
  await ds.initialize();
}, 60_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await ds?.destroy();
  await db.drop();
});

it('two server processes on one database send each due reminder exactly once', async () => {
  const [a, b] = servers;
  const login = await request(a.url).post('/api/auth/login').send({ email: ADMIN.email, password: ADMIN.password }).expect(200);
  const auth = `Bearer ${login.body.token}`;
  const service = await ds.manager.findOneByOrFail(Service, { name: '洗牙' });
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString();
  const free = await request(a.url).get(`/api/availability?serviceId=${service.id}&from=${from}&limit=6`).set('Authorization', auth).expect(200);
  const phones = free.body.items.map((_: unknown, i: number) => `+8613700900${String(i).padStart(3, '0')}`);
  for (const [i, slot] of (free.body.items as Array<{ startsAt: string }>).entries()) {
    await request(i % 2 ? b.url : a.url).post('/api/appointments').set('Authorization', auth)
      .send({ contactPhone: phones[i], serviceId: service.id, startsAt: slot.startsAt }).expect(201);
  }
  const contacts = await ds.manager.findBy(Contact, { phone: In(phones) });
  await ds.manager.update(Contact, { id: In(contacts.map((c) => c.id)) }, { timezone: middayZone() });

  // Make their 24-hour reminders due now: both processes' workers poll for them.
  const appointmentIds = (await ds.manager.findBy(Appointment, { contactId: In(contacts.map((c) => c.id)) })).map((a) => a.id);
  const ids = (await ds.manager.findBy(ScheduledJob, { uniqueKey: Like('appointment_reminder:%:1440'), status: 'pending' }))
    .filter((j) => appointmentIds.includes(j.payload.appointmentId as number)).map((j) => j.id);
  expect(ids).toHaveLength(phones.length);
  await ds.manager.update(ScheduledJob, { id: In(ids) }, { dueAt: new Date(Date.now() - 1000) });
  await eventually(async () => (await ds.manager.countBy(ScheduledJob, { id: In(ids), status: 'done' })) === ids.length, 20_000);

  for (const contact of contacts) {
    expect(await ds.manager.countBy(Message, { contactId: contact.id, templateKey: 'appointment_reminder' })).toBe(1);
  }
}, 60_000);
