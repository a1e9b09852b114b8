import iconv from 'iconv-lite';
import { In, Like } from 'typeorm';
import { ConsentEvent, Contact } from '../../../server/db/entities';
import type { TestHuixin } from '../../support/test-server';
import { bigFile, importCsv, insertExisting, phoneOf, startWithTier, type BigFile } from './import-support';

// The import test: 10,000 rows with bad numbers, repeats, a bad custom value, multi-line cells and existing
// contacts, sent as plain UTF-8, as UTF-8 with a BOM and as GBK from Excel; each variant on numbers of its own.
jest.setTimeout(120_000);

let hx: TestHuixin;
let admin: string;

beforeAll(async () => {
  ({ hx, admin } = await startWithTier());
});
afterAll(async () => { await hx?.close(); });

async function expectImported(prefix: string, file: BigFile, body: Buffer | string, encoding: string): Promise<void> {
  await insertExisting(hx.ds, prefix);
  const source = `imported: 2026-03 门店登记表 (${prefix})`;
  const res = await importCsv(hx, admin, body, { source }).expect(200);

  expect(res.body).toMatchObject({ ...file.counts, errorCount: file.errors.length, dryRun: false, complete: true, encoding });
  expect(res.body.errors.map((e: { line: number; field: string }) => ({ line: e.line, field: e.field }))).toEqual(file.errors);
  expect(res.body.errors[0].message).toMatch(/not a phone number|not one of/);
  expect(res.body.noteCount).toBe(100);   // the repeated numbers, each naming the line it repeats
  expect(res.body.notes[0]).toEqual({ line: 100, field: 'phone', message: `${phoneOf(prefix, 97)} is already on line 99: this row was skipped` });

  const stored = await hx.ds.manager.countBy(Contact, { phone: Like(`+86${prefix}%`) });
  expect(stored).toBe(1000 + file.counts.created);
  // A rejected row leaves nothing: its (good) number was not stored, nor any part of it.
  expect(await hx.ds.manager.countBy(Contact, { phone: In(file.rejectedPhones) })).toBe(0);
  // … and an existing contact on a rejected row keeps everything (the row asked for marketing consent and a new name).
  expect(await hx.ds.manager.findOneByOrFail(Contact, { phone: phoneOf(prefix, 96) })).toMatchObject({ name: '客户96', marketingConsentAt: null });
  expect(await hx.ds.manager.findOneByOrFail(Contact, { phone: phoneOf(prefix, 1001) })).toMatchObject({ name: '客户1001', tags: ['vip', '门店A'], attributes: { tier: '普通' } });
  expect(await hx.ds.manager.findOneByOrFail(Contact, { phone: phoneOf(prefix, 3) })).toMatchObject({ name: '新名字3', tags: ['vip'], attributes: { tier: '金卡' } });
  expect(await hx.ds.manager.findOneByOrFail(Contact, { phone: phoneOf(prefix, 97) })).toMatchObject({ name: '新名字97' });
  for (const { phone, name } of file.multiline) expect((await hx.ds.manager.findOneByOrFail(Contact, { phone })).name).toBe(name);

  const marketing = await hx.ds.manager.findOneByOrFail(Contact, { phone: phoneOf(prefix, 1000) });
  expect(marketing.marketingConsentAt).not.toBeNull();
  const events = await hx.ds.manager.findBy(ConsentEvent, { detail: source });
  expect(events.filter((e) => e.scope === 'marketing' && e.kind === 'opt_in')).toHaveLength(file.marketing);
  expect(events.filter((e) => e.scope === 'all' && e.kind === 'opt_in')).toHaveLength(file.transactional);
  expect(events.every((e) => e.source === 'import')).toBe(true);
}

it('imports a 10,000-row UTF-8 file: exact counts, per-line errors, nothing of a rejected row', async () => {
  const file = bigFile('137');
  await expectImported('137', file, file.text, 'utf-8');
});

it('reads the same file saved as UTF-8 with a BOM', async () => {
  const file = bigFile('135');
  await expectImported('135', file, `\uFEFF${file.text}`, 'utf-8');
});

it('reads the same file saved as GBK by Excel, and the Chinese names come out right', async () => {
  const file = bigFile('136');
  await expectImported('136', file, iconv.encode(file.text, 'gbk'), 'gb18030');
});

it('a second import of the same file changes nothing', async () => {
  const file = bigFile('137');
  const res = await importCsv(hx, admin, file.text).expect(200);
  expect(res.body).toMatchObject({ created: 0, updated: 0, skipped: file.counts.created + file.counts.updated + file.counts.skipped, rejected: file.counts.rejected });
});
