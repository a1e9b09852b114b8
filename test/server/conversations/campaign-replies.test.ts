import request from 'supertest';
import type { Awaiting } from '../../../rules/types';
import { Appointment, ConsentEvent, Conversation, Message } from '../../../server/db/entities';
import type { Customer } from '../../support/customer';
import { bearer, demoClinic, local, serviceNamed, showLocal } from '../appointments/support';

/**
 * Replies to a campaign's reply menu through the real webhook pipeline. Campaign sending is another part's: these
 * tests set the menu on the conversation as the campaign's send does (Awaiting.campaign). Each test lives in a week of
 * its own (the clock only moves forward).
 */
const clinic = demoClinic('+86137820');
const CAMPAIGN = 41;

function menu(now: Date): Awaiting {
  return {
    menu: `campaign:${CAMPAIGN}`, options: ['1', '2', '3', '0'], expiresAt: new Date(now.getTime() + 72 * 3_600_000).toISOString(),
    campaign: { campaignId: CAMPAIGN, actions: { 1: { action: 'book' }, 2: { action: 'tag', tag: 'want100' }, 3: { action: 'opt_in' }, 0: { action: 'handoff' } } },
  };
}

/** A customer who has texted before and has just been sent the campaign (its menu awaits an answer). */
async function sentTheCampaign(customer: Customer, now: Date): Promise<void> {
  await customer.text('你好');
  const conversation = await customer.conversation();
  await clinic.hx.ds.manager.update(Conversation, { id: conversation.id }, { awaiting: menu(now), awaitingContext: null, handledBy: 'bot' });
}

const lastInbound = async (customer: Customer) => {
  const contact = await customer.contact();
  return clinic.hx.ds.manager.findOneOrFail(Message, { where: { contactId: contact.id, direction: 'in' }, order: { id: 'DESC' } });
};

describe('a reply to a campaign menu', () => {
  it('"1" offers the next free times of the business\'s first service, and "B" books that time in the thread', async () => {
    const { hx, cleaningId } = clinic;
    hx.clock.set(local('2027-05-03 11:00'));
    const customer = clinic.newCustomer();
    await sentTheCampaign(customer, hx.clock.now());

    await customer.text('回复1');
    const offer = await customer.lastReply();
    expect(offer?.templateKey).toBe('booking_offer');
    expect(offer?.body).toContain('洗牙可预约以下时间');
    const conversation = await customer.conversation();
    expect(conversation.awaiting).toMatchObject({ menu: 'booking_offer' });
    expect(conversation.awaitingContext).toMatchObject({ serviceId: cleaningId, campaignId: CAMPAIGN });
    const slotB = conversation.awaitingContext!.slots!.B;
    expect((await lastInbound(customer)).decision).toMatchObject({ campaignId: CAMPAIGN, outcome: { kind: 'booking_offer' } });

    await customer.text('B');
    const booked = await hx.ds.manager.findOneByOrFail(Appointment, { contactId: (await customer.contact()).id });
    expect(booked).toMatchObject({ serviceId: cleaningId, status: 'booked', source: 'sms' });
    expect(booked.startsAt.toISOString()).toBe(slotB);
    const confirmation = await customer.lastReply();
    expect(confirmation?.templateKey).toBe('appointment_booked');
    expect(confirmation?.body).toContain(showLocal(booked.startsAt).slice(11));
    expect((await lastInbound(customer)).decision).toMatchObject({ campaignId: CAMPAIGN, outcome: { kind: 'booked_new', slot: slotB } });
    expect((await customer.conversation()).awaiting).toBeNull();
  });

  it('"1" offers the service of the contact\'s last visit', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-05-10 11:00'));
    const customer = clinic.newCustomer();
    await sentTheCampaign(customer, hx.clock.now());
    const filling = await serviceNamed(hx, '补牙');
    // A visit last month, already over (inserted as history: no reminder or survey jobs to race the test).
    await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
      contactId: (await customer.contact()).id, serviceId: filling.id, service: filling.name, location: null, locationId: null, staffId: null,
      startsAt: local('2027-04-12 14:00'), endsAt: local('2027-04-12 15:00'), status: 'completed', source: 'api', csatScore: null,
    }));

    await customer.text('1');
    expect((await customer.lastReply())?.body).toContain('补牙可预约以下时间');
    expect((await customer.conversation()).awaitingContext).toMatchObject({ serviceId: filling.id });
  });

  it('"2" tags the contact and thanks them', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-05-17 11:00'));
    const customer = clinic.newCustomer();
    await sentTheCampaign(customer, hx.clock.now());

    await customer.text('２');
    expect((await customer.contact()).tags).toContain('want100');
    expect((await customer.lastReply())?.templateKey).toBe('campaign_thanks');
    expect((await lastInbound(customer)).decision).toMatchObject({ campaignId: CAMPAIGN, action: 'ack' });
  });

  it('"0" hands the conversation to a person, the campaign in the reason', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-05-24 11:00'));
    const customer = clinic.newCustomer();
    await sentTheCampaign(customer, hx.clock.now());

    await customer.text('0');
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human', handoffReason: 'campaign' });
    expect((await lastInbound(customer)).decision).toMatchObject({ campaignId: CAMPAIGN, params: { reason: 'campaign', campaignId: CAMPAIGN } });
  });

  it('"3" records a yes to marketing with the campaign as its source', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-05-31 11:00'));
    const customer = clinic.newCustomer();
    await sentTheCampaign(customer, hx.clock.now());

    await customer.text('3');
    const contact = await customer.contact();
    expect(contact.marketingConsentAt).not.toBeNull();
    const event = await hx.ds.manager.findOneByOrFail(ConsentEvent, { contactId: contact.id, kind: 'opt_in' });
    expect(event).toMatchObject({ scope: 'marketing', source: 'campaign', messageId: (await lastInbound(customer)).id, detail: `campaign ${CAMPAIGN}: 3` });
    expect((await customer.lastReply())?.templateKey).toBe('campaign_opt_in_confirmation');
  });

  it('TD wins over the menu, and the opt-out still names the campaign', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-06-07 11:00'));
    const customer = clinic.newCustomer();
    await sentTheCampaign(customer, hx.clock.now());

    await customer.text('TD');
    expect((await customer.contact()).optedOut).toBe(true);
    expect((await lastInbound(customer)).decision).toMatchObject({ action: 'opt_out', campaignId: CAMPAIGN });
  });
});

describe('a keyword rule that tags', () => {
  it('"WANT100 → tag want100" tags whoever texts it', async () => {
    const { hx } = clinic;
    hx.clock.set(local('2027-06-14 11:00'));
    const auth = await bearer(hx);
    await request(hx.url).post('/api/rules').set('Authorization', auth).send({
      name: 'WANT100', match: { kind: 'exact', patterns: ['WANT100'] }, action: 'ack', addTags: ['want100'], reply: '收到，优惠券稍后发给您。',
    }).expect(201);
    const customer = clinic.newCustomer();
    await customer.text('want100');
    expect((await customer.contact()).tags).toContain('want100');
    expect((await customer.lastReply())?.body).toContain('收到，优惠券稍后发给您。');
  });

  it('an empty tag is refused, naming the field', async () => {
    const res = await request(clinic.hx.url).post('/api/rules').set('Authorization', await bearer(clinic.hx)).send({
      name: 'bad', match: { kind: 'exact', patterns: ['X1'] }, action: 'ack', addTags: [''],
    }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field' });
    expect(res.body.error.field).toMatch(/^addTags/);
  });
});
