/**
 * Contacts CSV import: 10,000 and 100,000 new contacts posted to POST /api/contacts/import on an in-process server,
 * with wall time, rows/s and memory (peak RSS and heap above what the process held before), beside two baselines
 * measured in the same run on the same rows: csv-parse alone reading the file, and plain multi-row INSERTs of the
 * same contacts (1,000 a statement, one transaction each) — the floor the import's checks and upserts add to.
 * Usage: npm run bench:import [-- --rows 10000,100000]; DATABASE_URL picks MariaDB.
 */
import http from 'node:http';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { loadConfig } from '../../server/config';
import { startHuixin } from '../../server/huixin';
import { createTestDatabase } from '../../test/support/test-database';

const SIZES = (process.argv.find((a, i) => process.argv[i - 1] === '--rows') ?? '10000,100000').split(',').map(Number);

/** A file of `rows` new contacts on numbers starting +86 <prefix>, as a clinic's list would look. */
function csvOf(prefix: string, rows: number): Buffer {
  const lines = ['phone,name,tags,consent,locale'];
  for (let k = 0; k < rows; k++) lines.push(`${prefix}${String(k).padStart(8, '0')},客户${k},vip;门店A,${k % 2 ? 'marketing' : 'transactional'},zh-CN`);
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/**
 * Runs `work`, sampling memory every 20 ms: wall time, how far RSS and heap rose above where they started, and the heap
 * still held after a collection once it is done (with --expose-gc, as npm run bench:import passes).
 */
async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; rssMb: number; heapMb: number; keptMb: number }> {
  global.gc?.();
  const start = process.memoryUsage();
  let rss = start.rss; let heap = start.heapUsed;
  const timer = setInterval(() => { const m = process.memoryUsage(); rss = Math.max(rss, m.rss); heap = Math.max(heap, m.heapUsed); }, 20);
  const t0 = performance.now();
  try {
    const result = await work();
    const ms = performance.now() - t0;
    global.gc?.();   // what stays after a collection: the peak above is mostly garbage not yet collected
    return { result, ms, rssMb: (rss - start.rss) / 1_048_576, heapMb: (heap - start.heapUsed) / 1_048_576, keptMb: (process.memoryUsage().heapUsed - start.heapUsed) / 1_048_576 };
  } finally {
    clearInterval(timer);
  }
}

const line = (what: string, rows: number, m: { ms: number; rssMb: number; heapMb: number; keptMb: number }) =>
  console.log(`${what.padEnd(34)} ${String(rows).padStart(7)} rows  ${(m.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rows / (m.ms / 1000)).toString().padStart(7)} rows/s  RSS +${m.rssMb.toFixed(0)} MB  heap +${m.heapMb.toFixed(0)} MB peak, +${Math.max(0, m.keptMb).toFixed(0)} MB kept`);

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' });
  const hx = await startHuixin(config);
  try {
    const login = await fetch(`${hx.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD }) });
    const { token } = await login.json() as { token: string };
    global.gc?.();
    console.log(`contacts CSV import (${process.env.DATABASE_URL ? 'MariaDB' : 'SQLite'}), Node ${process.version}; heap in use after start ${(process.memoryUsage().heapUsed / 1_048_576).toFixed(0)} MB`);
    // A first small import loads the import's modules (csv-parse, iconv-lite, phone metadata) as any server's first does.
    const warm = await postCsv(`${hx.url}/api/contacts/import`, token, csvOf('129', 100));
    if (warm.status !== 200) throw new Error(`warm-up import failed: ${JSON.stringify(warm)}`);
    let prefix = 130;
    for (const rows of SIZES) {
      const file = csvOf(String(prefix++), rows);
      const parsed = await measured(async () => { let n = 0; for await (const _ of Readable.from(chunksOf(file)).pipe(parse({ relax_column_count: true }))) n++; return n; });
      line('baseline: csv-parse alone', rows, parsed);
      const inserted = await measured(() => plainInserts(hx.ds, String(prefix++), rows));
      line('baseline: plain bulk INSERT', rows, inserted);
      const imported = await measured(() => postCsv(`${hx.url}/api/contacts/import?source=bench`, token, file));
      if (imported.result.status !== 200 || imported.result.body.created !== rows) throw new Error(`import failed: ${JSON.stringify(imported.result)}`);
      line('POST /api/contacts/import', rows, imported);
      if (rows <= 10_000 && imported.ms > 5000) process.exitCode = 1;   // the goal: 10,000 rows well under 5 s
    }
  } finally {
    await hx.stop();
    await db.drop();
  }
}

/** The file in 64 KB pieces, as a socket delivers it (one 5 MB chunk would make csv-parse emit every record at once). */
function* chunksOf(file: Buffer): Generator<Buffer> {
  for (let at = 0; at < file.length; at += 65_536) yield file.subarray(at, at + 65_536);
}

/**
 * POSTs a file on a connection of its own: a kept-alive one can be closed by the server's keep-alive timeout just as
 * the next upload starts on it (ECONNRESET), which is the client's race, not the import's.
 */
function postCsv(url: string, token: string, file: Buffer): Promise<{ status: number; body: { created: number } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'text/csv', 'content-length': file.length, authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString()) }));
    });
    req.on('error', reject).end(file);
  });
}

/** The same contacts as multi-row INSERTs of 1,000, one transaction each: what writing alone costs. */
async function plainInserts(ds: import('typeorm').DataSource, prefix: string, rows: number): Promise<void> {
  const now = new Date().toISOString().replace('T', ' ').slice(0, 23);   // a DATETIME(3) both databases read
  for (let from = 0; from < rows; from += 1000) {
    const values: unknown[] = [];
    const count = Math.min(1000, rows - from);
    for (let k = from; k < from + count; k++) values.push(`+86${prefix}${String(k).padStart(8, '0')}`, `客户${k}`, '["vip","门店A"]', 'zh-CN', 'Asia/Shanghai', now, now);
    await ds.transaction((em) => em.query(
      `INSERT INTO contacts (phone, name, tags, locale, timezone, created_at, updated_at) VALUES ${Array(count).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`, values));
  }
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => { console.error(err); process.exit(1); });
