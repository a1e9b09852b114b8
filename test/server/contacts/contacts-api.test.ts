import type { Response } from 'supertest';
import { ConsentEvent } from '../../../server/db/entities';
import { Customer } from '../../support/customer';
import { contactsSuite, idsOf, type Api } from './support';

let agent: Api;
const suite = contactsSuite(async ({ admin, ...rest }) => {
  agent = rest.agent;
  await admin.post('/contact-attributes', { key: 'member_level', labels: { 'zh-CN': '会员等级', en: 'Membership' }, type: 'choice', choices: ['金卡', '银卡'] }).expect(201);
  await admin.post('/contact-attributes', { key: 'birthday', labels: { 'zh-CN': '生日' }, type: 'date' }).expect(201);
  await admin.post('/contact-attributes', { key: 'visits', labels: { en: 'Visits' }, type: 'number' }).expect(201);
});

let n = 0;
const newPhone = () => `+86137055${String(++n).padStart(5, '0')}`;

describe('creating and editing', () => {
  it('an agent creates a contact with the contract body; it is read back with its attributes and no marketing consent', async () => {
    const created = await agent.post('/contacts', {
      phone: '139 0571 0001', name: '周杰', locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: ['vip', 'vip', '新客'],
      attributes: { member_level: '金卡', birthday: '1990-02-28', visits: 3 },
    }).expect(201);
    expect(created.body).toMatchObject({
      id: expect.any(Number), phone: '+8613905710001', name: '周杰', tags: ['vip', '新客'], optedOut: false, marketingConsent: false,
      attributes: { member_level: '金卡', birthday: '1990-02-28', visits: 3 }, lastActivityAt: null, appointmentsCount: 0, consent: [],
    });
    const read = await agent.get(`/contacts/${created.body.id}`).expect(200);
    expect(read.body).toMatchObject({ phone: '+8613905710001', timezone: 'Asia/Shanghai', attributes: { visits: 3 } });
  });

  it('answers 409 contact_exists with the existing id when the number is taken, in any spelling', async () => {
    const { body } = await agent.post('/contacts', { phone: '+8613905710002' }).expect(201);
    for (const spelling of ['13905710002', '+86 139 0571 0002', '0086 139-0571-0002']) {
      const refused = await agent.post('/contacts', { phone: spelling, name: '重复' }).expect(409);
      expect(refused.body.error).toMatchObject({ code: 'contact_exists', field: 'phone', existingId: body.id });
    }
  });

  it('names the field at fault: phone, time zone, locale, tags, and each attribute by its key', async () => {
    const fieldOf = async (body: object) => (await agent.post('/contacts', { phone: newPhone(), ...body }).expect(400)).body.error.field;
    expect((await agent.post('/contacts', { phone: '12' }).expect(400)).body.error.field).toBe('phone');
    expect(await fieldOf({ timezone: 'Mars/Olympus' })).toBe('timezone');
    expect(await fieldOf({ locale: 'klingon' })).toBe('locale');
    expect(await fieldOf({ tags: ['has space'] })).toBe('tags.0');
    expect(await fieldOf({ attributes: { visits: 'three' } })).toBe('attributes.visits');
    expect(await fieldOf({ attributes: { birthday: '2023-02-29' } })).toBe('attributes.birthday');
    expect(await fieldOf({ attributes: { birthday: '28/02/1990' } })).toBe('attributes.birthday');
    expect(await fieldOf({ attributes: { member_level: '钻石卡' } })).toBe('attributes.member_level');
    expect(await fieldOf({ attributes: { shoe_size: '42' } })).toBe('attributes.shoe_size');
    expect((await agent.post('/contacts', { phone: newPhone(), nickname: 'x' }).expect(400)).body.error.message).toContain('nickname');
  });

  it('PATCH edits name, language, time zone, tags and attributes; null clears one attribute and keeps the others', async () => {
    const { body } = await agent.post('/contacts', { phone: newPhone(), attributes: { visits: 1, member_level: '银卡' } }).expect(201);
    const patched = await agent.patch(`/contacts/${body.id}`, { name: 'Mei Ling', locale: 'zh-HK', timezone: 'Asia/Hong_Kong', tags: ['香港'], attributes: { visits: null, birthday: '2000-01-01' } }).expect(200);
    expect(patched.body).toMatchObject({ name: 'Mei Ling', locale: 'zh-HK', timezone: 'Asia/Hong_Kong', tags: ['香港'], attributes: { member_level: '银卡', birthday: '2000-01-01' } });
    expect(patched.body.attributes).not.toHaveProperty('visits');
    expect((await agent.patch(`/contacts/${body.id}`, { timezone: 'Asia/Nowhere' }).expect(400)).body.error.field).toBe('timezone');
    expect((await agent.patch(`/contacts/${body.id}`, { attributes: { visits: '7' } }).expect(400)).body.error.field).toBe('attributes.visits');
    await agent.patch('/contacts/999999', { name: 'x' }).expect(404);
  });

  it('marketing consent given and withdrawn by an agent is recorded as consent events naming the agent, with scope', async () => {
    const { body } = await agent.post('/contacts', { phone: newPhone(), marketingConsent: true }).expect(201);
    expect(body).toMatchObject({ marketingConsent: true, marketingConsentAt: expect.any(String), consent: [{ kind: 'opt_in', scope: 'marketing', source: 'agent' }] });
    expect(body.consent[0].detail).toContain('wang@clinic.example');
    const withdrawn = await agent.patch(`/contacts/${body.id}`, { marketingConsent: false }).expect(200);
    expect(withdrawn.body).toMatchObject({ marketingConsent: false, marketingConsentAt: null, marketingOptedOut: true });
    expect(withdrawn.body.consent.map((e: ConsentEvent) => `${e.kind}/${e.scope}/${e.source}`)).toEqual(['opt_out/marketing/agent', 'opt_in/marketing/agent']);
    const again = await agent.patch(`/contacts/${body.id}`, { marketingConsent: true }).expect(200);
    expect(again.body).toMatchObject({ marketingConsent: true, marketingOptedOut: false });
    expect(again.body.consent).toHaveLength(3);
  });
});

describe('the inbox contract stays', () => {
  it('?phone= finds one contact by any spelling, 400 for a non-number; detail, tags as before', async () => {
    const lookup = await agent.get('/contacts?phone=138%200013%208000').expect(200);
    expect(lookup.body.items).toEqual([expect.objectContaining({ phone: '+8613800138000', name: '张伟', tags: ['demo'], locale: 'zh-CN', optedOut: false, marketingOptedOut: false })]);
    expect((await agent.get('/contacts?phone=%2B8613700000000').expect(200)).body.items).toEqual([]);
    expect((await agent.get('/contacts?phone=abc').expect(400)).body.error.field).toBe('phone');
    const id = lookup.body.items[0].id;
    expect((await agent.post(`/contacts/${id}/tags`, { tag: '复诊' }).expect(200)).body.tags).toEqual(['demo', '复诊']);
    expect((await agent.delete(`/contacts/${id}/tags/${encodeURIComponent('复诊')}`).expect(200)).body.tags).toEqual(['demo']);
    const detail = await agent.get(`/contacts/${id}`).expect(200);
    expect(detail.body).toMatchObject({ id, optedOutAt: null, timezone: 'Asia/Shanghai', consent: [], appointmentsCount: 1, conversationId: expect.any(Number) });
  });
});

describe('listing and searching', () => {
  const search = async (query: string) => idsOf(await agent.get(`/contacts?${query}`).expect(200));
  let zhang: number;
  beforeAll(async () => { zhang = (await agent.get('/contacts?phone=13800138000').expect(200)).body.items[0].id; });

  it('finds a phone number however it is written', async () => {
    for (const q of ['+86 138 0013 8000', '138 0013 8000', '0086 138 0013 8000', '008613800138000', '13800138000', '0013 8000', '+86 138']) {
      expect(await search(`q=${encodeURIComponent(q)}`)).toContain(zhang);
    }
    expect(await search(`q=${encodeURIComponent('139 9999 9999')}`)).not.toContain(zhang);
  });

  it('finds a name in the other script, and by part of a name', async () => {
    const chen = (await agent.get('/contacts?phone=%2B85291234567').expect(200)).body.items[0].id;
    expect(await search(`q=${encodeURIComponent('陈美玲')}`)).toEqual([chen]);
    expect(await search(`q=${encodeURIComponent('陳美玲')}`)).toEqual([chen]);
    expect(await search(`q=${encodeURIComponent('美玲')}`)).toEqual([chen]);
    expect(await search('q=alex')).toHaveLength(1);
  });

  it('finds by tag in the search box, and the tag filter matches a whole tag only', async () => {
    const a = (await agent.post('/contacts', { phone: newPhone(), tags: ['正畸'] }).expect(201)).body.id;
    const b = (await agent.post('/contacts', { phone: newPhone(), tags: ['正畸2'] }).expect(201)).body.id;
    expect(await search(`q=${encodeURIComponent('正畸')}`)).toEqual(expect.arrayContaining([a, b]));
    expect(await search(`tag=${encodeURIComponent('正畸')}`)).toEqual([a]);
    const page = await agent.get(`/contacts?tag=${encodeURIComponent('正畸')}`).expect(200);
    expect(page.body).toMatchObject({ total: 1, nextCursor: null });
  });

  it('filters by consent state', async () => {
    const optedOut = new Customer(suite.hx, newPhone());
    await optedOut.text('退订');
    const outId = (await optedOut.contact()).id;
    const yes = (await agent.post('/contacts', { phone: newPhone(), marketingConsent: true, tags: ['consent-test'] }).expect(201)).body.id;
    const plain = (await agent.post('/contacts', { phone: newPhone(), tags: ['consent-test'] }).expect(201)).body.id;
    expect(await search('consent=opted_out')).toContain(outId);
    expect(await search('consent=subscribed')).not.toContain(outId);
    expect(await search('consent=subscribed&tag=consent-test')).toEqual(expect.arrayContaining([yes, plain]));
    expect(await search('consent=marketing&tag=consent-test')).toEqual([yes]);
    expect(await search('consent=no_marketing&tag=consent-test')).toEqual([plain]);
    expect((await agent.get('/contacts?consent=maybe').expect(400)).body.error.field).toBe('consent');
  });

  it('filters by last activity and lists the newest activity first', async () => {
    const t0 = suite.hx.clock.now();
    const older = new Customer(suite.hx, newPhone());
    await older.text('你好');
    suite.hx.clock.advance(60 * 60_000);
    const newer = new Customer(suite.hx, newPhone());
    await newer.text('你好');
    const [olderId, newerId] = [(await older.contact()).id, (await newer.contact()).id];
    const since = new Date(t0.getTime() + 30 * 60_000).toISOString();
    expect(await search(`activeSince=${encodeURIComponent(since)}`)).toEqual([newerId]);
    const inactive = await search(`inactiveSince=${encodeURIComponent(since)}`);
    expect(inactive).toContain(olderId);
    expect(inactive).not.toContain(newerId);
    const all = await search('limit=100');
    expect(all.slice(0, 2)).toEqual([newerId, olderId]);
    const item = (await agent.get('/contacts?limit=1').expect(200)).body.items[0];
    expect(item).toMatchObject({ id: newerId, lastActivityAt: suite.hx.clock.now().toISOString(), conversationId: expect.any(Number) });
  });

  it('pages with a cursor through every contact exactly once, with the total of the filter', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let total = 0;
    do {
      const res: Response = await agent.get(`/contacts?limit=3${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...idsOf(res));
      ({ nextCursor: cursor, total } = res.body);
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect((await agent.get('/contacts?limit=101').expect(400)).body.error.field).toBe('limit');
    expect((await agent.get('/contacts?cursor=nonsense').expect(400)).body.error.field).toBe('cursor');
  });

  it('asks for a session', async () => {
    const res = await fetch(`${suite.hx.url}/api/contacts`);
    expect(res.status).toBe(401);
  });
});
