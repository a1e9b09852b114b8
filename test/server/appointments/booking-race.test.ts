import request from 'supertest';
import { In } from 'typeorm';
import { Appointment } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { bearer, closeQuietly, local, offeredOneSlot, oneChairService } from './support';

let hx: TestHuixin;
let serviceId: number;
beforeAll(async () => {
  hx = await startTestHuixin();
  serviceId = await oneChairService(hx);
});
afterAll(() => closeQuietly(hx));

describe('the last slot', () => {
  it('goes to exactly one of ten customers booking it at the same moment', async () => {
    const auth = await bearer(hx);
    const startsAt = local('2026-11-26 15:00').toISOString();
    const attempts = Array.from({ length: 10 }, (_, i) => request(hx.url).post('/api/appointments').set('Authorization', auth)
      .send({ contactPhone: `+8613700400${String(i).padStart(3, '0')}`, serviceId, startsAt }));
    const answers = await Promise.all(attempts);
    expect(answers.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    for (const lost of answers.filter((r) => r.status === 409)) {
      expect(lost.body.error).toEqual({ code: 'slot_unavailable', message: expect.any(String), field: 'startsAt' });
    }
    const held = await hx.ds.manager.countBy(Appointment, { serviceId, status: In(['booked', 'confirmed']) });
    expect(held).toBe(1);
  });

  it('overlapping lengths count too: 15:30 is taken by a 15:00 hour-long visit', async () => {
    const auth = await bearer(hx);
    const res = await request(hx.url).post('/api/appointments').set('Authorization', auth)
      .send({ contactPhone: '+8613700400999', serviceId, startsAt: local('2026-11-26 15:30').toISOString() }).expect(409);
    expect(res.body.error.code).toBe('slot_unavailable');
    const free = await request(hx.url).get(`/api/availability?serviceId=${serviceId}&from=${local('2026-11-26 14:00').toISOString()}&limit=3`).set('Authorization', auth).expect(200);
    expect(free.body.items.map((s: { startsAt: string }) => s.startsAt)).toEqual(
      ['2026-11-26 14:00', '2026-11-26 16:00', '2026-11-26 16:30'].map((t) => local(t).toISOString()));
  });

  it('chosen by two customers by SMS at the same moment: one moves there, the other gets fresh options', async () => {
    const lastSlot = local('2026-11-27 10:00');
    const customers = [new Customer(hx, '+8613700401001'), new Customer(hx, '+8613700401002')];
    const ids = await offeredOneSlot(hx, serviceId, customers, lastSlot);
    await Promise.all(customers.map((c) => c.text('A')));
    const moved = await Promise.all(ids.map(async (id) => (await hx.ds.manager.findOneByOrFail(Appointment, { id })).startsAt.getTime() === lastSlot.getTime()));
    expect(moved.filter(Boolean)).toHaveLength(1);
    const answers = await Promise.all(customers.map(async (c) => (await c.lastReply())?.templateKey));
    expect(answers.sort()).toEqual(['appointment_rescheduled', 'reschedule_offer']);
  });
});
