import request from 'supertest';
import { Contact, ShortLink } from '../../../server/db/entities';
import { inTransaction } from '../../../server/db/transaction';
import { clickedContactIds, clickedCount, whereClicked } from '../../../server/links/link-clicks';
import { createShortLink, createShortLinks, shortUrl, UnsafeTargetError } from '../../../server/links/create-links';
import { isPreviewFetch } from '../../../server/links/link-preview';
import { closeQuietly } from '../appointments/support';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';

const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47';
const TARGET = 'https://clinic.example/offer?utm=spring';

let hx: TestHuixin;
beforeAll(async () => { hx = await startTestHuixin({ PUBLIC_URL: 'https://huixin.example' }); });
afterAll(() => closeQuietly(hx));

let contactSeq = 0;
async function contacts(n: number): Promise<number[]> {
  const rows = Array.from({ length: n }, () => hx.ds.manager.create(Contact, { phone: `+86139820${String(++contactSeq).padStart(5, '0')}`, name: null, tags: [], optedOut: false }));
  return (await hx.ds.manager.save(rows)).map((c) => c.id);
}

const linkOf = (code: string) => hx.ds.manager.findOneByOrFail(ShortLink, { code });
const tap = (code: string, ua = PHONE) => request(hx.url).get(`/s/${code}`).set('User-Agent', ua);

describe('creating short links', () => {
  it('gives every recipient an unguessable code of their own, in one go, with the public address', async () => {
    const ids = await contacts(1200);
    const codes = await inTransaction(hx.ds, (em) => createShortLinks(em, { targetUrl: TARGET, campaignId: 501, contactIds: [...ids, ids[0]], now: hx.clock.now() }));
    expect(codes.size).toBe(1200);
    const all = [...codes.values()];
    expect(new Set(all).size).toBe(1200);
    for (const code of all) expect(code).toMatch(/^[0-9A-Za-z]{8}$/);
    expect(await hx.ds.manager.countBy(ShortLink, { campaignId: 501 })).toBe(1200);
    expect(shortUrl('https://huixin.example/', 3000, all[0])).toBe(`https://huixin.example/s/${all[0]}`);
    expect(shortUrl(undefined, 3000, all[0])).toBe(`http://localhost:3000/s/${all[0]}`);
  });

  it('refuses a target that is not a web page', async () => {
    await expect(inTransaction(hx.ds, (em) => createShortLink(em, { targetUrl: 'javascript:alert(1)', now: hx.clock.now() }))).rejects.toBeInstanceOf(UnsafeTargetError);
  });
});

describe('GET /s/:code', () => {
  it('redirects a person to the target and counts them once, however often they tap', async () => {
    const [id] = await contacts(1);
    const codes = await inTransaction(hx.ds, (em) => createShortLinks(em, { targetUrl: TARGET, campaignId: 502, contactIds: [id], now: hx.clock.now() }));
    const code = codes.get(id)!;

    const res = await tap(code).expect(302);
    expect(res.headers.location).toBe(TARGET);
    expect(res.headers['cache-control']).toBe('no-store');
    await tap(code).expect(302);
    const link = await eventually(async () => { const l = await linkOf(code); return l.clickCount === 2 ? l : null; });
    expect(link.firstClickedAt).not.toBeNull();
    expect(await clickedCount(hx.ds.manager, 502)).toBe(1);
    expect(await clickedContactIds(hx.ds.manager, 502)).toEqual([id]);
  });

  it('redirects link-preview fetchers and HEAD requests without counting them', async () => {
    const [id] = await contacts(1);
    const code = (await inTransaction(hx.ds, (em) => createShortLinks(em, { targetUrl: TARGET, campaignId: 503, contactIds: [id], now: hx.clock.now() }))).get(id)!;
    const fetchers = [
      'WhatsApp/2.23.20.0 A', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      // iMessage's link preview
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', 'TelegramBot (like TwitterBot)', 'curl/8.4.0',
    ];
    for (const ua of fetchers) expect((await tap(code, ua).expect(302)).headers.location).toBe(TARGET);
    await request(hx.url).head(`/s/${code}`).set('User-Agent', PHONE).expect(302);
    await request(hx.url).get(`/s/${code}`).set({ 'User-Agent': PHONE, 'Sec-Purpose': 'prefetch' }).expect(302);
    // A person's tap an hour later is the first counted click: had anything above counted, the first click would be earlier.
    const personAt = new Date(hx.clock.now().getTime() + 3_600_000);
    hx.clock.set(personAt);
    await tap(code).expect(302);
    const link = await eventually(async () => { const l = await linkOf(code); return l.clickCount > 0 ? l : null; });
    expect(link.firstClickedAt).toEqual(personAt);
    expect(link.clickCount).toBe(1);
    expect(await clickedCount(hx.ds.manager, 503)).toBe(1);
  });

  it('answers an unknown or malformed code with a plain 404 page, or the JSON error for scripts', async () => {
    for (const code of ['ZZZZZZZZ', 'short', 'abc.def', '%E4%BD%A0']) {
      const page = await request(hx.url).get(`/s/${code}`).set('Accept', 'text/html').expect(404);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Link not found');
      const api = await request(hx.url).get(`/s/${code}`).set('Accept', 'application/json').expect(404);
      expect(api.body).toEqual({ error: { code: 'not_found', message: 'No such link' } });
    }
  });
});

describe('the clicked filter for segments', () => {
  it('narrows contacts to those who clicked in a campaign, or to those who did not', async () => {
    const ids = await contacts(3);
    const codes = await inTransaction(hx.ds, (em) => createShortLinks(em, { targetUrl: TARGET, campaignId: 504, contactIds: ids, now: hx.clock.now() }));
    await tap(codes.get(ids[1])!).expect(302);
    await eventually(async () => ((await clickedCount(hx.ds.manager, 504)) === 1 ? true : null));
    const among = (clicked: boolean) => whereClicked(hx.ds.manager.createQueryBuilder(Contact, 'c').where('c.id IN (:...ids)', { ids }), 'c', 504, clicked)
      .getMany().then((rows) => rows.map((r) => r.id).sort((a, b) => a - b));
    expect(await among(true)).toEqual([ids[1]]);
    expect(await among(false)).toEqual([ids[0], ids[2]]);
  });
});

describe('telling people from preview fetchers', () => {
  it.each([
    ['a phone browser', { method: 'GET', userAgent: 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36' }, false],
    ['WeChat\'s in-app browser (a person)', { method: 'GET', userAgent: PHONE }, false],
    ['no User-Agent', { method: 'GET' }, true],
    ['HEAD', { method: 'HEAD', userAgent: PHONE }, true],
    ['Discord', { method: 'GET', userAgent: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)' }, true],
    ['a Python script', { method: 'GET', userAgent: 'python-requests/2.31' }, true],
  ] as const)('%s', (_d, req, preview) => {
    expect(isPreviewFetch(req)).toBe(preview);
  });
});
