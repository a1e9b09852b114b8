import fs from 'node:fs';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { Appointment, Contact, Conversation, Service } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { local } from '../server/appointments/support';
import { FakeTwilio, twilioEnv } from '../support/fake-twilio';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { ARTIFACTS, screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 17 item 1, the dashboard in a browser. A Tuesday at the demo clinic in Shanghai, built through the real Twilio
// webhooks (texts in, status callbacks), the inbox API and the appointment API under the test clock; the page shows
// 24 November 2026 against the 23rd. Its tiles, figures and charts must show the numbers worked out here, a delivery
// receipt must move the live figure, each number must open what is behind it, its tables download as CSV, and the
// page must fit a phone with no CSP violation.
const AUTH_TOKEN = 'dashboard-auth-token';
const DAY = 'from=2026-11-24&to=2026-11-24';
const HOURS = [['09:00', '18:00']];
const PHONES = {
  P: '+8613800000009', // the day before: one text, answered and delivered
  A: '+8613800000001', // 中国移动: asks for a person, answered by the admin 40 minutes later
  B: '+8613000000002', // 中国联通: asks for a person; the reply is undelivered (30003)
  C: '+8618900000003', // 中国电信: says hello, the bot answers, the admin closes it (bot-resolved)
  D: '+8613800000004', // 中国移动: asks for a person; the reply's receipt comes while the page is open
  F: '+8613800000006', // a visit that morning, scored 4 by SMS
  G: '+8613800000007', // a campaign's recipients, both delivered
  H: '+8613800000008',
};

let twilio: FakeTwilio;
const env: Record<string, string> = {};
// Before the suite's server starts (hooks run in order): the fake Twilio it sends through.
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  Object.assign(env, twilioEnv(twilio, AUTH_TOKEN));
});
const suite = useBrowserSuite({ env, secondBrowser: true });
let hx: TestHuixin;
let page: Page;
let token = '';
let campaignId = 0;
const receipted = new Set<string>();
const cspViolations: string[] = [];
const consoleErrors: string[] = [];

const api = () => ({
  get: (path: string) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`),
  post: (path: string, body: object = {}) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  put: (path: string, body: object) => request(hx.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
});
const at = (time: string) => hx.clock.set(local(time));
let sid = 0;

const sendsTo = (phone: string) => twilio.sends.filter((s) => s.to === phone).length;

/** Waits until `work` has made Huixin hand one more text for `phone` to Twilio (replies are queued after the webhook answers). */
async function answered(phone: string, work: () => Promise<unknown>): Promise<void> {
  const before = sendsTo(phone);
  await work();
  await eventually(async () => { await hx.sender.drain(); return sendsTo(phone) > before; });
}

/** A customer's text through Twilio's signed webhook, and the reply it gets. */
function textIn(from: string, body: string): Promise<void> {
  const params = { MessageSid: `SMin${String(++sid).padStart(28, '0')}`, AccountSid: 'ACtest', From: from, To: '+8610690001', Body: body, NumMedia: '0' };
  const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${hx.url}/webhooks/twilio`, params);
  return answered(from, () => request(hx.url).post('/webhooks/twilio').type('form').set('X-Twilio-Signature', signature).send(params).expect(200));
}

/** Twilio's status callback for every text to `phone` not yet receipted, through the signed webhook. */
async function receipts(phone: string, status: 'delivered' | 'undelivered', extra: Record<string, string> = {}): Promise<number> {
  await hx.sender.drain();
  const sends = twilio.sends.filter((s) => s.to === phone && !receipted.has(s.sid));
  for (const send of sends) {
    receipted.add(send.sid);
    const params = { MessageSid: send.sid, MessageStatus: status, To: phone, ...extra };
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${hx.url}/webhooks/twilio/status`, params);
    await request(hx.url).post('/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(params).expect(204);
  }
  return sends.length;
}

const conversationOf = async (phone: string) =>
  (await hx.ds.manager.findOneByOrFail(Conversation, { contactId: (await hx.ds.manager.findOneByOrFail(Contact, { phone })).id })).id;

/** What the day's texts came to: counted as they are sent and receipted below. */
const day = { delivered: 0, undelivered: 0, awaiting: 0 };

beforeAll(async () => {
  ({ hx, page } = suite);
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    else if (m.type() === 'error') consoleErrors.push(m.text());
  });

  // The Sunday before: weekday hours, no reminders (each would be one more text to count), the demo's own visits
  // cancelled (they would close and be surveyed on the day), F's visit booked for Tuesday 09:00.
  at('2026-11-22 12:00');
  await api().put('/api/settings', { businessHours: { 1: HOURS, 2: HOURS, 3: HOURS, 4: HOURS, 5: HOURS, 6: [], 7: [] }, closedDates: [], reminders: [] }).expect(200);
  for (const demo of await hx.ds.manager.findBy(Appointment, {})) await api().post(`/api/appointments/${demo.id}/cancel`).expect(200);
  const cleaning = await hx.ds.manager.findOneByOrFail(Service, { name: '洗牙' });
  let visit = { id: 0 };
  await answered(PHONES.F, async () => { visit = (await api().post('/api/appointments', { contactPhone: PHONES.F, serviceId: cleaning.id, startsAt: local('2026-11-24 09:00').toISOString() }).expect(201)).body; });
  twilio.sends.forEach((s) => receipted.add(s.sid));   // Sunday's texts: in neither period, left without receipts

  at('2026-11-23 10:00');                              // the previous period: one text, delivered
  await textIn(PHONES.P, '人工');
  await receipts(PHONES.P, 'delivered', { NumSegments: '1' });

  at('2026-11-24 09:00');
  await textIn(PHONES.A, '人工');
  day.delivered += await receipts(PHONES.A, 'delivered', { NumSegments: '1' });
  at('2026-11-24 09:10');
  await textIn(PHONES.B, '人工');
  day.undelivered += await receipts(PHONES.B, 'undelivered', { ErrorCode: '30003', NumSegments: '1' });
  at('2026-11-24 09:20');
  await textIn(PHONES.C, '你好');
  day.delivered += await receipts(PHONES.C, 'delivered', { NumSegments: '1' });
  at('2026-11-24 09:30');
  await textIn(PHONES.D, '人工');
  day.awaiting += twilio.sends.filter((s) => s.to === PHONES.D).length;
  at('2026-11-24 09:35');
  await answered(PHONES.F, () => api().post(`/api/appointments/${visit.id}/complete`).expect(200));   // the survey goes out
  day.delivered += await receipts(PHONES.F, 'delivered', { NumSegments: '1' });
  at('2026-11-24 09:40');
  const threadA = await conversationOf(PHONES.A);
  await answered(PHONES.A, () => api().post(`/api/conversations/${threadA}/messages`, { body: '您好，我是前台，马上为您安排' }).expect(201));
  day.delivered += await receipts(PHONES.A, 'delivered', { NumSegments: '1' });
  at('2026-11-24 09:45');
  await textIn(PHONES.F, '4');
  day.delivered += await receipts(PHONES.F, 'delivered', { NumSegments: '1' });
  at('2026-11-24 10:00');
  await api().post(`/api/conversations/${await conversationOf(PHONES.C)}/resolve`).expect(200);
  at('2026-11-24 10:02');                              // a notice to two people, both delivered
  const people = [];
  for (const phone of [PHONES.G, PHONES.H]) people.push((await api().post('/api/contacts', { phone, name: '客户' }).expect(201)).body.id);
  const segment = (await api().post('/api/segments', { name: '停诊通知', contactIds: people }).expect(201)).body.id;
  campaignId = (await api().post('/api/campaigns', { name: '周六停诊', category: 'transactional', segmentId: segment, body: '诊所通知：本周六停诊一天' }).expect(201)).body.id;
  await answered(PHONES.H, () => answered(PHONES.G, () => api().post(`/api/campaigns/${campaignId}/start`).expect(200)));
  for (const phone of [PHONES.G, PHONES.H]) day.delivered += await receipts(phone, 'delivered', { NumSegments: '1' });
  at('2026-11-24 10:05');
  expect(day).toMatchObject({ undelivered: 1, awaiting: 1 });
  expect(await hx.ds.manager.findOneByOrFail(Appointment, { id: visit.id })).toMatchObject({ csatScore: 4 });

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${hx.url}/login?next=${encodeURIComponent(`/reports?${DAY}`)}`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/reports?**');
}, 120_000);

afterAll(async () => { await twilio?.stop(); });

const tile = (id: string) => page.locator(`[data-tile="${id}"]`);
/** What ECharts plotted in a chart of a section (which loads once scrolled to). */
const plotted = async (section: string, chart: string) => {
  await page.locator(`[data-section="${section}"]`).scrollIntoViewIfNeeded();
  const figure = page.locator(`[data-chart="${chart}"]`);
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('canvas').first().waitFor();
  const text = await eventually(() => figure.getAttribute('data-plotted'), 8000);
  return JSON.parse(text) as { categories: string[]; series: Record<string, unknown[]>; line: number | null };
};

describe('the dashboard in a browser', () => {
  it('shows the key figures against their health lines, with the change from the day before', async () => {
    await tile('deliveryRate').waitFor();
    const sent = day.delivered + day.undelivered + day.awaiting;
    const rate = day.delivered / (day.delivered + day.undelivered);
    expect(Number(await tile('deliveryRate').getAttribute('data-value'))).toBeCloseTo(rate, 12);
    expect(await tile('deliveryRate').getAttribute('data-health')).toBe('red');
    expect(await tile('deliveryRate').locator('[data-tile-value]').innerText()).toBe(`${+(rate * 100).toFixed(1)}%`);
    // The day before, every text with a final receipt was delivered: 100%, so the rate fell, which is bad.
    const change = tile('deliveryRate').locator('[data-change]');
    expect(await change.innerText()).toBe(`▼ ${+((1 - rate) * 100).toFixed(2)} 个百分点`);
    expect(await change.getAttribute('class')).toContain('bad');
    // Five episodes (A, B, C, D and F's score), C's closed by the bot alone: 20%, under the 30% amber line.
    expect(await tile('botResolutionRate').getAttribute('data-value')).toBe(String(1 / 5));
    expect(await tile('botResolutionRate').getAttribute('data-health')).toBe('red');
    // A asked at 09:00 and was answered at 09:40: 40 minutes of business hours, amber (15 min – 1 h).
    expect(await tile('firstResponse').getAttribute('data-value')).toBe(String(40 * 60));
    expect(await tile('firstResponse').getAttribute('data-health')).toBe('amber');
    expect(await tile('firstResponse').locator('[data-tile-value]').innerText()).toBe('40分');
    expect(await tile('optOutRate').getAttribute('data-value')).toBe('0');
    expect(await tile('optOutRate').getAttribute('data-health')).toBe('green');
    expect(await tile('csatAverage').getAttribute('data-value')).toBe('4');
    expect(await tile('csatAverage').getAttribute('data-health')).toBe('amber');
    // Every text handed to Twilio was one part (its receipts said so, or it is short): the overview's price per part.
    const overview = (await api().get(`/api/reports/overview?${DAY}`).expect(200)).body;
    expect(overview.messages).toMatchObject({ sent, delivered: day.delivered, failed: day.undelivered });
    expect(Number(await tile('cost').getAttribute('data-value'))).toBe(overview.messages.cost);
    await screenshot(page, 'dashboard-1-tiles-1440');
  });

  it('explains a figure in the admin\'s language behind its ⓘ', async () => {
    await tile('deliveryRate').locator('[data-definition-toggle]').click();
    expect(await tile('deliveryRate').locator('[data-definition]').innerText()).toContain('送达率 = 已送达 ÷ (已送达 + 失败 + 未送达)');
    await tile('deliveryRate').locator('[data-definition-toggle]').click();
    await tile('deliveryRate').locator('[data-definition]').waitFor({ state: 'detached' });
  });

  it('draws the charts with the day\'s numbers and the health lines', async () => {
    const byDay = await plotted('delivery', 'delivery-by-day');
    expect(byDay.categories).toEqual(['11-24']);
    expect(byDay.series).toEqual({ 已送达: [day.delivered], 失败: [day.undelivered], 送达率: [day.delivered / (day.delivered + day.undelivered)] });
    expect(byDay.line).toBe(0.98);
    const carriers = await plotted('delivery', 'delivery-by-carrier');
    // Most sent first: A's two texts, D's, F's two and the campaign's two are 中国移动's; then C's (中国电信) and B's
    // (中国联通), one each. D's text still awaits its receipt.
    expect(carriers.categories).toEqual(['中国移动', '中国电信', '中国联通']);
    expect(carriers.series).toEqual({ 已送达: [6, 1, 0], 失败: [0, 0, 1] });
    const trend = await plotted('compliance', 'opt-outs-by-day');
    expect(trend).toMatchObject({ categories: ['11-24'], series: { 退订: [0], 投诉: [0], 退订率: [0] }, line: 0.003 });
    const reasons = await plotted('conversations', 'handoffs-by-reason');
    // "人工" meets the demo's keyword rule that hands off: its reason is the rule.
    expect(reasons).toMatchObject({ categories: ['规则转人工'], series: { 转人工: [3] } });
    const scores = await plotted('satisfaction', 'csat-distribution');
    expect(scores.series).toEqual({ 回复: [0, 0, 0, 1, 0] });
    // The tooltip is drawn on the canvas: hovering a bar breaks no rule of the CSP (checked at the end).
    const bars = page.locator('[data-chart="csat-distribution"] canvas').first();
    const box = (await bars.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.8);
    await page.waitForTimeout(400);
    for (const section of ['delivery', 'conversations', 'appointments', 'campaigns', 'compliance', 'satisfaction']) {
      await page.locator(`[data-section="${section}"]`).screenshot({ path: `${ARTIFACTS}/dashboard-2-${section}-1440.png` });
    }
  });

  it('moves the delivered figure live when a receipt arrives through the webhook', async () => {
    await page.locator('[data-section="delivery"]').scrollIntoViewIfNeeded();
    const delivered = page.locator('[data-section="delivery"] [data-figure="delivered"]');
    expect(await delivered.getAttribute('data-value')).toBe(String(day.delivered));
    expect(await page.locator('[data-live]').innerText()).toContain('实时');
    await receipts(PHONES.D, 'delivered', { NumSegments: '1' });
    day.delivered += 1;
    await eventually(async () => (await delivered.getAttribute('data-value')) === String(day.delivered), 8000);
    await page.locator('[data-tiles]').scrollIntoViewIfNeeded();
    await eventually(async () => Number(await tile('deliveryRate').getAttribute('data-value')) === day.delivered / (day.delivered + day.undelivered), 8000);
  });

  it('shows each campaign\'s rates and lists its recipients', async () => {
    const row = page.locator(`[data-section="campaigns"] [data-campaign="${campaignId}"] tr`).first();
    await page.locator('[data-section="campaigns"]').scrollIntoViewIfNeeded();
    await row.waitFor();
    expect(await row.locator('th').innerText()).toBe('周六停诊');
    expect(await row.locator('[data-rate="deliveryRate"]').innerText()).toBe('100%(2)');
    expect(await row.locator('[data-rate="replyRate"]').innerText()).toBe('0%(0)');
    await row.locator('td').first().locator('button').click();
    const drill = page.locator('[data-drill]');
    await eventually(async () => (await drill.locator('[data-drill-rows] li').count()) === 2, 8000);
    expect(await drill.locator('[data-drill-total]').innerText()).toBe('共 2 条');
    expect(await drill.locator('[data-drill-rows]').innerText()).toContain('+86138****0007');
    await drill.locator('[data-action="close-drill"]').click();
    await drill.waitFor({ state: 'detached' });
  });

  it('shows the response rate of each send and opens the replies behind it', async () => {
    await page.locator('[data-section="responses"]').scrollIntoViewIfNeeded();
    // The survey reached F, who answered "4" ten minutes later; the notice reached G and H, who said nothing.
    const survey = page.locator('[data-section="responses"] [data-send="template:csat_survey"]');
    await survey.waitFor();
    expect(await survey.locator('[data-rate="responseRate"]').innerText()).toBe('100%(1)');
    const notice = page.locator(`[data-section="responses"] [data-send="campaign:${campaignId}"]`);
    expect(await notice.locator('th').innerText()).toContain('周六停诊');
    expect(await notice.locator('[data-rate="responseRate"]').innerText()).toBe('0%(0)');
    await survey.locator('[data-figure="replied"]').click();
    const drill = page.locator('[data-drill]');
    await eventually(async () => (await drill.locator('[data-drill-rows] li').count()) === 1, 8000);
    const reply = drill.locator('[data-drill-rows] li').first();
    expect(await reply.locator('.preview').innerText()).toBe('4');
    expect(await reply.innerText()).toContain('+86138****0006');
    expect(await drill.locator('[data-csv="drill"]').getAttribute('href')).toContain('/api/reports/responses/items?');
    await screenshot(page, 'dashboard-responses-drill');
    await drill.locator('[data-action="close-drill"]').click();
    await drill.waitFor({ state: 'detached' });
  });

  it('opens the texts behind a figure, each with its conversation in the inbox', async () => {
    await page.locator('[data-section="delivery"] [data-figure="failed"] [data-figure-value]').click();
    const drill = page.locator('[data-drill]');
    await drill.locator('[data-drill-rows] li').first().waitFor();
    expect(await drill.locator('[data-drill-rows] li').count()).toBe(1);
    expect(await drill.locator('[data-drill-rows] li').innerText()).toContain('+86130****0002');
    const thread = await conversationOf(PHONES.B);
    expect(await drill.locator('[data-open-thread]').getAttribute('href')).toBe(`/inbox?conversation=${thread}`);
    await screenshot(page, 'dashboard-4-drill-1440');
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'detached' });

    // The bot-resolved tile lists C's episode; following it opens C's thread in the inbox.
    await tile('botResolutionRate').locator('[data-tile-value]').click();
    await drill.locator('[data-drill-rows] li').first().waitFor();
    expect(await drill.locator('[data-drill-rows] li').count()).toBe(1);
    await drill.locator('[data-open-thread]').click();
    await page.waitForURL(`**/inbox?conversation=${await conversationOf(PHONES.C)}`);
    await page.goBack();
    await page.waitForURL('**/reports?**');
  });

  it('opens a figure from the keyboard and gives the focus back on Escape', async () => {
    await page.locator('[data-tiles]').scrollIntoViewIfNeeded();
    const value = tile('optOutRate').locator('[data-tile-value]');
    await value.focus();
    await page.keyboard.press('Enter');
    const drill = page.locator('[data-drill]');
    await drill.waitFor();
    expect(await page.evaluate<string | null>('document.activeElement.getAttribute("data-action")')).toBe('close-drill');
    await drill.locator('[data-empty]').waitFor();
    await page.keyboard.press('Escape');
    await drill.waitFor({ state: 'detached' });
    expect(await page.evaluate<string | null>('document.activeElement.closest("[data-tile]")?.getAttribute("data-tile") ?? null')).toBe('optOutRate');
  });

  it('shows an agent the clinic\'s figures and only their own row, without the campaigns', async () => {
    const agent = suite.second.page;
    await agent.goto(`${hx.url}/login?next=${encodeURIComponent(`/reports?${DAY}`)}`);
    await agent.fill('input[name=email]', 'wang@clinic.example');
    await agent.fill('input[name=password]', DEMO_AGENT_PASSWORD);
    await agent.click('button[type=submit]');
    await agent.waitForURL('**/reports?**');
    await agent.locator('[data-own-numbers]').waitFor();
    await agent.locator('[data-tile="botResolutionRate"]').waitFor();
    expect(await agent.locator('[data-tile="botResolutionRate"]').getAttribute('data-value')).toBe(String(1 / 5));
    await agent.locator('[data-section="conversations"]').scrollIntoViewIfNeeded();
    const rows = agent.locator('[data-table="perAgent"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.locator('th').innerText()).toBe('王芳');
    expect(await agent.locator('[data-section="campaigns"]').count()).toBe(0);
    expect(await agent.locator('[data-link="campaigns"]').count()).toBe(0);
  });

  it('downloads a table as CSV for Excel', async () => {
    await page.locator('[data-section="delivery"] [data-csv]').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-section="delivery"] [data-csv]').first().click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('2026-11-24');
    expect(download.suggestedFilename()).toBe('delivery-byDay-2026-11-24-2026-11-24.csv');
  });

  it('changes the range by a preset or by dates, says when a range has nothing, and refuses one backwards', async () => {
    await page.locator('[data-preset="7d"]').click();
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const weekAgo = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    await page.waitForURL(`**/reports?from=${weekAgo}&to=${today}`);
    expect(await page.locator('[data-preset="7d"]').getAttribute('aria-pressed')).toBe('true');

    await page.fill('input[name=from]', '2026-11-20');
    await page.fill('input[name=to]', '2026-11-21');
    await page.click('[data-action="apply-range"]');
    await page.waitForURL('**/reports?from=2026-11-20&to=2026-11-21');
    await eventually(async () => (await tile('deliveryRate').getAttribute('data-health')) === 'none', 8000);
    expect(await tile('deliveryRate').locator('[data-tile-value]').innerText()).toBe('—');
    const empty = page.locator('[data-section="delivery"] [data-empty]');
    await page.locator('[data-section="delivery"]').scrollIntoViewIfNeeded();
    expect(await empty.innerText()).toBe('此期间没有短信');
    expect(await page.locator('[data-range-note]').innerText()).toContain('2026-11-18 – 2026-11-19');

    await page.fill('input[name=from]', '2026-11-25');
    expect(await page.locator('[data-range-problem]').innerText()).toBe('开始日期不能晚于结束日期');
    expect(await page.locator('[data-action="apply-range"]').isDisabled()).toBe(true);
  });

  it('fits a tablet and a phone with no sideways scroll, and breaks no rule of the page\'s CSP', async () => {
    for (const width of [768, 390]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`${hx.url}/reports?${DAY}`);
      await tile('deliveryRate').waitFor();
      for (const section of ['delivery', 'conversations', 'appointments', 'campaigns', 'compliance', 'satisfaction']) {
        await page.locator(`[data-section="${section}"]`).scrollIntoViewIfNeeded();
        await page.locator(`[data-section="${section}"] [data-skeleton]`).waitFor({ state: 'detached' });
      }
      // Every definition open at once: the sentences wrap inside their figures and tables.
      for (const toggle of await page.locator('[data-definition-toggle]').all()) await toggle.click();
      expect(await page.locator('[data-definition]').count()).toBeGreaterThan(20);
      const overflow = await page.evaluate<number>('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth');
      expect({ width, overflow }).toEqual({ width, overflow: expect.any(Number) });
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, `dashboard-3-bottom-${width}`);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, `dashboard-3-top-${width}`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(cspViolations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
  });
});
