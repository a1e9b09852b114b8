import { checkedRequest as request } from '../../support/openapi-check';
import type { DataSource } from 'typeorm';
import { Contact, ContactAttribute } from '../../../server/db/entities';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';

export const as = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A custom field the files fill: 会员等级 with three choices. */
export async function defineTier(ds: DataSource): Promise<void> {
  await ds.manager.insert(ContactAttribute, { key: 'tier', labels: { 'zh-CN': '会员等级', en: 'Tier' }, type: 'choice', choices: ['普通', '银卡', '金卡'], position: 0 });
}

/** A server with the tier field defined, and an admin's token. */
export async function startWithTier(): Promise<{ hx: TestHuixin; admin: string }> {
  const hx = await startTestHuixin();
  await defineTier(hx.ds);
  return { hx, admin: await hx.loginAs(ADMIN.email, ADMIN.password) };
}

/** POSTs `body` as a CSV upload, with extra query parameters. */
export function importCsv(hx: TestHuixin, token: string, body: string | Buffer, query: Record<string, string> = {}, contentType = 'text/csv') {
  const qs = new URLSearchParams(query).toString();
  return request(hx.url).post(`/api/contacts/import${qs ? `?${qs}` : ''}`).set(as(token)).set('Content-Type', contentType).send(Buffer.isBuffer(body) ? body : Buffer.from(body));
}

export interface BigFile {
  text: string;
  /** The `errors` the server must answer, in file order. */
  errors: Array<{ line: number; field: string }>;
  counts: { created: number; updated: number; skipped: number; rejected: number };
  /** New numbers on rows rejected for another field: none of them may exist afterwards. */
  rejectedPhones: string[];
  /** Rows whose name has a line break inside its quotes. */
  multiline: Array<{ phone: string; name: string }>;
  marketing: number;
  transactional: number;
}

export const phoneOf = (prefix: string, k: number) => `+86${prefix}${String(k).padStart(8, '0')}`;
const EXISTING = 1000;

/** The first 1,000 numbers of a file exist already: name 客户k, tag vip, tier 金卡. */
export async function insertExisting(ds: DataSource, prefix: string): Promise<void> {
  const now = new Date('2026-11-01T00:00:00Z');
  for (let from = 0; from < EXISTING; from += 250) {
    await ds.manager.createQueryBuilder().insert().into(Contact).values(Array.from({ length: 250 }, (_, i) => ({
      phone: phoneOf(prefix, from + i), name: `客户${from + i}`, tags: ['vip'], attributes: { tier: '金卡' }, locale: 'zh-CN', timezone: 'Asia/Shanghai',
      optedOut: false, optedOutAt: null, marketingOptedOut: false, marketingConsentAt: null, createdAt: now, updatedAt: now,
    }))).execute();
  }
}

/**
 * 10,000 rows for numbers +86 <prefix> 0000000k, in three spellings. Per hundred rows: row 96 has a tier that is not
 * a choice, 98 repeats row 97's number, 99 has no real number. Rows 0–999 are existing contacts: the even ones say
 * what is stored (unchanged), the odd ones a new name. From row 1000, every thousandth-and-500th row's name spans two
 * lines, so later line numbers only come out right if quoted line breaks are counted.
 */
export function bigFile(prefix: string, rows = 10_000): BigFile {
  const lines = ['phone,name,tags,consent,tier'];
  const file: BigFile = { text: '', errors: [], counts: { created: 0, updated: 0, skipped: 0, rejected: 0 }, rejectedPhones: [], multiline: [], marketing: 0, transactional: 0 };
  let line = 1;
  for (let k = 0; k < rows; k++) {
    line++;
    const phone = phoneOf(prefix, k);
    const spelled = [phone.replace(/^\+86(\d{3})(\d{4})(\d{4})$/, '+86 $1 $2 $3'), phone.slice(3), `0086${phone.slice(3)}`][k % 3];
    const kind = k % 100;
    if (kind === 99) {
      lines.push(`${k % 2 ? '12345' : '电话号码'},坏号码${k},,,`);
      file.errors.push({ line, field: 'phone' }); file.counts.rejected++;
      continue;
    }
    if (kind === 98) { lines.push(`${phoneOf(prefix, k - 1)},重复${k},,,`); file.counts.skipped++; continue; }
    if (kind === 96) {
      lines.push(`${spelled},等级错${k},,marketing,钻石`);
      file.errors.push({ line, field: 'tier' }); file.counts.rejected++;
      if (k >= EXISTING) file.rejectedPhones.push(phone);
      continue;
    }
    if (k < EXISTING) {
      if (k % 2 === 0) { lines.push(`${spelled},客户${k},vip,,金卡`); file.counts.skipped++; } else { lines.push(`${spelled},新名字${k},,,`); file.counts.updated++; }
      continue;
    }
    const consent = ['marketing', 'transactional', '', ''][k % 4];
    if (consent === 'marketing') file.marketing++;
    if (consent === 'transactional') file.transactional++;
    if (k % 1000 === 500) {
      const name = `张\n${k}`;
      lines.push(`${spelled},"${name}","vip;门店A",${consent},银卡`);
      file.multiline.push({ phone, name });
      line++;
    } else {
      lines.push(`${spelled},客户${k},vip;门店A,${consent},${k % 2 ? '普通' : ''}`);
    }
    file.counts.created++;
  }
  file.text = `${lines.join('\r\n')}\r\n`;
  return file;
}
