import type { Response } from 'supertest';
import { checkedRequest as request } from '../../support/openapi-check';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { bearer, closeQuietly, local, showLocal } from './support';

let hx: TestHuixin;
let admin: string;
let agent: string;
beforeAll(async () => {
  hx = await startTestHuixin();
  admin = await bearer(hx);
  agent = `Bearer ${await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD)}`;
});
afterAll(() => closeQuietly(hx));

const as = (auth: string) => ({
  get: (path: string) => request(hx.url).get(`/api${path}`).set('Authorization', auth),
  post: (path: string, body: object = {}) => request(hx.url).post(`/api${path}`).set('Authorization', auth).send(body),
  patch: (path: string, body: object = {}) => request(hx.url).patch(`/api${path}`).set('Authorization', auth).send(body),
  delete: (path: string) => request(hx.url).delete(`/api${path}`).set('Authorization', auth),
});
let n = 0;
const newPhone = () => `+86137031${String(++n).padStart(5, '0')}`;

const split: [string, string][] = [['09:00', '12:00'], ['13:30', '18:00']];
const week = { mon: split, tue: split, wed: split, thu: split, fri: split, sat: [], sun: [] };
const startsOf = (res: Response) => res.body.items.map((s: { startsAt: string }) => showLocal(new Date(s.startsAt)));

async function newLocation(body: object = {}) {
  return (await as(admin).post('/locations', { name: '西湖分院', address: '杭州市西湖区文三路 1 号', capacity: 1, weeklyHours: week, closedDates: [], ...body }).expect(201)).body;
}

async function bookAt(body: { serviceId: number; startsAt: Date; locationId?: number; staffId?: number }) {
  return (await as(admin).post('/appointments', { contactPhone: newPhone(), ...body, startsAt: body.startsAt.toISOString() }).expect(201)).body as { id: number };
}

describe('services', () => {
  it('an admin adds a service with a name per language; agents see it in the list and cannot change it', async () => {
    const created = await as(admin).post('/services', { name: { 'zh-CN': '美白', en: 'Whitening' }, durationMinutes: 60, bufferMinutes: 10 }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), name: '美白', names: { 'zh-CN': '美白', en: 'Whitening' }, durationMinutes: 60, bufferMinutes: 10 });
    const list = await as(agent).get('/services').expect(200);
    expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, name: '美白', durationMin: 60 })]));
    await as(agent).post('/services', { name: '偷偷加', durationMinutes: 30 }).expect(403);
    await as(agent).patch(`/services/${created.body.id}`, { durationMinutes: 30 }).expect(403);
    await as(agent).delete(`/services/${created.body.id}`).expect(403);
  });

  it('takes the contract\'s plain { name, durationMinutes } and edits one field at a time', async () => {
    const { body } = await as(admin).post('/services', { name: '拔牙', durationMinutes: 45 }).expect(201);
    const patched = await as(admin).patch(`/services/${body.id}`, { durationMinutes: 30 }).expect(200);
    expect(patched.body).toMatchObject({ name: '拔牙', durationMinutes: 30 });
  });

  it('answers bad input with the field at fault', async () => {
    expect((await as(admin).post('/services', { name: '洗牙' }).expect(400)).body.error).toMatchObject({ code: 'invalid_field', field: 'durationMinutes' });
    expect((await as(admin).post('/services', { name: '', durationMinutes: 30 }).expect(400)).body.error.field).toBe('name');
    expect((await as(admin).post('/services', { name: '洗牙', durationMinutes: 30, staffIds: [99999] }).expect(400)).body.error.field).toBe('staffIds');
    await as(admin).patch('/services/99999', { durationMinutes: 30 }).expect(404);
  });

  it('refuses to delete a service booked in the future, naming the booking; without bookings it goes from the list', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const { body: service } = await as(admin).post('/services', { name: '正畸复诊', durationMinutes: 30 }).expect(201);
    const booked = await bookAt({ serviceId: service.id, startsAt: local('2026-11-26 10:00') });
    const refused = await as(admin).delete(`/services/${service.id}`).expect(409);
    expect(refused.body.error).toMatchObject({ code: 'still_booked', bookings: [{ id: booked.id, startsAt: local('2026-11-26 10:00').toISOString() }] });
    expect(refused.body.error.message).toContain(`#${booked.id}`);
    await as(admin).patch(`/services/${service.id}`, { active: false }).expect(409);

    await as(admin).post(`/appointments/${booked.id}/cancel`).expect(200);
    await as(admin).delete(`/services/${service.id}`).expect(200);
    expect((await as(agent).get('/services').expect(200)).body.items.map((s: { id: number }) => s.id)).not.toContain(service.id);
  });
});

describe('locations', () => {
  it('an admin adds a location with the contract body; agents read it but cannot add one', async () => {
    const created = await newLocation({ closedDates: ['2027-02-10', '2027-02-09'], phone: '0571-8888 0000', timezone: 'Asia/Shanghai' });
    expect(created).toMatchObject({ id: expect.any(Number), name: '西湖分院', capacity: 1, closedDates: ['2027-02-09', '2027-02-10'] });
    expect(created.weeklyHours.mon).toEqual(split);
    expect((await as(agent).get('/locations').expect(200)).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.id })]));
    await as(agent).post('/locations', { name: 'x', weeklyHours: week }).expect(403);
    await as(agent).patch(`/locations/${created.id}`, { capacity: 3 }).expect(403);
  });

  it('refuses overlapping periods, impossible dates and unknown time zones, naming the field', async () => {
    const overlap = await as(admin).post('/locations', { name: 'x', weeklyHours: { mon: [['09:00', '13:00'], ['12:00', '18:00']] } }).expect(400);
    expect(overlap.body.error).toMatchObject({ code: 'invalid_field', field: 'weeklyHours.mon' });
    expect((await as(admin).post('/locations', { name: 'x', weeklyHours: { mon: [['9:00', '18:00']] } }).expect(400)).body.error.field).toBe('weeklyHours.mon.0.0');
    expect((await as(admin).post('/locations', { name: 'x', weeklyHours: week, closedDates: ['2027-02-30'] }).expect(400)).body.error.field).toBe('closedDates.0');
    expect((await as(admin).post('/locations', { name: 'x', weeklyHours: week, timezone: 'Mars/Olympus' }).expect(400)).body.error.field).toBe('timezone');
    expect((await as(admin).post('/locations', { name: 'x', weeklyHours: { funday: [] } }).expect(400)).body.error.field).toBe('weeklyHours');
  });

  it('two periods a day leave no slot in the gap between them', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation();
    const { body: service } = await as(admin).post('/services', { name: '检查', durationMinutes: 30, locationIds: [location.id] }).expect(201);
    const res = await as(agent).get(`/availability?serviceId=${service.id}&locationId=${location.id}&from=${local('2026-11-25 11:00').toISOString()}&limit=3`).expect(200);
    expect(startsOf(res)).toEqual(['2026-11-25 11:00', '2026-11-25 11:30', '2026-11-25 13:30']);
  });

  it('a holiday refuses slots: none that day, the next come the day after', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation({ closedDates: ['2026-11-26'] });
    const { body: service } = await as(admin).post('/services', { name: '洗牙（分院）', durationMinutes: 30, locationIds: [location.id] }).expect(201);
    const res = await as(agent).get(`/availability?serviceId=${service.id}&locationId=${location.id}&from=${local('2026-11-25 17:00').toISOString()}&limit=3`).expect(200);
    expect(startsOf(res)).toEqual(['2026-11-25 17:00', '2026-11-25 17:30', '2026-11-27 09:00']);
    // The holiday is refused for a direct booking too.
    await as(admin).post('/appointments', { contactPhone: newPhone(), serviceId: service.id, locationId: location.id, startsAt: local('2026-11-26 10:00').toISOString() }).expect(409);
  });

  it('a service\'s buffer keeps the chair free after it: the next slot waits for the cleaning', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation();
    const { body: service } = await as(admin).post('/services', { name: '深度洁牙', durationMinutes: 30, bufferMinutes: 15, locationIds: [location.id] }).expect(201);
    await bookAt({ serviceId: service.id, locationId: location.id, startsAt: local('2026-11-25 09:00') });
    const res = await as(agent).get(`/availability?serviceId=${service.id}&locationId=${location.id}&from=${local('2026-11-25 09:00').toISOString()}&limit=2`).expect(200);
    expect(startsOf(res)).toEqual(['2026-11-25 10:00', '2026-11-25 10:30']);
    await as(admin).post('/appointments', { contactPhone: newPhone(), serviceId: service.id, locationId: location.id, startsAt: local('2026-11-25 09:30').toISOString() }).expect(409);
  });

  it('changed hours apply to the next search', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation();
    const { body: service } = await as(admin).post('/services', { name: '咨询', durationMinutes: 30, locationIds: [location.id] }).expect(201);
    await as(admin).patch(`/locations/${location.id}`, { weeklyHours: { ...week, wed: [['14:00', '15:00']] } }).expect(200);
    const res = await as(agent).get(`/availability?serviceId=${service.id}&locationId=${location.id}&from=${local('2026-11-25 08:00').toISOString()}&limit=3`).expect(200);
    expect(startsOf(res)).toEqual(['2026-11-25 14:00', '2026-11-25 14:30', '2026-11-26 09:00']);
  });

  it('refuses to delete a location with future bookings, naming them', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation();
    const { body: service } = await as(admin).post('/services', { name: '补牙（分院）', durationMinutes: 30, locationIds: [location.id] }).expect(201);
    const booked = await bookAt({ serviceId: service.id, locationId: location.id, startsAt: local('2026-11-27 09:00') });
    const refused = await as(admin).delete(`/locations/${location.id}`).expect(409);
    expect(refused.body.error.bookings).toEqual([expect.objectContaining({ id: booked.id })]);
    const empty = await newLocation();
    await as(admin).delete(`/locations/${empty.id}`).expect(200);
    expect((await as(admin).get('/locations').expect(200)).body.items.map((l: { id: number }) => l.id)).not.toContain(empty.id);
  });
});

describe('staff', () => {
  it('an admin adds a staff member with their services and hours; agents read the list', async () => {
    const { body: service } = await as(admin).post('/services', { name: '种植', durationMinutes: 60 }).expect(201);
    const created = await as(admin).post('/staff', { name: '赵医生', serviceIds: [service.id], weeklyHours: { ...week, mon: [] } }).expect(201);
    expect(created.body).toMatchObject({ id: expect.any(Number), name: '赵医生', serviceIds: [service.id] });
    expect((await as(agent).get('/services').expect(200)).body.items.find((s: { id: number }) => s.id === service.id).staffIds).toEqual([created.body.id]);
    expect((await as(agent).get('/staff').expect(200)).body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, serviceIds: [service.id] })]));
    await as(agent).post('/staff', { name: 'x' }).expect(403);
    expect((await as(admin).post('/staff', { name: '钱医生', serviceIds: [99999] }).expect(400)).body.error.field).toBe('serviceIds');
    expect((await as(admin).patch(`/staff/${created.body.id}`, { locationId: 99999 }).expect(400)).body.error.field).toBe('locationId');
  });

  it('a staff member\'s own hours narrow the slots booked with them', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation({ capacity: 3 });
    const { body: service } = await as(admin).post('/services', { name: '儿牙', durationMinutes: 30, locationIds: [location.id] }).expect(201);
    const { body: staff } = await as(admin).post('/staff', { name: '孙医生', locationId: location.id, weeklyHours: { ...week, wed: [['15:00', '16:00']] } }).expect(201);
    const res = await as(agent).get(`/availability?serviceId=${service.id}&locationId=${location.id}&staffId=${staff.id}&from=${local('2026-11-25 08:00').toISOString()}&limit=3`).expect(200);
    expect(startsOf(res)).toEqual(['2026-11-25 15:00', '2026-11-25 15:30', '2026-11-26 09:00']);
  });

  it('refuses to remove or deactivate a staff member with future bookings, naming them', async () => {
    hx.clock.set(local('2026-11-24 11:00'));
    const location = await newLocation({ capacity: 2 });
    const { body: service } = await as(admin).post('/services', { name: '复查', durationMinutes: 30, locationIds: [location.id] }).expect(201);
    const { body: staff } = await as(admin).post('/staff', { name: '周医生', locationId: location.id, serviceIds: [service.id] }).expect(201);
    const booked = await bookAt({ serviceId: service.id, locationId: location.id, staffId: staff.id, startsAt: local('2026-11-27 10:00') });
    expect((await as(admin).delete(`/staff/${staff.id}`).expect(409)).body.error.bookings).toEqual([expect.objectContaining({ id: booked.id })]);
    await as(admin).patch(`/staff/${staff.id}`, { active: false }).expect(409);
    await as(admin).post(`/appointments/${booked.id}/cancel`).expect(200);
    await as(admin).delete(`/staff/${staff.id}`).expect(200);
    expect((await as(agent).get('/services').expect(200)).body.items.find((s: { id: number }) => s.id === service.id).staffIds).toEqual([]);
  });
});
