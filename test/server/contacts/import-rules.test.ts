import iconv from 'iconv-lite';
import request from 'supertest';
import { ConsentEvent, Contact, ContactAttribute } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { phoneHasher } from '../../../server/contacts/phone-hash';
import type { TestHuixin } from '../../support/test-server';
import { as, importCsv, startWithTier } from './import-support';

let hx: TestHuixin;
let admin: string;
let agent: string;

beforeAll(async () => {
  ({ hx, admin } = await startWithTier());
  agent = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  await hx.ds.manager.insert(ContactAttribute, [
    { key: 'visits', labels: { 'zh-CN': '到店次数' }, type: 'number', choices: null, position: 1 },
    { key: 'birthday', labels: { 'zh-CN': '生日' }, type: 'date', choices: null, position: 2 },
  ]);
});
afterAll(async () => { await hx?.close(); });

const contact = (phone: string) => hx.ds.manager.findOneBy(Contact, { phone });
const count = (phonePrefix: string) => hx.ds.manager.createQueryBuilder(Contact, 'c').where('c.phone LIKE :p', { p: `${phonePrefix}%` }).getCount();

describe('who may import', () => {
  it('is for admins: an agent gets 403 and a stranger 401, and nothing is stored', async () => {
    await importCsv(hx, agent, 'phone\n13511110001\n').expect(403);
    await request(hx.url).post('/api/contacts/import').set('Content-Type', 'text/csv').send('phone\n13511110001\n').expect(401);
    expect(await contact('+8613511110001')).toBeNull();
  });

  it('takes text/csv only: JSON gets a clear 415', async () => {
    const res = await request(hx.url).post('/api/contacts/import').set(as(admin)).send({ phone: '13511110001' }).expect(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', message: 'Send the file as text/csv' });
    await importCsv(hx, admin, 'phone\n13511110001\n', {}, 'text/plain').expect(415);
  });
});

describe('the header', () => {
  it('refuses unknown columns with a 400 naming them, before writing any row', async () => {
    const res = await importCsv(hx, admin, 'phone,name,手机,会员等级\n13511110002,甲,,\n').expect(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_columns', field: 'mapping' });
    expect(res.body.error.message).toContain('手机, 会员等级');
    expect(await contact('+8613511110002')).toBeNull();
  });

  it('maps a Chinese spreadsheet\'s headers to fields and attributes, and leaves out a column mapped to ""', async () => {
    const csv = '手机,姓名,会员等级,备注\n135 1111 0003,王小明,金卡,老客户\n';
    const mapping = JSON.stringify({ 手机: 'phone', 姓名: 'name', 会员等级: 'tier', 备注: '' });
    const res = await importCsv(hx, admin, csv, { mapping }).expect(200);
    expect(res.body).toMatchObject({ created: 1, rejected: 0 });
    expect(await contact('+8613511110003')).toMatchObject({ name: '王小明', attributes: { tier: '金卡' } });
  });

  it('needs a phone column, and a mapping that is JSON naming real fields', async () => {
    expect((await importCsv(hx, admin, 'name\n甲\n').expect(400)).body.error).toMatchObject({ code: 'missing_column', field: 'phone' });
    expect((await importCsv(hx, admin, 'phone\n1\n', { mapping: '{手机' }).expect(400)).body.error.field).toBe('mapping');
    expect((await importCsv(hx, admin, '手机\n1\n', { mapping: '{"手机":"mobile"}' }).expect(400)).body.error.field).toBe('mapping');
    expect((await importCsv(hx, admin, 'phone,name,姓名\n1,a,b\n', { mapping: '{"姓名":"name"}' }).expect(400)).body.error.code).toBe('duplicate_column');
    expect((await importCsv(hx, admin, '').expect(400)).body.error).toMatchObject({ code: 'empty_file', field: 'body' });
    expect((await importCsv(hx, admin, 'phone\n1\n', { region: 'XX' }).expect(400)).body.error.field).toBe('region');
    expect((await importCsv(hx, admin, 'phone\n1\n', { source: 'x'.repeat(101) }).expect(400)).body.error.field).toBe('source');
  });
});

describe('rows', () => {
  it('rejects a row with every fault named, on its own line in the file, and keeps nothing of it', async () => {
    const csv = [
      'phone,name,tier,visits,birthday,locale,timezone,consent,tags',
      '13522220001,好,金卡,3,1990-05-01,en,America/New_York,marketing,a;b',
      '',
      '13522220002,"多行',
      '名字",钻石,three,1990-02-30,fr,Mars/Base,maybe,has space',
      '13522220003,,,,,,,,',
      'not-a-phone,坏,,,,,,,',
    ].join('\n');
    const res = await importCsv(hx, admin, csv).expect(200);
    expect(res.body).toMatchObject({ created: 2, rejected: 2, errorCount: 8 });
    expect(res.body.errors.map((e: { line: number; field: string }) => `${e.line}:${e.field}`)).toEqual([
      '4:tier', '4:visits', '4:birthday', '4:locale', '4:timezone', '4:consent', '4:tags', '7:phone',
    ]);
    expect(res.body.errors[0].message).toBe('"钻石" is not one of 普通, 银卡, 金卡');
    expect(await contact('+8613522220002')).toBeNull();
    expect(await contact('+8613522220001')).toMatchObject({
      name: '好', locale: 'en', timezone: 'America/New_York', tags: ['a', 'b'], attributes: { tier: '金卡', visits: 3, birthday: '1990-05-01' },
    });
    // A new contact with empty cells gets what any new contact gets: the number's language, the business's zone.
    expect(await contact('+8613522220003')).toMatchObject({ name: null, locale: 'zh-CN', timezone: 'Asia/Shanghai', tags: [] });
  });

  it('updates an existing contact: a filled cell replaces, an empty one keeps, tags are added to; an unchanged row is skipped', async () => {
    await importCsv(hx, admin, 'phone,name,tags,tier,locale\n13533330001,原名,vip,银卡,zh-CN\n13533330002,不变,vip,,\n').expect(200);
    const res = await importCsv(hx, admin, 'phone,name,tags,tier,locale\n13533330001,,门店A,,en\n13533330002,不变,vip,,\n').expect(200);
    expect(res.body).toMatchObject({ created: 0, updated: 1, skipped: 1 });
    expect(await contact('+8613533330001')).toMatchObject({ name: '原名', tags: ['vip', '门店A'], attributes: { tier: '银卡' }, locale: 'en' });
  });

  it('skips a number already on an earlier line, saying which', async () => {
    const res = await importCsv(hx, admin, 'phone,name\n13544440001,第一\n+86 135 4444 0001,第二\n').expect(200);
    expect(res.body).toMatchObject({ created: 1, skipped: 1, notes: [{ line: 3, field: 'phone', message: '+8613544440001 is already on line 2: this row was skipped' }] });
    expect((await contact('+8613544440001'))!.name).toBe('第一');
  });

  it('reads numbers in ?region= and takes off the export\'s formula escape', async () => {
    const res = await importCsv(hx, admin, "phone,name\n201-555-0123,Ann\n'+12015550124,'=Bob\n", { region: 'US' }).expect(200);
    expect(res.body).toMatchObject({ created: 2 });
    expect(await contact('+12015550123')).toMatchObject({ name: 'Ann', locale: 'en' });
    expect(await contact('+12015550124')).toMatchObject({ name: '=Bob' });
  });

  it('keeps the rows before a break in the CSV and says where it broke', async () => {
    const res = await importCsv(hx, admin, 'phone,name\n13555550001,好\n\n13555550002,"没有结束\n13555550003,x\n').expect(200);
    expect(res.body).toMatchObject({ created: 1, complete: false, errors: [{ line: 4, field: 'csv' }] });
    expect(await contact('+8613555550001')).not.toBeNull();
  });

  it('a dry run counts and checks exactly as an import would, and writes nothing', async () => {
    const csv = 'phone,name,consent\n13566660001,新,marketing\n13533330002,不变,\nbad,x,\n13566660001,again,\n';
    const dry = await importCsv(hx, admin, csv, { dryRun: 'true' }).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, created: 1, updated: 0, skipped: 2, rejected: 1, errors: [{ line: 4, field: 'phone' }] });
    expect(await count('+8613566660')).toBe(0);
    expect(await hx.ds.manager.countBy(ConsentEvent, { source: 'import', detail: 'dry' })).toBe(0);
    const real = await importCsv(hx, admin, csv, { source: 'dry' }).expect(200);
    expect({ ...real.body, dryRun: true }).toEqual(dry.body);
  });
});

describe('consent', () => {
  it('records marketing consent with the list\'s source, and transactional as appointment texts only', async () => {
    const source = 'imported: 2026-03 门店登记表';
    await importCsv(hx, admin, 'phone,consent\n13577770001,marketing\n13577770002,transactional\n', { source }).expect(200);
    const yes = (await contact('+8613577770001'))!;
    expect(yes.marketingConsentAt?.toISOString()).toBe(hx.clock.now().toISOString());
    expect(await hx.ds.manager.findBy(ConsentEvent, { contactId: yes.id })).toMatchObject([{ kind: 'opt_in', scope: 'marketing', source: 'import', detail: source }]);
    const transactional = (await contact('+8613577770002'))!;
    expect(transactional.marketingConsentAt).toBeNull();
    expect(await hx.ds.manager.findBy(ConsentEvent, { contactId: transactional.id })).toMatchObject([{ kind: 'opt_in', scope: 'all', source: 'import', detail: source }]);
    // Already consented: importing the same list again records nothing twice.
    const again = await importCsv(hx, admin, 'phone,consent\n13577770001,marketing\n', { source }).expect(200);
    expect(again.body).toMatchObject({ skipped: 1 });
    expect(await hx.ds.manager.countBy(ConsentEvent, { contactId: yes.id })).toBe(1);
  });

  it('never overrides a refusal: an opted-out or marketing-refusing contact stays so, and the answer says so', async () => {
    await importCsv(hx, admin, 'phone,consent\n13588880001,opted_out\n13588880002,marketing_opted_out\n').expect(200);
    const res = await importCsv(hx, admin, 'phone,name,consent\n13588880001,改名,marketing\n13588880002,,marketing\n').expect(200);
    expect(res.body).toMatchObject({ updated: 1, skipped: 1, noteCount: 2 });
    expect(res.body.notes.map((n: { line: number; field: string }) => `${n.line}:${n.field}`)).toEqual(['2:consent', '3:consent']);
    expect(await contact('+8613588880001')).toMatchObject({ name: '改名', optedOut: true, marketingConsentAt: null });
    expect(await contact('+8613588880002')).toMatchObject({ marketingOptedOut: true, marketingConsentAt: null });
  });

  it('finds the refusal of a number erased while opted out, by its keyed hash', async () => {
    const hash = await phoneHasher(hx.ds);
    await hx.ds.manager.insert(ConsentEvent, { contactId: null, kind: 'opt_out', scope: 'all', source: 'sms', messageId: null, detail: null, phoneHash: hash('+8613599990001'), createdAt: new Date('2026-01-01T00:00:00Z') });
    const res = await importCsv(hx, admin, 'phone,name,consent\n13599990001,回来了,marketing\n13599990002,别人,marketing\n').expect(200);
    expect(res.body).toMatchObject({ created: 2, notes: [{ line: 2, field: 'consent' }] });
    expect(await contact('+8613599990001')).toMatchObject({ optedOut: true, marketingConsentAt: null });
    expect((await contact('+8613599990002'))!.marketingConsentAt).not.toBeNull();
  });
});

describe('encodings', () => {
  it('guesses GBK even when the first Chinese character comes after many ASCII rows, and ?encoding= forces one', async () => {
    const ascii = Array.from({ length: 300 }, (_, i) => `136111${String(i).padStart(5, '0')},Customer ${i}`).join('\r\n');
    const csv = `phone,name\r\n${ascii}\r\n13622220001,张三丰\r\n`;
    const guessed = await importCsv(hx, admin, iconv.encode(csv, 'gbk')).expect(200);
    expect(guessed.body).toMatchObject({ created: 301, encoding: 'gb18030' });
    expect((await contact('+8613622220001'))!.name).toBe('张三丰');
    const forced = await importCsv(hx, admin, iconv.encode('phone,name\r\n13622220002,李四\r\n', 'gbk'), { encoding: 'gbk' }).expect(200);
    expect(forced.body.encoding).toBe('gb18030');
    expect((await contact('+8613622220002'))!.name).toBe('李四');
    const charset = await importCsv(hx, admin, iconv.encode('phone,name\r\n13622220003,王五\r\n', 'gbk'), {}, 'text/csv; charset=gbk').expect(200);
    expect(charset.body.encoding).toBe('gb18030');
  });
});

describe('junk', () => {
  it('answers 200 or a 4xx with the error shape to hundreds of malformed files, never a 5xx', async () => {
    let seed = 13;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pieces = ['"', '""', ',', '\n', '\r\n', '\r', '13800138000', '张', '\uFEFF', '\u0000', ' ', 'phone', 'name', 'tier', ';', "'=", 'x'.repeat(70_000)];
    for (let i = 0; i < 150; i++) {
      const junk = Array.from({ length: 1 + Math.floor(random() * 30) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const body = random() < 0.2 ? Buffer.from(Array.from({ length: 200 }, () => Math.floor(random() * 256))) : `phone,name\n${junk}`;
      const res = await importCsv(hx, admin, body, random() < 0.5 ? { dryRun: 'true' } : {});
      expect([200, 400]).toContain(res.status);
      if (res.status === 400) expect(typeof res.body.error.code).toBe('string');
    }
  });
});
