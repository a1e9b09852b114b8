import request from 'supertest';
import { Contact, Location, StaffMember } from '../../../server/db/entities';
import { type TestHuixin } from '../../support/test-server';
import { bearer, closeQuietly, local, serviceNamed, showLocal } from './support';
import { startTestHuixin } from '../../support/test-server';

// The calendar's API: filtered lists with names, free capacity per slot, booking a known contact by id.
let hx: TestHuixin;
let auth: string;
let cleaningId: number;
let clinic: Location;
let drLi: StaffMember;
beforeAll(async () => {
  hx = await startTestHuixin();
  auth = await bearer(hx);
  cleaningId = (await serviceNamed(hx, '洗牙')).id;
  clinic = await hx.ds.manager.findOneByOrFail(Location, { name: '示例口腔诊所' });
  drLi = await hx.ds.manager.findOneByOrFail(StaffMember, { name: '李医生' });
});
afterAll(() => closeQuietly(hx));

const get = (path: string) => request(hx.url).get(`/api${path}`).set('Authorization', auth);
const post = (path: string, body: object) => request(hx.url).post(`/api${path}`).set('Authorization', auth).send(body);
let n = 0;
const newPhone = () => `+86137008${String(++n).padStart(5, '0')}`;
const book = (body: object, at: string) => post('/appointments', { serviceId: cleaningId, source: 'agent', ...body, startsAt: local(at).toISOString() });
const range = (from: string, to: string) => `from=${local(from).toISOString()}&to=${local(to).toISOString()}`;

interface Item { id: number; status: string; contact: { id: number; name: string | null; phone: string }; serviceName: string; staffName: string | null }

describe('booking a known contact by id', () => {
  it('books the contact the calendar picked, without making another', async () => {
    const zhang = await hx.ds.manager.findOneByOrFail(Contact, { name: '张伟' });
    const contacts = await hx.ds.manager.count(Contact);
    const res = await book({ contactId: zhang.id }, '2026-11-30 09:00').expect(201);
    expect(res.body).toMatchObject({ contactId: zhang.id, status: 'booked', source: 'agent' });
    expect(await hx.ds.manager.count(Contact)).toBe(contacts);
  });

  it('names the field when the contact is unknown or missing', async () => {
    expect((await book({ contactId: 99999 }, '2026-11-30 09:30').expect(400)).body.error.field).toBe('contactId');
    expect((await book({}, '2026-11-30 09:30').expect(400)).body.error.field).toBe('contactPhone');
  });
});

describe('who and where gives a service', () => {
  it('refuses a staff member or a location the service is not offered by, naming the field; an empty list means everyone', async () => {
    const other = (await post('/staff', { name: '王护士', locationId: clinic.id }).expect(201)).body as { id: number };
    const annex = (await post('/locations', { name: '分店', address: '', capacity: 1, weeklyHours: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [], fri: [], sat: [], sun: [] }, closedDates: [] }).expect(201)).body;
    await request(hx.url).patch(`/api/services/${cleaningId}`).set('Authorization', auth).send({ staffIds: [drLi.id], locationIds: [clinic.id] }).expect(200);
    try {
      const byOther = await book({ contactPhone: newPhone(), staffId: other.id }, '2026-12-08 14:00').expect(409);
      expect(byOther.body.error).toMatchObject({ code: 'not_offered', field: 'staffId' });
      const atAnnex = await book({ contactPhone: newPhone(), locationId: annex.id }, '2026-12-08 14:00').expect(409);
      expect(atAnnex.body.error).toMatchObject({ code: 'not_offered', field: 'locationId' });
      await book({ contactPhone: newPhone(), staffId: drLi.id }, '2026-12-08 14:00').expect(201);
    } finally {
      await request(hx.url).patch(`/api/services/${cleaningId}`).set('Authorization', auth).send({ staffIds: [], locationIds: [] }).expect(200);
    }
    await book({ contactPhone: newPhone(), staffId: other.id }, '2026-12-08 15:00').expect(201);
  });
});

describe('moving a visit with a staff member', () => {
  it('offers only times within that staff member\'s own hours, which the move would require anyway', async () => {
    const monWed = { mon: [['09:00', '12:00']], tue: [], wed: [['09:00', '12:00']], thu: [], fri: [], sat: [], sun: [] };
    const drZhao = (await post('/staff', { name: '赵医生', locationId: clinic.id, weeklyHours: monWed }).expect(201)).body as { id: number };
    const { id } = (await book({ contactPhone: newPhone(), staffId: drZhao.id }, '2026-12-14 09:00').expect(201)).body;
    const options = (await get(`/appointments/${id}/reschedule-options?limit=6`).expect(200)).body.items as { startsAt: string }[];
    expect(options).toHaveLength(6);
    const when = options.map((o) => {
      const [date, time] = showLocal(new Date(o.startsAt)).split(' ');
      return `${['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(`${date}T00:00:00Z`).getUTCDay()]} ${time < '12:00' ? 'am' : 'pm'}`;
    });
    expect(when.filter((w) => w !== 'mon am' && w !== 'wed am')).toEqual([]);
    // And each one can really be taken.
    await post(`/appointments/${id}/reschedule`, { startsAt: options[0].startsAt }).expect(200);
  });
});

describe('the calendar list', () => {
  it('filters by staff, status and location and carries the contact, service and staff names', async () => {
    const phone = newPhone();
    const withLi = await book({ contactPhone: phone, staffId: drLi.id }, '2026-12-01 10:00').expect(201);
    await book({ contactPhone: newPhone() }, '2026-12-01 10:00').expect(201);
    const week = range('2026-11-30 00:00', '2026-12-07 00:00');

    const byStaff = (await get(`/appointments?${week}&staffId=${drLi.id}`).expect(200)).body.items as Item[];
    expect(byStaff.map((a) => a.id)).toEqual([withLi.body.id]);
    expect(byStaff[0]).toMatchObject({ contact: { id: withLi.body.contactId, name: null, phone }, serviceName: '洗牙', staffName: '李医生' });

    await post(`/appointments/${withLi.body.id}/confirm`, {}).expect(200);
    const confirmed = (await get(`/appointments?${week}&status=confirmed`).expect(200)).body.items as Item[];
    expect(confirmed.map((a) => a.id)).toEqual([withLi.body.id]);

    const atClinic = (await get(`/appointments?${week}&locationId=${clinic.id}`).expect(200)).body;
    expect(atClinic.items).toHaveLength(3);
    expect(atClinic.truncated).toBe(false);
    const elsewhere = await hx.ds.manager.save(hx.ds.manager.create(Location, { ...clinic, id: undefined, name: '分店', feedToken: 'x'.repeat(32) }));
    expect((await get(`/appointments?${week}&locationId=${elsewhere.id}`).expect(200)).body.items).toEqual([]);
  });

  it('refuses a status it does not know, naming it', async () => {
    expect((await get('/appointments?status=lost').expect(400)).body.error.field).toBe('status');
    expect((await get('/appointments?staffId=abc').expect(400)).body.error.field).toBe('staffId');
  });
});

describe('free capacity', () => {
  const capacity = (q: string) => get(`/calendar/capacity?locationId=${clinic.id}&${q}`);
  interface Capacity { now: string; days: Array<{ date: string; closed: boolean; periods: Array<{ startsAt: string; endsAt: string }> }>; slots: Array<{ startsAt: string; free: number }> }
  const freeAt = (c: Capacity, at: string) => c.slots.find((s) => s.startsAt === local(at).toISOString())?.free;

  it('gives each day its open periods as instants, none on a holiday or a day off', async () => {
    await hx.ds.manager.update(Location, { id: clinic.id }, { closedDates: ['2026-12-08'] });
    const c = (await capacity(range('2026-12-07 00:00', '2026-12-14 00:00')).expect(200)).body as Capacity;
    expect(c.days.map((d) => d.date)).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    expect(c.days[0].periods.map((p) => [showLocal(new Date(p.startsAt)), showLocal(new Date(p.endsAt))]))
      .toEqual([['2026-12-07 09:00', '2026-12-07 12:00'], ['2026-12-07 13:00', '2026-12-07 18:00']]);
    expect(c.days[1]).toEqual({ date: '2026-12-08', closed: true, periods: [] });
    expect(c.days[6]).toMatchObject({ date: '2026-12-13', closed: false, periods: [] });
    expect(c.slots.some((s) => showLocal(new Date(s.startsAt)).startsWith('2026-12-08'))).toBe(false);
    expect(freeAt(c, '2026-12-07 09:00')).toBe(2);
    // The server's clock, for a browser whose own clock is off to know which slots are past.
    expect(c.now).toBe(hx.clock.now().toISOString());
    // The holiday refuses bookings too.
    expect((await book({ contactPhone: newPhone() }, '2026-12-08 10:00').expect(409)).body.error.code).toBe('slot_unavailable');
  });

  it('shows a full slot as 0 and the API refuses to overbook it', async () => {
    const week = range('2026-12-07 00:00', '2026-12-08 00:00');
    await book({ contactPhone: newPhone() }, '2026-12-07 10:00').expect(201);
    expect(freeAt((await capacity(week).expect(200)).body, '2026-12-07 10:00')).toBe(1);
    await book({ contactPhone: newPhone() }, '2026-12-07 10:00').expect(201);
    const full = (await capacity(`${week}&serviceId=${cleaningId}`).expect(200)).body as Capacity;
    expect(freeAt(full, '2026-12-07 10:00')).toBe(0);
    expect(freeAt(full, '2026-12-07 10:30')).toBe(2);
    expect((await book({ contactPhone: newPhone() }, '2026-12-07 10:00').expect(409)).body.error.code).toBe('slot_unavailable');
  });

  it('counts a staff member busy when they have a booking, even with chairs free', async () => {
    await book({ contactPhone: newPhone(), staffId: drLi.id }, '2026-12-07 11:00').expect(201);
    const week = range('2026-12-07 00:00', '2026-12-08 00:00');
    expect(freeAt((await capacity(week).expect(200)).body, '2026-12-07 11:00')).toBe(1);
    expect(freeAt((await capacity(`${week}&staffId=${drLi.id}`).expect(200)).body, '2026-12-07 11:00')).toBe(0);
  });

  it('answers bad ranges with the field at fault', async () => {
    expect((await capacity('from=yesterday&to=2026-12-08T00:00:00Z').expect(400)).body.error.field).toBe('from');
    expect((await capacity(range('2026-12-08 00:00', '2026-12-07 00:00')).expect(400)).body.error.field).toBe('to');
    expect((await capacity(range('2026-12-01 00:00', '2027-03-01 00:00')).expect(400)).body.error.field).toBe('to');
    expect((await get(`/calendar/capacity?locationId=99999&${range('2026-12-07 00:00', '2026-12-08 00:00')}`).expect(404)).body.error.field).toBe('locationId');
    await request(hx.url).get(`/api/calendar/capacity?${range('2026-12-07 00:00', '2026-12-08 00:00')}`).expect(401);
  });
});
