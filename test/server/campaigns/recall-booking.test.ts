import { IsNull, Not } from 'typeorm';
import { Appointment, Message } from '../../../server/db/entities';
import { adminToken, demoClinic, local, serviceNamed } from '../appointments/support';
import { eventually } from '../../support/test-server';
import { api, makeCampaign, makeSegment } from './support';

// Issue 16, "Prove it": a recall campaign whose reply "1" then "B" books an appointment, end to end through the
// campaigns API (segment, campaign with a book menu, start, the real sender) and the customer's texts.
const clinic = demoClinic('+86137861');

describe('a recall campaign', () => {
  it('is sent to the contact not seen for six months; "1" offers times of their last service and "B" books one in the thread', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-06-07 11:00'));
    const token = await adminToken(hx);
    const customer = clinic.newCustomer();
    await api(hx, token).post('/api/contacts').send({ phone: customer.phone, name: '李雷', marketingConsent: true }).expect(201);
    const contact = await customer.contact();
    const cleaning = await serviceNamed(hx, '洗牙');
    // The last visit, seven months ago (history: no reminder jobs).
    await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
      contactId: contact.id, serviceId: cleaning.id, service: cleaning.name, location: null, locationId: null, staffId: null,
      startsAt: local('2026-11-05 10:00'), endsAt: local('2026-11-05 10:30'), status: 'completed', source: 'api', csatScore: null,
    }));

    const segmentId = await makeSegment(hx, token, { noVisitMonths: 6, phones: [customer.phone] });
    expect((await api(hx, token).get(`/api/segments/${segmentId}/preview`).expect(200)).body.count).toBe(1);
    const id = await makeCampaign(hx, token, { segmentId, body: '{{contact.name}}您好，半年没来洗牙了，回复1预约', menu: [{ key: '1', action: 'book' }] });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const recall = await eventually(() => hx.ds.manager.findOne(Message, { where: { campaignId: id, contactId: contact.id, sentAt: Not(IsNull()) } }));
    expect(recall.body).toContain('李雷您好，半年没来洗牙了');

    await customer.text('1');
    const offer = await eventually(async () => { const r = await customer.lastReply(); return r?.templateKey === 'booking_offer' ? r : null; });
    expect(offer.body).toContain('洗牙可预约以下时间');
    const slotB = (await customer.conversation()).awaitingContext!.slots!.B!;

    await customer.text('B');
    const booked = await hx.ds.manager.findOneByOrFail(Appointment, { contactId: contact.id, status: 'booked' });
    expect(booked).toMatchObject({ serviceId: cleaning.id, source: 'sms' });
    expect(booked.startsAt.toISOString()).toBe(slotB);
    const confirmation = await eventually(async () => { const r = await customer.lastReply(); return r?.templateKey === 'appointment_booked' ? r : null; });
    expect(confirmation.conversationId).toBe(recall.conversationId);
    const inbound = await hx.ds.manager.findOneOrFail(Message, { where: { contactId: contact.id, direction: 'in' }, order: { id: 'DESC' } });
    expect(inbound.decision).toMatchObject({ campaignId: id, outcome: { kind: 'booked_new' } });
    const view = await api(hx, token).get(`/api/campaigns/${id}`).expect(200);
    expect(view.body.stats).toMatchObject({ sent: 1, replied: 1 });
  });
});
