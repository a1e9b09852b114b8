import { Appointment, Campaign, Contact as ContactEntity, type Contact } from '../../../server/db/entities';
import { importCsv } from '../contacts/import-support';
import { ADMIN, eventually, TUESDAY_MORNING, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment } from './support';

// Issue 16 item 8: triggered campaigns, started once and then texting each contact of the segment when they become due.
let hx: TestHuixin;
let token: string;
beforeAll(async () => { ({ hx, token } = await campaignServer()); });
afterAll(async () => { await hx.close(); });

const DAY = 86_400_000;

async function pastVisit(contact: Contact, daysAgo: number, status: 'completed' | 'no_show'): Promise<void> {
  const startsAt = new Date(hx.clock.now().getTime() - daysAgo * DAY);
  await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
    contactId: contact.id, service: '洗牙', location: null, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), status, source: 'api',
  }));
}

const textedContacts = async (id: number) => (await campaignMessages(hx, id)).map((m) => m.contactId).sort((a, b) => a - b);

describe('triggered campaigns', () => {
  it('a recall texts each contact once when N months have passed since their last visit, as the clock moves on', async () => {
    hx.clock.set(TUESDAY_MORNING);
    const longAgo = await addContact(hx, token, { tags: ['recall'], marketing: true });
    const soonDue = await addContact(hx, token, { tags: ['recall'], marketing: true });
    const recent = await addContact(hx, token, { tags: ['recall'], marketing: true });
    const never = await addContact(hx, token, { tags: ['recall'], marketing: true });
    await pastVisit(longAgo, 200, 'completed');
    await pastVisit(soonDue, 175, 'completed');   // six months pass in about a week
    await pastVisit(recent, 30, 'completed');
    const segmentId = await makeSegment(hx, token, { tagsAny: ['recall'] });
    const id = await makeCampaign(hx, token, { segmentId, body: '半年没来洗牙了，回复1预约', menu: [{ key: '1', action: 'book' }], trigger: { kind: 'last_visit', months: 6 } });

    const started = await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    expect(started.body).toMatchObject({ status: 'running', trigger: { kind: 'last_visit', months: 6 } });
    expect(await textedContacts(id)).toEqual([longAgo.id]);

    // Ten days on: the second contact's six months have passed; the worker finds them.
    hx.clock.advance(10 * DAY);
    await eventually(async () => (await textedContacts(id)).length === 2 || null, 10_000);
    expect(await textedContacts(id)).toEqual([longAgo.id, soonDue.id]);
    await hx.sender.drain();
    token = await hx.loginAs(ADMIN.email, ADMIN.password);
    // It keeps running for those still to come, and never texts anyone twice.
    expect((await hx.ds.manager.findOneByOrFail(Campaign, { id })).status).toBe('running');
    const again = await api(hx, token).post(`/api/campaigns/${id}/pause`).send({}).expect(200);
    expect(again.body.status).toBe('paused');
    await api(hx, token).post(`/api/campaigns/${id}/resume`).send({}).expect(200);
    expect((await textedContacts(id)).filter((c) => c === recent.id || c === never.id)).toEqual([]);
    const recipients = await api(hx, token).get(`/api/campaigns/${id}`).expect(200);
    expect(recipients.body.stats.targeted).toBeGreaterThanOrEqual(2);
  });

  it('a birthday texts on the attribute\'s month-day in the contact\'s own zone; a no-show follow-up after N days', async () => {
    hx.clock.set(new Date(new Date(TUESDAY_MORNING).getTime() + 60 * DAY));
    token = await hx.loginAs(ADMIN.email, ADMIN.password);   // sessions run on the test clock
    await api(hx, token).post('/api/contact-attributes').send({ key: 'birthday', labels: { 'zh-CN': '生日', en: 'Birthday' }, type: 'date' }).expect(201);
    const today = new Date(hx.clock.now());
    const md = (d: Date) => `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
    const birthdayToday = await addContact(hx, token, { tags: ['bday'], marketing: true, attributes: { birthday: `1990-${md(today)}` } });
    const birthdayTomorrow = await addContact(hx, token, { tags: ['bday'], marketing: true, attributes: { birthday: `1985-${md(new Date(today.getTime() + DAY))}` } });
    const bday = await makeCampaign(hx, token, { segmentId: await makeSegment(hx, token, { tagsAny: ['bday'] }), body: '生日快乐', trigger: { kind: 'date_attribute', key: 'birthday' } });
    await api(hx, token).post(`/api/campaigns/${bday}/start`).send({}).expect(200);
    expect(await textedContacts(bday)).toEqual([birthdayToday.id]);
    hx.clock.advance(DAY);
    await eventually(async () => (await textedContacts(bday)).length === 2 || null, 10_000);
    expect(await textedContacts(bday)).toEqual([birthdayToday.id, birthdayTomorrow.id]);

    const missed = await addContact(hx, token, { tags: ['noshow'], marketing: true });
    const missedThenBooked = await addContact(hx, token, { tags: ['noshow'], marketing: true });
    await pastVisit(missed, 1, 'no_show');
    await pastVisit(missedThenBooked, 1, 'no_show');
    await pastVisit(missedThenBooked, -3, 'completed');
    const noShow = await makeCampaign(hx, token, { segmentId: await makeSegment(hx, token, { tagsAny: ['noshow'] }), body: '上次没见到您，回复1改约', trigger: { kind: 'no_show', days: 2 } });
    await api(hx, token).post(`/api/campaigns/${noShow}/start`).send({}).expect(200);
    expect(await textedContacts(noShow)).toEqual([]);
    hx.clock.advance(DAY + 60_000);
    await eventually(async () => (await textedContacts(noShow)).length === 1 || null, 10_000);
    expect(await textedContacts(noShow)).toEqual([missed.id]);
  });

  it('a tag trigger texts those who get the tag after the start, however it is added, and not those who had it', async () => {
    const had = await addContact(hx, token, { tags: ['tag-seg', 'want100'], marketing: true });
    const byAgent = await addContact(hx, token, { tags: ['tag-seg'], marketing: true });
    const byEdit = await addContact(hx, token, { tags: ['tag-seg'], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['tag-seg'] });
    const id = await makeCampaign(hx, token, { segmentId, body: '感谢参加活动，回复1预约', trigger: { kind: 'tag_added', tag: 'want100' } });
    hx.clock.advance(1000);
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    expect(await textedContacts(id)).toEqual([]);

    await api(hx, token).post(`/api/contacts/${byAgent.id}/tags`).send({ tag: 'want100' }).expect(200);
    await api(hx, token).patch(`/api/contacts/${byEdit.id}`).send({ tags: ['tag-seg', 'want100'] }).expect(200);
    await api(hx, token).patch(`/api/contacts/${had.id}`).send({ name: '改名' }).expect(200);
    await eventually(async () => (await textedContacts(id)).length === 2 || null, 10_000);
    expect(await textedContacts(id)).toEqual([byAgent.id, byEdit.id]);
  });

  it('a tag trigger also texts contacts tagged by a CSV import (new and existing) and by a merge', async () => {
    const existing = await addContact(hx, token, { tags: ['imp-seg'], marketing: true });
    const kept = await addContact(hx, token, { tags: ['imp-seg'], marketing: true });
    const other = await addContact(hx, token, { tags: ['imp-seg', 'want200'], marketing: true });
    const segmentId = await makeSegment(hx, token, { tagsAny: ['imp-seg'] });
    const id = await makeCampaign(hx, token, { segmentId, body: '感谢参加活动，回复1预约', trigger: { kind: 'tag_added', tag: 'want200' } });
    hx.clock.advance(1000);
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    expect(await textedContacts(id)).toEqual([]);

    const fresh = '+8613900200777';
    const csv = `phone,tags,consent\n${existing.phone},imp-seg;want200,marketing\n${fresh},imp-seg;want200,marketing\n`;
    await importCsv(hx, token, csv).expect(200);
    await api(hx, token).post(`/api/contacts/${kept.id}/merge`).send({ otherId: other.id }).expect(200);
    const freshId = (await hx.ds.manager.findOneByOrFail(ContactEntity, { phone: fresh })).id;
    const expected = [existing.id, kept.id, freshId].sort((a, b) => a - b);
    await eventually(async () => (await textedContacts(id)).length === 3 || null, 10_000);
    expect(await textedContacts(id)).toEqual(expected);
  });

  it('refuses an unknown trigger with the field named', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['x'] });
    const res = await api(hx, token).post('/api/campaigns').send({ name: 'c', category: 'marketing', segmentId, body: 'hi', trigger: { kind: 'tag_removed', tag: 'vip' } }).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field' });
    expect(res.body.error.field).toMatch(/^trigger/);
  });
});
