import { In } from 'typeorm';
import { Appointment, ConsentEvent, Contact, Conversation, Message } from '../../../server/db/entities';
import { TUESDAY_MORNING, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, recipientsOf, talkingToPerson, textIn, visitIn } from './support';

let hx: TestHuixin;
let token: string;
beforeAll(async () => ({ hx, token } = await campaignServer()));
afterAll(() => hx.close());
afterEach(() => hx.clock.set(TUESDAY_MORNING));

describe('compliance per recipient', () => {
  it('records one reason for each contact left out, and queues the rest as bulk outbox rows carrying the campaign', async () => {
    const tag = 'spring-a';
    const ok = await addContact(hx, token, { tags: [tag], marketing: true, name: '李雷' });
    const optedOut = await addContact(hx, token, { tags: [tag], marketing: true });
    await hx.ds.manager.update(Contact, { id: optedOut.id }, { optedOut: true, optedOutAt: hx.clock.now() });
    const noConsent = await addContact(hx, token, { tags: [tag], marketing: false });
    const withPerson = await addContact(hx, token, { tags: [tag], marketing: true });
    await talkingToPerson(hx, withPerson);
    const visiting = await addContact(hx, token, { tags: [tag], marketing: true });
    await visitIn(hx, visiting, 60);

    const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
    const id = await makeCampaign(hx, token, { segmentId, menu: [{ key: '1', action: 'book' }, { key: '2', action: 'tag', tag: 'want-more' }] });
    const started = await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);

    expect(started.body.status).toBe('running');
    expect(started.body.stats).toMatchObject({
      targeted: 5, queued: 1, deferred: 0,
      excluded: { optedOut: 1, noConsent: 1, inConversation: 1, visitSoon: 1, frequencyCap: 0, duplicate: 0 },
    });
    const recipients = await recipientsOf(hx, id);
    expect(recipients.get(ok.id)).toMatchObject({ status: 'queued', reason: null });
    expect(recipients.get(optedOut.id)?.reason).toBe('optedOut');
    expect(recipients.get(noConsent.id)?.reason).toBe('noConsent');
    expect(recipients.get(withPerson.id)?.reason).toBe('inConversation');
    expect(recipients.get(visiting.id)?.reason).toBe('visitSoon');

    const [message, ...others] = await campaignMessages(hx, id);
    expect(others).toHaveLength(0);
    expect(message).toMatchObject({ contactId: ok.id, lane: 'bulk', status: 'queued', direction: 'out' });
    expect(message!.body).toContain('李雷您好，洗牙8折');
    expect(message!.body.endsWith('拒收请回复R')).toBe(true);
    // The reply menu waits in the recipient's thread for the engine (task E) to answer.
    const thread = await hx.ds.manager.findOneByOrFail(Conversation, { contactId: ok.id });
    expect(thread.awaiting).toMatchObject({ menu: `campaign:${id}`, options: ['1', '2'], campaign: { campaignId: id, actions: { 1: { action: 'book' }, 2: { action: 'tag', tag: 'want-more' } } } });

    await hx.sender.drain();
    const after = await api(hx, token).get(`/api/campaigns/${id}`).expect(200);
    expect(after.body.stats).toMatchObject({ queued: 0, sent: 1 });
  });

  it('texts a contact an imported list names twice once, counting the extra match as duplicate', async () => {
    const a = await addContact(hx, token, { marketing: true });
    const b = await addContact(hx, token, { marketing: true });
    const segmentId = await makeSegment(hx, token, { contactIds: [a.id, b.id, a.id], phones: [a.phone] });
    const id = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '春节期间停诊' });
    const started = await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    expect(started.body.stats).toMatchObject({ targeted: 2, queued: 2, excluded: { duplicate: 2 } });
    expect((await campaignMessages(hx, id)).map((m) => m.contactId).sort()).toEqual([a.id, b.id].sort());
    // Transactional texts carry no refusal line.
    expect((await campaignMessages(hx, id))[0]!.body).not.toContain('拒收请回复R');
  });

  it('puts the reply menu in every recipient\'s thread, new or old, over an earlier campaign\'s menu but not over a reminder\'s', async () => {
    const tag = 'menus';
    const fresh = await addContact(hx, token, { tags: [tag], marketing: true });
    const quiet = await addContact(hx, token, { tags: [tag], marketing: true });
    const reminded = await addContact(hx, token, { tags: [tag], marketing: true });
    const earlier = await addContact(hx, token, { tags: [tag], marketing: true });
    const reminder = { menu: 'appointment_reminder', options: ['1', '2', '3', '0'], expiresAt: '2026-11-30T00:00:00.000Z' };
    const oldCampaign = { menu: 'campaign:1', options: ['1'], expiresAt: '2026-11-30T00:00:00.000Z', campaign: { campaignId: 1, actions: { 1: { action: 'book' as const } } } };
    const thread = (contactId: number, awaiting: Conversation['awaiting']) => hx.ds.manager.save(hx.ds.manager.create(Conversation, {
      contactId, status: 'resolved', handledBy: 'bot', unread: 0, lastMessageAt: hx.clock.now(), awaiting,
    }));
    await thread(quiet.id, null);
    await thread(reminded.id, reminder);
    await thread(earlier.id, oldCampaign);

    const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
    const id = await makeCampaign(hx, token, { segmentId, menu: [{ key: '1', action: 'book' }] });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);

    const threads = new Map((await hx.ds.manager.findBy(Conversation, { contactId: In([fresh.id, quiet.id, reminded.id, earlier.id]) })).map((c) => [c.contactId, c]));
    const menu = { menu: `campaign:${id}`, options: ['1'], campaign: { campaignId: id, actions: { 1: { action: 'book' } } } };
    // A contact who never had a thread gets one, resolved and the bot's: a campaign text is no task for the inbox.
    expect(threads.get(fresh.id)).toMatchObject({ status: 'resolved', handledBy: 'bot', awaiting: menu });
    expect(threads.get(quiet.id)!.awaiting).toMatchObject(menu);
    expect(threads.get(reminded.id)!.awaiting).toEqual(reminder);
    expect(threads.get(earlier.id)!.awaiting).toMatchObject(menu);
    const messages = new Map((await campaignMessages(hx, id)).map((m) => [m.contactId, m]));
    for (const [contactId, c] of threads) expect(messages.get(contactId)?.conversationId).toBe(c.id);
  });

  it('holds marketing for a contact whose local time is night until their window opens, and sends transactional now', async () => {
    // 03:00 UTC is 22:00 the evening before in New York: outside 08:00–21:00.
    const night = await addContact(hx, token, { tags: ['window'], marketing: true, timezone: 'America/New_York' });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['window'] });
    const marketing = await makeCampaign(hx, token, { segmentId });
    const notice = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '明天停水，诊所照常营业' });
    const held = await api(hx, token).post(`/api/campaigns/${marketing}/start`).send({}).expect(200);
    expect(held.body.stats).toMatchObject({ targeted: 1, deferred: 1, queued: 0, excluded: { optedOut: 0 } });
    const recipient = (await recipientsOf(hx, marketing)).get(night.id)!;
    expect(recipient.status).toBe('deferred');
    expect(recipient.deferredUntil?.toISOString()).toBe('2026-11-24T13:00:00.000Z');   // 08:00 EST
    await api(hx, token).post(`/api/campaigns/${notice}/start`).send({}).expect(200);

    await hx.sender.drain();
    expect((await campaignMessages(hx, marketing))[0]!.status).toBe('queued');
    expect((await campaignMessages(hx, notice))[0]!.sentAt).not.toBeNull();

    hx.clock.set('2026-11-24T13:00:00.000Z');
    await hx.sender.drain();
    expect((await campaignMessages(hx, marketing))[0]!.sentAt).not.toBeNull();
    const later = await api(hx, token).get(`/api/campaigns/${marketing}`).expect(200);
    expect(later.body.stats).toMatchObject({ deferred: 0, sent: 1 });
  });

  it('tiers each recipient as the segment filter does, by texts, complaints, visits and opt-outs, and counts only marketing texts of the last 30 days to its cap', async () => {
    const tag = 'tier-routes';
    const daysAgo = (days: number) => new Date(hx.clock.now().getTime() - days * 86_400_000);
    const people = {
      textedLately: await addContact(hx, token, { tags: [tag], marketing: true }),
      visitedLately: await addContact(hx, token, { tags: [tag], marketing: true }),
      textedLongAgo: await addContact(hx, token, { tags: [tag], marketing: true }),
      visitedLongAgo: await addContact(hx, token, { tags: [tag], marketing: true }),
      silent: await addContact(hx, token, { tags: [tag], marketing: true }),
      complainedInText: await addContact(hx, token, { tags: [tag], marketing: true }),
      capped: await addContact(hx, token, { tags: [tag], marketing: true }),
    };
    const threads = new Map<number, number>();
    const threadOf = async (contactId: number) => {
      if (!threads.has(contactId)) {
        threads.set(contactId, (await hx.ds.manager.save(hx.ds.manager.create(Conversation, {
          contactId, status: 'resolved', handledBy: 'bot', unread: 0, lastMessageAt: hx.clock.now(),
        }))).id);
      }
      return threads.get(contactId)!;
    };
    const message = async (contactId: number, fields: Partial<Message>) => hx.ds.manager.save(hx.ds.manager.create(Message, {
      conversationId: await threadOf(contactId), contactId, direction: 'in', origin: 'contact', body: '你好', provider: 'loopback', status: 'received', ...fields,
    }));
    const visit = (contactId: number, startsAt: Date) => hx.ds.manager.save(hx.ds.manager.create(Appointment, {
      contactId, service: '洗牙', location: null, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), status: 'completed', source: 'api',
    }));
    await message(people.textedLately.id, { createdAt: daysAgo(10) });
    await visit(people.visitedLately.id, daysAgo(10));
    await message(people.textedLongAgo.id, { createdAt: daysAgo(100) });
    await visit(people.visitedLongAgo.id, daysAgo(100));
    await message(people.complainedInText.id, { createdAt: daysAgo(5), decision: { stage: 'handoff', reason: 'complaint' } as unknown as Message['decision'] });
    // An ordinary contact (cap 2 here) texted one marketing offer this month: a refused one, a transactional notice and
    // an offer of 40 days ago do not count, so one more may go; with this campaign's own text, the next is capped.
    const elsewhere = await makeSegment(hx, token, { contactIds: [people.silent.id] });
    const [offer, refusedOffer, lastMonthsOffer] = [await makeCampaign(hx, token, { segmentId: elsewhere }), await makeCampaign(hx, token, { segmentId: elsewhere }), await makeCampaign(hx, token, { segmentId: elsewhere })];
    const notice = await makeCampaign(hx, token, { segmentId: elsewhere, category: 'transactional', body: '停诊通知' });
    await message(people.capped.id, { createdAt: daysAgo(150) });
    const sent = async (campaignId: number, createdAt: Date, status: Message['status'] = 'sent') => hx.ds.manager.save(hx.ds.manager.create(Message, {
      conversationId: await threadOf(people.capped.id), contactId: people.capped.id, direction: 'out', origin: 'system', body: '优惠', provider: 'loopback', status, campaignId, createdAt,
    }));
    await sent(offer, daysAgo(3));
    await sent(refusedOffer, daysAgo(2), 'refused');
    await sent(notice, daysAgo(2));
    await sent(lastMonthsOffer, daysAgo(40));
    await api(hx, token).put('/api/campaign-settings').send({ monthlyCaps: { ordinary: 2 } }).expect(200);

    const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
    const id = await makeCampaign(hx, token, { segmentId });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    const recipients = await recipientsOf(hx, id);
    const tiers = Object.fromEntries(Object.entries(people).map(([who, c]) => [who, recipients.get(c.id)?.tier]));
    expect(tiers).toEqual({
      textedLately: 'active', visitedLately: 'active', textedLongAgo: 'ordinary', visitedLongAgo: 'ordinary',
      silent: 'dormant', complainedInText: 'complained', capped: 'ordinary',
    });
    expect(recipients.get(people.capped.id)).toMatchObject({ status: 'queued', reason: null });
    expect(recipients.get(people.complainedInText.id)).toMatchObject({ status: 'excluded', reason: 'frequencyCap' });
    // The segment filter (SQL) puts each contact in the same tier.
    for (const tier of ['active', 'ordinary', 'dormant', 'complained'] as const) {
      const preview = await api(hx, token).get(`/api/segments/${await makeSegment(hx, token, { tagsAny: [tag], tiers: [tier] })}/preview`).expect(200);
      const expected = Object.entries(tiers).filter(([, t]) => t === tier).map(([who]) => people[who as keyof typeof people].id);
      expect(preview.body.sample.map((c: { id: number }) => c.id).sort()).toEqual(expected.sort());
    }

    const again = await makeCampaign(hx, token, { segmentId });
    await api(hx, token).post(`/api/campaigns/${again}/start`).send({}).expect(200);
    expect((await recipientsOf(hx, again)).get(people.capped.id)).toMatchObject({ status: 'excluded', reason: 'frequencyCap' });
    await api(hx, token).put('/api/campaign-settings').send({ monthlyCaps: { ordinary: 3 } }).expect(200);
  });

  it('caps marketing by engagement tier: a second offer this month reaches an active contact, not a dormant one or one who complained', async () => {
    await api(hx, token).put('/api/campaign-settings').send({ monthlyCaps: { active: 2, dormant: 1 } }).expect(200);
    const dormant = await addContact(hx, token, { tags: ['tiers'], marketing: true });
    const active = await addContact(hx, token, { tags: ['tiers'], marketing: true });
    await textIn(hx, active.phone, '你好，周六开门吗');
    // The question went to a person, who has answered and finished (an open thread with a person is skipped).
    await hx.ds.manager.update(Conversation, { contactId: active.id }, { status: 'resolved' });
    const complained = await addContact(hx, token, { tags: ['tiers'], marketing: true });
    // Refused marketing a week ago, then said yes again: still silent for 30 days after the refusal.
    await hx.ds.manager.save(hx.ds.manager.create(ConsentEvent, {
      contactId: complained.id, kind: 'opt_out', scope: 'marketing', source: 'sms', messageId: null, detail: null, phoneHash: null,
      createdAt: new Date(hx.clock.now().getTime() - 7 * 86_400_000),
    }));
    const segmentId = await makeSegment(hx, token, { tagsAny: ['tiers'] });
    const tiers = await api(hx, token).get(`/api/segments/${await makeSegment(hx, token, { tagsAny: ['tiers'], tiers: ['active'] })}/preview`).expect(200);
    expect(tiers.body.sample.map((c: { id: number }) => c.id)).toEqual([active.id]);

    const first = await makeCampaign(hx, token, { segmentId });
    await api(hx, token).post(`/api/campaigns/${first}/start`).send({}).expect(200);
    const second = await makeCampaign(hx, token, { segmentId });
    const started = await api(hx, token).post(`/api/campaigns/${second}/start`).send({}).expect(200);

    const firstRecipients = await recipientsOf(hx, first);
    expect(firstRecipients.get(complained.id)).toMatchObject({ reason: 'frequencyCap', tier: 'complained' });
    expect(firstRecipients.get(dormant.id)).toMatchObject({ status: 'queued', tier: 'dormant' });
    const secondRecipients = await recipientsOf(hx, second);
    expect(secondRecipients.get(active.id)).toMatchObject({ status: 'queued', tier: 'active' });
    expect(secondRecipients.get(dormant.id)).toMatchObject({ reason: 'frequencyCap' });
    expect(started.body.stats.excluded.frequencyCap).toBe(2);
    await api(hx, token).put('/api/campaign-settings').send({ monthlyCaps: { active: 6, dormant: 2 } }).expect(200);
  });
});
