import { startAdminHarness, wifiRule, type AdminHarness } from './admin-client';

/** The versions list reads as history: who by name, what by name, each field before → after (issue 14 item 7). */
let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

const latest = async () => (await h.admin.get('/versions').expect(200)).body;

describe('readable version history', () => {
  it('names the rule a save changed and each field it changed, with the business time zone', async () => {
    const created = await h.admin.post('/rules', wifiRule({ name: '营业时间' })).expect(201);
    const ruleId = created.body.rule.id;
    let body = await latest();
    expect(body.timezone).toEqual(expect.any(String));
    expect(body.items[0]).toMatchObject({ operation: 'create', authorName: expect.any(String), changes: [{ section: 'rules', kind: 'added', key: ruleId, name: '营业时间', fields: [] }] });

    await h.admin.put(`/rules/${ruleId}`, { reply: '周一至周五 10:00–19:00', match: { kind: 'exact', patterns: ['几点'] } }).expect(200);
    body = await latest();
    expect(body.items[0].changes).toEqual([{
      section: 'rules', kind: 'changed', key: ruleId, name: '营业时间',
      fields: expect.arrayContaining([
        { field: 'reply', before: '【{{business.name}}】Wi-Fi: clinic-guest / smile2026', after: '周一至周五 10:00–19:00' },
        { field: 'match.patterns', before: 'wifi, 无线密码', after: '几点' },
      ]),
    }]);
    expect(body.items[0].changes[0].fields).toHaveLength(2);
  });

  it('says which version a rollback restored and what it undid', async () => {
    const versions = (await latest()).items;
    const target = versions[1].version;
    await h.admin.post(`/versions/${target}/rollback`).expect(200);
    const [rollback] = (await latest()).items;
    expect(rollback).toMatchObject({ operation: 'rollback', restores: target });
    expect(rollback.changes[0]).toMatchObject({ kind: 'changed', name: '营业时间', fields: expect.arrayContaining([expect.objectContaining({ field: 'reply', after: expect.stringContaining('Wi-Fi') })]) });
  });

  it('words a settings change as the setting, before → after, and the diff endpoint gives the same lines', async () => {
    const before = (await latest()).items[0].version;
    const saved = await h.admin.put('/settings', { intentThreshold: 0.41 }).expect(200);
    const res = await h.admin.get(`/versions/diff?from=${before}&to=${saved.body.version}`).expect(200);
    expect(res.body.changes).toEqual([{ section: 'settings', kind: 'changed', key: 'intentThreshold', name: 'intentThreshold', fields: [{ field: 'intentThreshold', before: expect.any(String), after: '0.41' }] }]);
  });
});
