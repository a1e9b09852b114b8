import { ADMIN } from '../../support/test-server';
import { startAdminHarness, wifiRule, type AdminHarness } from './admin-client';

let h: AdminHarness;
beforeAll(async () => { h = await startAdminHarness(); });
afterAll(() => h.hx.close());

const reply = async (text: string) => (await h.admin.post('/rules/simulate', { text }).expect(200)).body;

describe('versions, diff, rollback and the audit log', () => {
  let before: string;
  let afterCreate: string;
  let ruleId: string;

  it('keeps the seeded configuration as the first version once an admin saves', async () => {
    const created = await h.admin.post('/rules', wifiRule()).expect(201);
    ruleId = created.body.rule.id;
    afterCreate = created.body.version;
    const versions = (await h.admin.get('/versions').expect(200)).body.items;
    expect(versions[0]).toMatchObject({ version: afterCreate, author: ADMIN.email, summary: expect.stringContaining('Wi-Fi password') });
    expect(versions.at(-1)).toMatchObject({ author: null, summary: 'configuration before the first admin edit' });
    before = versions.at(-1).version;
  });

  it('diffs two versions field by field', async () => {
    const edited = await h.admin.put(`/rules/${ruleId}`, { reply: 'Wi-Fi: new-password' }).expect(200);
    const res = await h.admin.get(`/versions/diff?from=${afterCreate}&to=${edited.body.version}`).expect(200);
    expect(res.body.diff.rules.changed).toEqual([expect.objectContaining({ key: ruleId, fields: ['reply'] })]);
    expect(res.body.diff.rules.added).toEqual([]);
    const fromSeed = await h.admin.get(`/versions/diff?from=${before}&to=${edited.body.version}`).expect(200);
    expect(fromSeed.body.diff.rules.added).toEqual([expect.objectContaining({ key: ruleId })]);
  });

  it('shows one version with the whole configuration it saved', async () => {
    const res = await h.admin.get(`/versions/${afterCreate}`).expect(200);
    expect(res.body).toMatchObject({ version: afterCreate, author: ADMIN.email });
    expect(res.body.snapshot.rules).toEqual(expect.arrayContaining([expect.objectContaining({ id: ruleId, name: 'Wi-Fi password' })]));
    expect(res.body.snapshot.templates.length).toBeGreaterThan(0);
    expect(res.body.snapshot.settings.timezone).toEqual(expect.any(String));
  });

  it('rolls back in one call, as a new version, and the bot answers as before', async () => {
    expect((await reply('wifi')).action).toBe('faq');
    const res = await h.admin.post(`/versions/${before}/rollback`).expect(200);
    expect(res.body).toMatchObject({ restored: before, version: expect.any(String) });
    expect((await reply('wifi')).action).not.toBe('faq');
    await h.admin.get(`/rules/${ruleId}`).expect(404);
    const latest = (await h.admin.get('/versions')).body.items[0];
    expect(latest).toMatchObject({ version: res.body.version, summary: `roll back to version ${before}` });
  });

  it('undoes a rollback by rolling back to the version before it, keeping rule ids', async () => {
    const versions = (await h.admin.get('/versions')).body.items;
    await h.admin.post(`/versions/${versions[1].version}/rollback`).expect(200);
    expect((await h.admin.get(`/rules/${ruleId}`).expect(200)).body.rule.reply).toBe('Wi-Fi: new-password');
    expect((await reply('wifi')).reply).toBe('Wi-Fi: new-password');
  });

  it('records who changed what in the audit log', async () => {
    const items = (await h.admin.get('/audit-log').expect(200)).body.items;
    expect(items.map((i: { operation: string }) => i.operation)).toEqual(expect.arrayContaining(['create', 'update', 'rollback']));
    expect(items[0]).toMatchObject({ author: ADMIN.email, entity: 'config', operation: 'rollback' });
  });

  it('answers 404 for an unknown version and 400 for a diff without both ends', async () => {
    await h.admin.post('/versions/987654/rollback').expect(404);
    expect((await h.admin.get('/versions/diff?from=1').expect(400)).body.error.field).toBe('to');
  });
});
