import { startAdminHarness, wifiRule, type AdminHarness } from './admin-client';
import { book, jobsOf, local, serviceNamed, showLocal } from '../appointments/support';

let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

describe('settings REST', () => {
  it('reads settings with the hand-off texts', async () => {
    const res = await h.admin.get('/settings').expect(200);
    expect(res.body.settings).toMatchObject({ timezone: 'Asia/Shanghai', quietHours: { start: '21:00', end: '08:00' } });
    expect(res.body.handoffTexts.handoff_ack['zh-CN']).toContain('人工客服');
  });

  it('saves threshold, hours and a hand-off text as one version the bot uses at once', async () => {
    const res = await h.admin.put('/settings', {
      intentThreshold: 0.55, businessHours: { 1: ['08:30', '17:00'], 2: ['09:00', '18:00'], 7: null },
      handoffTexts: { handoff_ack: { 'zh-CN': '【{{business.name}}】稍等，同事马上回复您。' } },
    }).expect(200);
    expect(res.body.settings).toMatchObject({ intentThreshold: 0.55, businessHours: { 1: ['08:30', '17:00'] } });
    expect((await h.admin.post('/rules/simulate', { text: '人工' })).body.reply).toBe('【示例口腔诊所】稍等，同事马上回复您。');
  });

  it.each([
    [{ timezone: 'Mars/Olympus' }, 'timezone'],
    [{ intentThreshold: 1.5 }, 'intentThreshold'],
    [{ quietHours: { start: '25:00', end: '08:00' } }, 'quietHours.start'],
    [{ businessHours: { 2: ['18:00', '09:00'] } }, 'businessHours.2'],
    [{ assignmentCap: 0 }, 'assignmentCap'],
    [{ assignmentCap: 2.5 }, 'assignmentCap'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    expect((await h.admin.put('/settings', body).expect(400)).body.error.field).toBe(field);
  });

  it('refuses an unknown variable in a hand-off text', async () => {
    const res = await h.admin.put('/settings', { handoffTexts: { handoff_ack: { en: 'Hi {{contact.nmae}}' } } }).expect(400);
    expect(res.body.error.message).toMatch(/contact.nmae/);
  });
});

describe('business hours with periods and holidays, and reminder timing', () => {
  it('saves several periods a day and closed dates; the hand-off acknowledgement skips the holiday', async () => {
    const split = [['09:00', '12:00'], ['13:30', '18:00']];
    const res = await h.admin.put('/settings', { businessHours: { 1: split, 2: split, 3: split, 4: split, 5: split, 6: ['09:00', '17:00'], 7: [] }, closedDates: ['2026-02-16', '2026-02-17'] }).expect(200);
    expect(res.body.settings).toMatchObject({ businessHours: { 1: split }, closedDates: ['2026-02-16', '2026-02-17'] });
    expect(res.body.settings.businessHours[7]).toBeUndefined();
    // Saturday 2026-02-14 at 20:00 in Shanghai: Sunday is closed, Monday and Tuesday are 春节, so Wednesday.
    const reply = await h.admin.post('/rules/simulate', { text: '人工', now: '2026-02-14T12:00:00Z' }).expect(200);
    expect(reply.body.reply).toContain('周三 09:00');
    const lunch = await h.admin.post('/rules/simulate', { text: '人工', now: '2026-02-18T04:30:00Z' }).expect(200);
    expect(lunch.body.reply).toContain('13:30');
  });

  it.each([
    [{ businessHours: { 1: [['09:00', '13:00'], ['12:00', '18:00']] } }, 'businessHours.1'],
    [{ closedDates: ['2026-02-30'] }, 'closedDates'],
    [{ closedDates: ['春节'] }, 'closedDates.0'],
    [{ reminders: [{ minutes: 2, unlessConfirmed: false }] }, 'reminders.0.minutes'],
    [{ reminders: [{ minutes: 60, unlessConfirmed: false }, { minutes: 60, unlessConfirmed: true }] }, 'reminders'],
  ])('answers 400 naming the field for %j', async (body, field) => {
    expect((await h.admin.put('/settings', body).expect(400)).body.error.field).toBe(field);
  });

  it('saves a make-up workday (调休): the Saturday after 春节 works as a Monday, and the hand-off acknowledgement says so', async () => {
    const split = [['09:00', '12:00'], ['13:30', '18:00']];
    const res = await h.admin.put('/settings', {
      businessHours: { 1: split, 2: split, 3: split, 4: split, 5: split, 6: [], 7: [] }, closedDates: ['2026-02-16'],
      makeUpWorkdays: [{ date: '2026-02-28', weekday: 1 }],
    }).expect(200);
    expect(res.body.settings.makeUpWorkdays).toEqual([{ date: '2026-02-28', weekday: 1 }]);
    // Friday 27 Feb at 20:00 in Shanghai: Saturday is worked, so the customer hears tomorrow 09:00, not Monday.
    const reply = await h.admin.post('/rules/simulate', { text: '人工', now: '2026-02-27T12:00:00Z' }).expect(200);
    expect(reply.body.reply).toContain('明天 09:00');
    expect((await h.admin.get('/settings').expect(200)).body.settings.makeUpWorkdays).toEqual([{ date: '2026-02-28', weekday: 1 }]);
  });

  it.each([
    [{ makeUpWorkdays: [{ date: '2026-02-16', weekday: 1 }] }, 'makeUpWorkdays.0.date'],
    [{ makeUpWorkdays: [{ date: '2026-02-28' }] }, 'makeUpWorkdays.0'],
    [{ makeUpWorkdays: [{ date: '2026-02-28', weekday: 9 }] }, 'makeUpWorkdays.0.weekday'],
    [{ makeUpWorkdays: [{ date: '2026-02-28', periods: [['12:00', '09:00']] }] }, 'makeUpWorkdays.0.periods'],
  ])('refuses the make-up workdays %j naming %s', async (body, field) => {
    expect((await h.admin.put('/settings', body).expect(400)).body.error.field).toBe(field);
  });

  it('agents cannot change hours or reminders', async () => {
    await h.agent.put('/settings', { closedDates: [] }).expect(403);
  });

  it('reminder timing set by the admin decides when a new booking is reminded', async () => {
    h.hx.clock.set(local('2026-11-24 11:00'));
    const saved = await h.admin.put('/settings', { reminders: [{ minutes: 180, unlessConfirmed: false }] }).expect(200);
    expect(saved.body.settings.reminders).toEqual([{ minutes: 180, unlessConfirmed: false }]);
    expect((await h.agent.get('/settings').expect(200)).body.settings.reminders).toEqual([{ minutes: 180, unlessConfirmed: false }]);
    const { id } = await book(h.hx, { contactPhone: '+8613703200001', serviceId: (await serviceNamed(h.hx, '洗牙')).id, startsAt: local('2026-11-27 15:00') });
    expect((await jobsOf(h.hx, id)).map((j) => showLocal(j.dueAt))).toEqual(['2026-11-27 12:00']);
  });
});

describe('import and export', () => {
  it('exports everything as one file and imports it back as a new version', async () => {
    await h.admin.post('/rules', wifiRule()).expect(201);
    const exported = (await h.admin.get('/config/export').expect(200)).body;
    expect(exported).toMatchObject({ format: 'huixin-config/1', rules: expect.any(Array), templates: expect.any(Array), intentPhrases: expect.any(Array), settings: expect.any(Object) });
    const rule = exported.rules.find((r: { name: string }) => r.name === 'Wi-Fi password');
    await h.admin.delete(`/rules/${rule.id}`).expect(200);
    const res = await h.admin.post('/config/import', exported).expect(200);
    expect(res.body.counts.rules).toBe(exported.rules.length);
    expect((await h.admin.post('/rules/simulate', { text: 'wifi' })).body.reply).toContain('smile2026');
    expect((await h.admin.get('/versions')).body.items[0].summary).toMatch(/^import/);
  });

  it('imports all or nothing: one bad regex and nothing changes', async () => {
    const exported = (await h.admin.get('/config/export')).body;
    const before = (await h.admin.get('/versions')).body.items[0].version;
    const broken = { ...exported, rules: [...exported.rules.filter((r: { name: string }) => r.name !== 'Wi-Fi password'), { id: 'x1', name: 'Bad', enabled: true, priority: 0, match: { kind: 'regex', patterns: ['(('] }, action: 'faq', reply: 'x' }] };
    const res = await h.admin.post('/config/import', broken).expect(400);
    expect(res.body.error.message).toMatch(/invalid regular expression/);
    expect((await h.admin.get('/versions')).body.items[0].version).toBe(before);
    expect((await h.admin.post('/rules/simulate', { text: 'wifi' })).body.reply).toContain('smile2026');
  });

  it('refuses a file that is not a Huixin export, and one with conflicting rules', async () => {
    expect((await h.admin.post('/config/import', { rules: [] }).expect(400)).body.error.field).toBe('format');
    const exported = (await h.admin.get('/config/export')).body;
    const clash = { ...exported, rules: [...exported.rules, { id: 'x2', name: 'Wifi hand-off', enabled: true, priority: 0, match: { kind: 'exact', patterns: ['wifi'] }, action: 'handoff' }] };
    expect((await h.admin.post('/config/import', clash).expect(409)).body.error.message).toMatch(/wifi/);
  });
});
