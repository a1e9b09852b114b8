import { startAdminHarness, wifiRule, type AdminHarness } from './admin-client';

let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

describe('rules REST', () => {
  it('creates a keyword rule from { name, match, action, reply } and lists it', async () => {
    const res = await h.admin.post('/rules', wifiRule()).expect(201);
    expect(res.body.rule).toMatchObject({ id: expect.stringMatching(/^\d+$/), name: 'Wi-Fi password', enabled: true, priority: 0, reply: expect.stringContaining('smile2026') });
    expect(res.body.version).toEqual(expect.any(String));
    const list = await h.admin.get('/rules').expect(200);
    expect(list.body.items.map((r: { name: string }) => r.name)).toContain('Wi-Fi password');
    const one = await h.admin.get(`/rules/${res.body.rule.id}`).expect(200);
    expect(one.body.rule.match).toEqual({ kind: 'exact', patterns: ['wifi', '无线密码'] });
  });

  it('answers the new rule on the next simulated message', async () => {
    const res = await h.admin.post('/rules/simulate', { text: 'WiFi' }).expect(200);
    expect(res.body).toMatchObject({ action: 'faq', reply: '【示例口腔诊所】Wi-Fi: clinic-guest / smile2026', trace: expect.objectContaining({ stage: 'keywords', ruleName: 'Wi-Fi password' }) });
  });

  it.each([
    ['a bad regex', { name: 'r', match: { kind: 'regex', patterns: ['(unclosed'] }, action: 'faq', reply: 'x' }, 'match.patterns[0]', /invalid regular expression/],
    ['a regex matching everything', { name: 'r', match: { kind: 'regex', patterns: ['.*'] }, action: 'faq', reply: 'x' }, 'match.patterns[0]', /matches every message/],
    ['an unknown intent', { name: 'r', match: { kind: 'intent', patterns: ['teleport'] }, action: 'handoff' }, 'match.patterns[0]', /unknown intent "teleport"/],
    ['an unknown template variable', { name: 'r', match: { kind: 'exact', patterns: ['price'] }, action: 'faq', reply: '{{contact.nmae}}, it costs 100' }, 'reply', /unknown variable "contact.nmae"/],
    ['a template that does not exist', { name: 'r', match: { kind: 'exact', patterns: ['price'] }, action: 'faq', replyTemplate: 'nope' }, 'replyTemplate', /no template "nope"/],
    ['an action only a menu can take', { name: 'r', match: { kind: 'exact', patterns: ['five'] }, action: 'csat.record' }, 'action', /cannot take action/],
  ])('answers 400 naming the field for %s, and saves nothing', async (_what, body, field, message) => {
    const before = (await h.admin.get('/rules').expect(200)).body;
    const res = await h.admin.post('/rules', body).expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', field });
    expect(res.body.error.message).toMatch(message);
    const after = (await h.admin.get('/rules').expect(200)).body;
    expect(after).toEqual(before);
  });

  it('answers 400 naming the field when the body has the wrong shape', async () => {
    const res = await h.admin.post('/rules', { name: 'r', match: { kind: 'exact' }, action: 'faq' }).expect(400);
    expect(res.body.error.field).toBe('match.patterns');
  });

  it('answers 409 naming the other rule when a keyword is already taken with another outcome', async () => {
    const res = await h.admin.post('/rules', wifiRule({ name: 'Wi-Fi hand-off', action: 'handoff', reply: undefined })).expect(409);
    expect(res.body.error).toMatchObject({ code: 'rule_conflict', field: 'match.patterns[0]' });
    expect(res.body.error.message).toMatch(/Wi-Fi password/);
  });

  it('answers 409 when a keyword is a compliance keyword', async () => {
    const res = await h.admin.post('/rules', { name: 'Stop word', match: { kind: 'exact', patterns: ['TD'] }, action: 'faq', reply: 'ok' }).expect(409);
    expect(res.body.error.message).toMatch(/consent keyword/);
  });

  it('edits, disables, enables and deletes a rule, each a new version', async () => {
    const { body } = await h.admin.post('/rules', { name: 'Price', match: { kind: 'contains', patterns: ['多少钱'] }, action: 'faq', reply: '洗牙 200 元' }).expect(201);
    const id = body.rule.id;
    const edited = await h.admin.put(`/rules/${id}`, { reply: '洗牙 180 元', priority: 5 }).expect(200);
    expect(edited.body.rule).toMatchObject({ reply: '洗牙 180 元', priority: 5, name: 'Price' });
    expect(Number(edited.body.version)).toBeGreaterThan(Number(body.version));
    expect((await h.admin.post('/rules/simulate', { text: '洗牙多少钱' })).body.reply).toBe('洗牙 180 元');
    await h.admin.post(`/rules/${id}/disable`).expect(200);
    expect((await h.admin.post('/rules/simulate', { text: '洗牙多少钱' })).body.action).not.toBe('faq');
    expect((await h.admin.post(`/rules/${id}/enable`).expect(200)).body.rule.enabled).toBe(true);
    await h.admin.delete(`/rules/${id}`).expect(200);
    await h.admin.get(`/rules/${id}`).expect(404);
  });

  it('rejects an edit that breaks a rule with 400, keeping the old rule', async () => {
    const { body } = await h.admin.post('/rules', { name: 'Regex rule', match: { kind: 'regex', patterns: ['^牙(疼|痛)'] }, action: 'handoff' }).expect(201);
    const res = await h.admin.put(`/rules/${body.rule.id}`, { match: { kind: 'regex', patterns: ['^牙(疼|痛'] } }).expect(400);
    expect(res.body.error.field).toBe('match.patterns[0]');
    expect((await h.admin.get(`/rules/${body.rule.id}`)).body.rule.match.patterns).toEqual(['^牙(疼|痛)']);
  });

  it('reorders priorities: the first id in the list answers first', async () => {
    const a = (await h.admin.post('/rules', { name: 'Late A', match: { kind: 'contains', patterns: ['迟到'] }, action: 'faq', reply: 'A' }).expect(201)).body.rule.id;
    const b = (await h.admin.post('/rules', { name: 'Late B', match: { kind: 'contains', patterns: ['晚到'] }, action: 'faq', reply: 'B' }).expect(201)).body.rule.id;
    await h.admin.post('/rules/reorder', { ids: [b, a] }).expect(200);
    const rules = (await h.admin.get('/rules')).body.items as Array<{ id: string; priority: number }>;
    expect(rules.find((r) => r.id === b)!.priority).toBeGreaterThan(rules.find((r) => r.id === a)!.priority);
  });

  it('answers 404 to a rule that does not exist, and 400 naming the id to one that cannot exist', async () => {
    await h.admin.put('/rules/99999', { name: 'x' }).expect(404);
    await h.admin.delete('/rules/99999').expect(404);
    const res = await h.admin.delete('/rules/abc').expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_field', field: 'id' });
  });
});

describe('roles', () => {
  it('lets an agent read rules, templates, intents, settings and versions', async () => {
    for (const path of ['/rules', '/templates', '/intents', '/settings', '/versions', '/audit-log', '/intents/review']) await h.agent.get(path).expect(200);
  });

  it('answers 403 to an agent who writes', async () => {
    await h.agent.post('/rules', wifiRule({ name: 'x' })).expect(403);
    await h.agent.put('/rules/1', { name: 'x' }).expect(403);
    await h.agent.delete('/rules/1').expect(403);
    await h.agent.put('/templates/help', { bodies: { en: 'x' } }).expect(403);
    await h.agent.put('/settings', { intentThreshold: 0.5 }).expect(403);
    await h.agent.post('/versions/1/rollback').expect(403);
    await h.agent.post('/config/import', {}).expect(403);
  });
});

describe('POST /api/rules/simulate with a draft', () => {
  it('answers with an unsaved rule without saving it', async () => {
    const rules = (await h.admin.get('/rules')).body.items;
    const draft = { rules: [...rules, { name: 'Draft rule', enabled: true, priority: 0, match: { kind: 'exact', patterns: ['洗牙疼吗'] }, action: 'faq', reply: '不疼的，放心' }] };
    const res = await h.admin.post('/rules/simulate', { text: '洗牙疼吗', draft }).expect(200);
    expect(res.body).toMatchObject({ action: 'faq', reply: '不疼的，放心', trace: expect.objectContaining({ ruleName: 'Draft rule' }) });
    expect((await h.admin.post('/rules/simulate', { text: '洗牙疼吗' })).body.reply).not.toBe('不疼的，放心');
  });

  it('answers 400 with the exact problem for a draft that would not save', async () => {
    const draft = { rules: [{ id: 'd1', name: 'Bad', enabled: true, priority: 0, match: { kind: 'regex', patterns: ['[a-'] }, action: 'faq', reply: 'x' }] };
    const res = await h.admin.post('/rules/simulate', { text: 'hi', draft }).expect(400);
    expect(res.body.error).toMatchObject({ field: 'rules.d1.match.patterns[0]', message: expect.stringMatching(/invalid regular expression/) });
  });
});
