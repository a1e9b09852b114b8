import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { Contact } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import type { TestHuixin } from '../../support/test-server';
import { as, importCsv, startWithTier } from './import-support';

let hx: TestHuixin;
let admin: string;

beforeAll(async () => {
  ({ hx, admin } = await startWithTier());
  const csv = [
    'phone,name,tags,consent,locale,timezone,tier',
    '13711110001,张伟,vip;门店A,marketing,zh-CN,Asia/Shanghai,金卡',
    '13711110002,"=HYPERLINK(""http://evil.example"",""点我"")",门店A,transactional,en,Europe/London,',
    '13711110003,@SUM(1+1),,opted_out,,,普通',
    '13711110004,"Li, ""Lucy""",-tag,,,,',
  ].join('\n');
  await importCsv(hx, admin, csv).expect(200);
  // 张伟 writes in: the export's last activity is that message.
  await request(hx.url).post('/webhooks/generic').send({ id: 'export-1', from: '+8613711110001', to: 'huixin', text: '你好' }).expect(200);
});
afterAll(async () => { await hx?.close(); });

/** The export as rows of cells (header first), with the BOM checked and taken off. */
async function exported(query = ''): Promise<string[][]> {
  const res = await request(hx.url).get(`/api/contacts/export${query}`).set(as(admin)).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
  }).expect(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-2026-11-24\.csv"$/);
  expect(res.body.startsWith('\uFEFF')).toBe(true);
  return parse(res.body.slice(1)) as string[][];
}

it('exports every contact with the import\'s columns, what happened to them, and one column per custom field', async () => {
  const [header, ...rows] = await exported();
  expect(header).toEqual(['phone', 'name', 'tags', 'locale', 'timezone', 'consent', 'marketing_consent_at', 'opted_out_at', 'created_at', 'last_activity_at', 'tier']);
  const now = hx.clock.now().toISOString();
  expect(rows.find((r) => r[0] === "'+8613711110001")).toEqual(["'+8613711110001", '张伟', 'vip;门店A', 'zh-CN', 'Asia/Shanghai', 'marketing', now, '', now, now, '金卡']);
  expect(rows.find((r) => r[0] === "'+8613711110003")).toMatchObject({ 5: 'opted_out', 7: now, 10: '普通' });
  expect(rows).toHaveLength(await hx.ds.manager.count(Contact));
});

it('escapes cells a spreadsheet would run as formulas', async () => {
  const [, ...rows] = await exported();
  const byPhone = new Map(rows.map((r) => [r[0], r]));
  expect(byPhone.get("'+8613711110002")![1]).toBe('\'=HYPERLINK("http://evil.example","点我")');
  expect(byPhone.get("'+8613711110003")![1]).toBe("'@SUM(1+1)");
  expect(byPhone.get("'+8613711110004")![1]).toBe('Li, "Lucy"');
  expect(byPhone.get("'+8613711110004")![2]).toBe("'-tag");
});

it('filters by tag, consent and search text exactly as the contacts list does', async () => {
  const phones = async (query: string) => (await exported(query)).slice(1).map((r) => r[0]).sort();
  expect(await phones('?tag=门店A')).toEqual(["'+8613711110001", "'+8613711110002"]);
  expect(await phones('?consent=opted_out')).toEqual(["'+8613711110003"]);
  expect(await phones('?consent=marketing')).toEqual(["'+8613711110001"]);
  expect(await phones('?tag=门店A&consent=no_marketing')).toEqual(["'+8613711110002"]);
  expect(await phones('?q=Lucy')).toEqual(["'+8613711110004"]);
  expect(await phones('?tag=%25')).toEqual([]);
  // The list's readings: traditional characters find both 张伟s, a spaced phone finds its contact, activity narrows.
  expect(await phones('?q=張偉')).toEqual(["'+8613711110001", "'+8613800138000"]);   // the imported one and the demo's
  expect(await phones('?q=137%201111%200003')).toEqual(["'+8613711110003"]);
  expect(await phones('?activeSince=2020-01-01T00:00:00Z')).toEqual(["'+8613711110001"]);
  for (const query of ['?q=張偉', '?tag=门店A', '?consent=marketing', '?q=1371111']) {
    const listed = (await request(hx.url).get(`/api/contacts${query}&limit=100`).set(as(admin)).expect(200)).body.items.map((c: { phone: string }) => `'${c.phone}`).sort();
    expect(await phones(query)).toEqual(listed);
  }
  const bad = await request(hx.url).get('/api/contacts/export?consent=maybe').set(as(admin)).expect(400);
  expect(bad.body.error.field).toBe('consent');
});

it('round-trips: the exported file imported back changes nothing', async () => {
  const file = await request(hx.url).get('/api/contacts/export').set(as(admin)).buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(null, Buffer.concat(chunks)));
  }).expect(200);
  const total = await hx.ds.manager.count(Contact);
  const res = await importCsv(hx, admin, file.body as Buffer).expect(200);
  expect(res.body).toMatchObject({ created: 0, updated: 0, skipped: total, rejected: 0, errors: [], notes: [] });
});

it('is for admins only', async () => {
  const agent = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  await request(hx.url).get('/api/contacts/export').set(as(agent)).expect(403);
  await request(hx.url).get('/api/contacts/export').expect(401);
});
