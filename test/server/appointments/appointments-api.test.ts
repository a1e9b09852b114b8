import { checkedRequest as request } from '../../support/openapi-check';
import { Appointment, Contact, Message } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { appointment, bearer, book, closeQuietly, local, serviceNamed, showLocal } from './support';

let hx: TestHuixin;
let auth: string;
let cleaningId: number;
beforeAll(async () => {
  hx = await startTestHuixin();
  auth = await bearer(hx);
  cleaningId = (await serviceNamed(hx, '洗牙')).id;
});
afterAll(() => closeQuietly(hx));

const api = () => ({
  get: (path: string) => request(hx.url).get(`/api${path}`).set('Authorization', auth),
  post: (path: string, body: object = {}) => request(hx.url).post(`/api${path}`).set('Authorization', auth).send(body),
});
let n = 0;
const newPhone = () => `+86137007${String(++n).padStart(5, '0')}`;

describe('services and availability', () => {
  it('lists the services with their length', async () => {
    const res = await api().get('/services').expect(200);
    expect(res.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: cleaningId, name: '洗牙', durationMin: 30 })]));
  });

  it('gives the next free slots inside opening hours, skipping the lunch break and full slots', async () => {
    const from = local('2026-12-01 11:00').toISOString();
    const res = await api().get(`/availability?serviceId=${cleaningId}&from=${from}&limit=4`).expect(200);
    expect(res.body.items.map((s: { startsAt: string }) => showLocal(new Date(s.startsAt)))).toEqual(['2026-12-01 11:00', '2026-12-01 11:30', '2026-12-01 13:00', '2026-12-01 13:30']);
    expect(res.body.items[0]).toEqual({ startsAt: local('2026-12-01 11:00').toISOString(), endsAt: local('2026-12-01 11:30').toISOString() });
    for (let i = 0; i < 2; i++) await book(hx, { contactPhone: newPhone(), serviceId: cleaningId, startsAt: local('2026-12-01 11:00') });
    const after = await api().get(`/availability?serviceId=${cleaningId}&from=${from}&limit=1`).expect(200);
    expect(showLocal(new Date(after.body.items[0].startsAt))).toBe('2026-12-01 11:30');
  });

  it('answers bad input with the field at fault', async () => {
    expect((await api().get('/availability?serviceId=abc').expect(400)).body.error).toMatchObject({ code: 'invalid_field', field: 'serviceId' });
    expect((await api().get(`/availability?serviceId=${cleaningId}&limit=0`).expect(400)).body.error.field).toBe('limit');
    expect((await api().get('/availability?serviceId=9999').expect(404)).body.error.field).toBe('serviceId');
    await request(hx.url).get('/api/services').expect(401);
  });
});

describe('booking and changing appointments', () => {
  it('books, texts the confirmation, and shows the appointment with its history', async () => {
    const phone = newPhone();
    const res = await api().post('/appointments', { contactPhone: phone, serviceId: cleaningId, startsAt: local('2026-12-02 14:00').toISOString() }).expect(201);
    expect(res.body).toMatchObject({ service: '洗牙', status: 'booked', source: 'api', startsAt: local('2026-12-02 14:00').toISOString(), endsAt: local('2026-12-02 14:30').toISOString() });
    expect(res.body.history).toEqual([expect.objectContaining({ kind: 'booked', actor: 'api', agentId: expect.any(Number) })]);
    const customer = new Customer(hx, phone);
    expect((await customer.lastReply())?.body).toContain('已为您确认12月2日(周三) 14:00的洗牙');

    const contact = await customer.contact();
    const list = await api().get(`/appointments?contactId=${contact.id}&from=${local('2026-12-01 00:00').toISOString()}&to=${local('2026-12-03 00:00').toISOString()}`).expect(200);
    expect(list.body.items.map((a: { id: number }) => a.id)).toEqual([res.body.id]);
    expect((await api().get(`/appointments/${res.body.id}`).expect(200)).body.id).toBe(res.body.id);
    await api().get('/appointments/99999').expect(404);
  });

  it('stores nothing for bad input', async () => {
    const phone = newPhone();
    const cases: Array<[object, string]> = [
      [{ contactPhone: 'not a phone', serviceId: cleaningId, startsAt: local('2026-12-02 15:00').toISOString() }, 'contactPhone'],
      [{ contactPhone: phone, serviceId: 9999, startsAt: local('2026-12-02 15:00').toISOString() }, 'serviceId'],
      [{ contactPhone: phone, serviceId: cleaningId, startsAt: 'tomorrow' }, 'startsAt'],
    ];
    for (const [body, field] of cases) expect((await api().post('/appointments', body).expect(400)).body.error.field).toBe(field);
    // Sunday (closed), at 12:10 (not a slot start), in the past: 409, and no contact was left behind.
    for (const when of ['2026-12-06 10:00', '2026-12-02 12:10', '2026-11-20 10:00']) {
      expect((await api().post('/appointments', { contactPhone: phone, serviceId: cleaningId, startsAt: local(when).toISOString() }).expect(409)).body.error)
        .toEqual({ code: 'slot_unavailable', message: expect.any(String), field: 'startsAt' });
    }
    expect(await hx.ds.manager.countBy(Contact, { phone })).toBe(0);
  });

  it('confirm, reschedule, remind, complete and no-show each change it and send the matching SMS', async () => {
    const phone = newPhone();
    const customer = new Customer(hx, phone);
    const { id } = await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: local('2026-12-03 10:00') });
    const templates = async () => (await customer.replies()).map((m: Message) => m.templateKey);

    expect((await api().post(`/appointments/${id}/confirm`).expect(200)).body.status).toBe('confirmed');
    expect((await api().post(`/appointments/${id}/reschedule`, { startsAt: 'soon' }).expect(400)).body.error.field).toBe('startsAt');
    const moved = await api().post(`/appointments/${id}/reschedule`, { startsAt: local('2026-12-04 16:00').toISOString() }).expect(200);
    expect(moved.body).toMatchObject({ startsAt: local('2026-12-04 16:00').toISOString(), status: 'confirmed' });
    await api().post(`/appointments/${id}/remind`).expect(200);
    const done = await api().post(`/appointments/${id}/complete`).expect(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.history.map((h: { kind: string }) => h.kind)).toEqual(['booked', 'confirmed', 'rescheduled', 'reminded', 'completed']);
    expect(await templates()).toEqual(['appointment_confirmed', 'appointment_confirmed', 'appointment_rescheduled', 'appointment_reminder', 'csat_survey']);
    expect((await api().post(`/appointments/${id}/cancel`).expect(409)).body.error.code).toBe('invalid_status');

    const other = await book(hx, { contactPhone: newPhone(), serviceId: cleaningId, startsAt: local('2026-12-03 11:00') });
    expect((await api().post(`/appointments/${other.id}/no-show`).expect(200)).body.status).toBe('no_show');
    await api().post(`/appointments/${other.id}/teleport`).expect(404);
  });

  it('offers what each appointment accepts by the server\'s clock, and refuses to confirm, move or cancel a visit that is over', async () => {
    const phone = newPhone();
    // Stored directly, without the automatic completion job that would otherwise close it the moment it ends.
    await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: local('2026-12-07 10:00') });
    const contactId = (await new Customer(hx, phone).contact()).id;
    const { id } = await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
      contactId, serviceId: cleaningId, service: '洗牙', location: null, status: 'booked', source: 'api',
      startsAt: local('2026-12-07 09:00'), endsAt: local('2026-12-07 09:30'),
    }));
    expect((await api().get(`/appointments/${id}`).expect(200)).body.actions).toEqual(['confirm', 'reschedule', 'cancel', 'remind', 'complete', 'no-show']);
    await api().post(`/appointments/${id}/confirm`).expect(200);
    expect((await api().get(`/appointments/${id}`).expect(200)).body.actions).toEqual(['reschedule', 'cancel', 'remind', 'complete', 'no-show']);

    const start = hx.clock.now();
    hx.clock.set(local('2026-12-07 09:30'));   // the half-hour cleaning has just ended
    try {
      expect((await api().get(`/appointments?contactId=${contactId}`).expect(200)).body.items.map((a: { actions: string[] }) => a.actions))
        .toEqual([['complete', 'no-show'], expect.arrayContaining(['confirm', 'reschedule', 'cancel'])]);   // 09:00 is over, 10:00 is not
      for (const command of ['confirm', 'cancel', 'remind']) {
        expect((await api().post(`/appointments/${id}/${command}`).expect(409)).body.error.code).toBe('appointment_ended');
      }
      await api().post(`/appointments/${id}/reschedule`, { startsAt: local('2026-12-08 10:00').toISOString() }).expect(409);
      expect((await appointment(hx, id)).status).toBe('confirmed');
      expect((await api().post(`/appointments/${id}/complete`).expect(200)).body.actions).toEqual([]);
    } finally {
      hx.clock.set(start);
    }
  });

  it('cancels with the cancellation SMS and frees the slot', async () => {
    const phone = newPhone();
    const { id } = await book(hx, { contactPhone: phone, serviceId: cleaningId, startsAt: local('2026-12-05 17:00') });
    await book(hx, { contactPhone: newPhone(), serviceId: cleaningId, startsAt: local('2026-12-05 17:00') });
    await api().post('/appointments', { contactPhone: newPhone(), serviceId: cleaningId, startsAt: local('2026-12-05 17:00').toISOString() }).expect(409);
    expect((await api().post(`/appointments/${id}/cancel`).expect(200)).body.status).toBe('cancelled');
    expect((await new Customer(hx, phone).lastReply())?.templateKey).toBe('appointment_cancelled');
    await api().post('/appointments', { contactPhone: newPhone(), serviceId: cleaningId, startsAt: local('2026-12-05 17:00').toISOString() }).expect(201);
  });
});
