import { MoreThan } from 'typeorm';
import { Message } from '../../../server/db/entities';
import type { Customer } from '../../support/customer';
import { appointment, book, demoClinic, local, waitForTemplate } from './support';

const clinic = demoClinic('+86137005');

/** The inbound's stored decision and the templates queued after it. */
async function decidedAndSent(customer: Customer, inboundId: number) {
  const inbound = await clinic.hx.ds.manager.findOneByOrFail(Message, { id: inboundId });
  const sent = await clinic.hx.ds.manager.find(Message, { where: { contactId: inbound.contactId, direction: 'out', id: MoreThan(inboundId) }, order: { id: 'ASC' } });
  return { decision: inbound.decision!, sent: sent.map((m) => m.templateKey) };
}

describe('two customers choose the last chair at once', () => {
  it('one is moved there, the other is offered other times, and each stored decision is what that customer was sent', async () => {
    const { hx, cleaningId } = clinic;
    hx.clock.set(local('2027-04-05 11:00'));
    const [first, second] = [clinic.newCustomer(), clinic.newCustomer()];
    const ids: number[] = [];
    for (const c of [first, second]) ids.push((await book(hx, { contactPhone: c.phone, serviceId: cleaningId, startsAt: local('2027-04-07 10:00') })).id);
    hx.clock.set(local('2027-04-06 10:00'));
    for (const c of [first, second]) await waitForTemplate(c, 'appointment_reminder');
    for (const c of [first, second]) await c.text('2');
    const slotA = (await first.conversation()).awaitingContext!.slots!.A;
    expect((await second.conversation()).awaitingContext!.slots!.A).toBe(slotA);
    // One of the two chairs at A goes to someone else: one chair is left for the two of them.
    await book(hx, { contactPhone: '+8613700350001', serviceId: cleaningId, startsAt: new Date(slotA) });

    const inboundIds = await Promise.all([first.text('A'), second.text('A')]);
    const moved = await Promise.all(ids.map(async (id) => (await appointment(hx, id)).startsAt.toISOString() === slotA));
    expect(moved.filter(Boolean)).toHaveLength(1);

    for (const [i, customer] of [first, second].entries()) {
      const { decision, sent } = await decidedAndSent(customer, inboundIds[i]);
      expect(sent).toEqual(decision.effects.flatMap((e) => (e.type === 'reply' ? [e.template] : [])));
      expect(sent).toEqual([moved[i] ? 'appointment_rescheduled' : 'reschedule_offer']);
      expect(decision.outcome?.kind).toBe(moved[i] ? 'booked' : 'offer');
    }
  });
});
