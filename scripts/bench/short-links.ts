/**
 * Short links: creating one code per recipient for a 100,000-recipient campaign (createShortLinks, one transaction),
 * beside a baseline measured in the same run — the same rows with codes made beforehand, through the same bulk
 * INSERT — so the figure shows what code generation and chunking add. Then GET /s/:code answer times for a known
 * code and an unknown one (median and p95 of 1,000 sequential requests each): they should not tell codes apart.
 * Usage: npm run bench:links [-- --rows 100000]; DATABASE_URL picks MariaDB.
 */
import http from 'node:http';
import { loadConfig } from '../../server/config';
import { ShortLink } from '../../server/db/entities';
import { inTransaction } from '../../server/db/transaction';
import { startHuixin } from '../../server/huixin';
import { bulkInsert } from '../../server/contacts/transfer/bulk-insert';
import { createShortLinks } from '../../server/links/create-links';
import { newCode } from '../../server/links/link-codes';
import { createTestDatabase } from '../../test/support/test-database';

const ROWS = Number(process.argv.find((a, i) => process.argv[i - 1] === '--rows') ?? 100_000);
const TARGET = 'https://clinic.example/spring-offer?utm_source=sms';

function get(url: string, userAgent = 'Mozilla/5.0 (iPhone) bench'): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    http.get(url, { headers: { 'User-Agent': userAgent, Accept: 'text/html' } }, (res) => { res.resume(); res.on('end', () => resolve(performance.now() - t0)); }).on('error', reject);
  });
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)];

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const config = loadConfig({ ...process.env, ...db.env, PORT: '0', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-password-1', SEED_DEMO: 'false' });
  const hx = await startHuixin(config);
  try {
    const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
    let t0 = performance.now();
    await inTransaction(hx.ds, async (em) => {
      const rows = ids.map((contactId) => ({ code: newCode(), targetUrl: TARGET, campaignId: 1, contactId, createdAt: new Date(), firstClickedAt: null, clickCount: 0 }));
      for (let i = 0; i < rows.length; i += 500) await bulkInsert(em, ShortLink, rows.slice(i, i + 500));
    });
    const baseline = performance.now() - t0;
    const heap0 = process.memoryUsage().heapUsed;
    t0 = performance.now();
    const codes = await inTransaction(hx.ds, (em) => createShortLinks(em, { targetUrl: TARGET, campaignId: 2, contactIds: ids, now: new Date() }));
    const ms = performance.now() - t0;
    console.log(`baseline: bulk INSERT of ${ROWS} ready rows      ${(baseline / 1000).toFixed(2)} s`);
    console.log(`createShortLinks for ${ROWS} recipients         ${(ms / 1000).toFixed(2)} s  (${Math.round(ROWS / (ms / 1000))} links/s, heap +${((process.memoryUsage().heapUsed - heap0) / 1_048_576).toFixed(0)} MB incl. the returned map)`);

    const known = [...codes.values()].slice(0, 1000);
    const hit: number[] = []; const miss: number[] = []; const preview: number[] = [];
    for (let i = 0; i < known.length; i++) {
      hit.push(await get(`${hx.url}/s/${known[i]}`));
      preview.push(await get(`${hx.url}/s/${known[(i + 500) % known.length]}`, 'curl/8.4.0'));
      miss.push(await get(`${hx.url}/s/${newCode()}`));
    }
    console.log(`GET /s/:code known    median ${pct(hit, 0.5).toFixed(2)} ms  p95 ${pct(hit, 0.95).toFixed(2)} ms`);
    console.log(`GET /s/:code known, not counted (curl)  median ${pct(preview, 0.5).toFixed(2)} ms  p95 ${pct(preview, 0.95).toFixed(2)} ms`);
    console.log(`GET /s/:code unknown  median ${pct(miss, 0.5).toFixed(2)} ms  p95 ${pct(miss, 0.95).toFixed(2)} ms`);
  } finally {
    await hx.stop();
    await db.drop();
  }
}

main().catch((err) => { console.error(err); process.exit(1); });
