import type { Page } from 'playwright-core';
import request from 'supertest';
import { Agent, Appointment, Campaign, Contact, Message } from '../../server/db/entities';
import { Customer } from '../support/customer';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { afterPaint, answersTo, holdBack } from './support/late-answers';

// Issue 16's browser test: an admin builds a segment, writes a campaign with a reply menu, sees its cost, sends a
// test to their own phone, starts it and watches it go; a customer answers "1" then "A" and books; the inbox shows
// the reply with the campaign named. The server's clock is a Tuesday 11:00 in Shanghai: inside the send window.
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let token = '';
const TAG = 'spring-cleaning';
const CAMPAIGN = '春季洗牙';
const ADMIN_PHONE = '+8613700137000';
const replier = { phone: '+8613911112222', name: '赵敏' };
const other = { phone: '+8613911113333', name: '钱多' };
const cspViolations: string[] = [];

beforeAll(async () => {
  ({ hx, page } = suite);
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  // Two contacts who agreed to marketing and carry the campaign's tag; the demo's own contacts do not.
  for (const c of [replier, other]) {
    await request(hx.url).post('/api/contacts').set('Authorization', `Bearer ${token}`)
      .send({ phone: c.phone, name: c.name, tags: [TAG], marketingConsent: true }).expect(201);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${hx.url}/login?next=${encodeURIComponent('/campaigns/segments')}`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/campaigns/segments');
});

const stat = (name: string) => page.locator(`[data-stat="${name}"] b`);
const statIs = (name: string, n: number) => eventually(async () => Number(await stat(name).innerText()) === n, 12_000);
const noSidewaysScroll = async () => (await page.evaluate<number>('document.documentElement.scrollWidth')) <= (page.viewportSize()?.width ?? 0);
let campaignId = 0;

describe('campaigns in a browser', () => {
  it('builds a segment and shows its live count and sample', async () => {
    await page.click('[data-action="new-segment"]');
    const builder = page.locator('[data-segment-builder]');
    await builder.locator('input[name=name]').fill('春季洗牙老客户');
    await builder.locator('input[name=tagsAny]').fill(TAG);
    await builder.locator('select[name=consent]').selectOption('marketing');
    await builder.locator('[data-segment-count]').filter({ hasText: /(符合条件：2 人|Matches: 2 people)/ }).waitFor();
    expect(await builder.locator('[data-segment-sample]').innerText()).toContain(replier.name);
    await page.locator('[data-segments]').filter({ hasText: '春季洗牙老客户' }).waitFor();
    await screenshot(page, 'campaigns-1-segment-1440');
  });

  // Opening the segment counts it; an edit made before that count is back counts again. The first count, back last,
  // must not stand under the edited conditions.
  it('shows the count of the conditions as edited, even when the count made on opening comes back last', async () => {
    await page.reload();
    const builder = page.locator('[data-segment-builder]');
    const preview = '**/api/segments/*/preview';
    // The answer is held back, not the request: the count is made on opening, before the edit is saved.
    const stopHolding = await holdBack(page, preview, { firstOnly: true, holdAnswer: true });
    try {
      const bothCounted = answersTo(page, /\/api\/segments\/\d+\/preview$/, 2);
      await page.locator('[data-segments] button.link').filter({ hasText: '春季洗牙老客户' }).click();
      await builder.locator('input[name=tagsAny]').fill('no-such-tag');
      await builder.locator('[data-segment-count]').filter({ hasText: /(符合条件：0 人|Matches: 0 people)/ }).waitFor();
      await bothCounted;   // the count made on opening too, held back
      await afterPaint(page);   // rendered, had it been used
      expect(await builder.locator('[data-segment-count]').innerText()).toMatch(/(符合条件：0 人|Matches: 0 people)/);
    } finally {
      await stopHolding();
    }
    await builder.locator('input[name=tagsAny]').fill(TAG);   // as the campaign below expects it
    await builder.locator('[data-segment-count]').filter({ hasText: /(符合条件：2 人|Matches: 2 people)/ }).waitFor();
  });

  it('writes a marketing campaign with a reply menu and shows its texts and cost', async () => {
    await page.click('[data-link="campaigns"]');
    await page.click('[data-action="new-campaign"]');
    const editor = page.locator('[data-campaign-editor]');
    await editor.locator('input[name=name]').fill(CAMPAIGN);
    expect(await editor.locator('[data-category-means]').innerText()).toContain('拒收');
    await editor.locator('select[name=segmentId]').selectOption({ label: '春季洗牙老客户' });
    await editor.locator('textarea[name=body]').fill('您好，春季洗牙8折，回复1预约，回复2了解详情');
    // The variable picker puts {{contact.name}} where the cursor is: at the start.
    await editor.locator('textarea[name=body]').evaluate((el) => (el as unknown as { setSelectionRange(a: number, b: number): void }).setSelectionRange(0, 0));
    await editor.locator('[data-variable-picker]').selectOption('contact.name');
    expect(await editor.locator('textarea[name=body]').inputValue()).toBe('{{contact.name}}您好，春季洗牙8折，回复1预约，回复2了解详情');
    await editor.locator('textarea[name=body]:focus').waitFor();   // the cursor returns to the text on the next frame
    await editor.locator('[data-action="add-option"]').click();
    await editor.locator('[data-action="add-option"]').click();
    const second = editor.locator('[data-menu-option]').nth(1);
    await second.locator('select[name=menuAction]').selectOption('tag');
    await second.locator('input[name=menuTag]').fill('want-details');
    await editor.locator('[data-action="save-campaign"]').click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    campaignId = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id: campaignId })).toMatchObject({
      name: CAMPAIGN, category: 'marketing', menu: [{ key: '1', action: 'book' }, { key: '2', action: 'tag', tag: 'want-details' }],
    });

    const preview = page.locator('[data-campaign-preview]');
    await preview.locator('[data-cost]').waitFor();
    expect(await preview.locator('[data-estimate]').innerText()).toMatch(/(受众 2 人|Audience: 2 people)/);
    expect(await preview.locator('[data-cost]').innerText()).toMatch(/¥\d+\.\d\d/);
    // The text as it leaves: the name filled in and the refusal text at the end.
    const sample = await preview.locator('[data-sample]').first().innerText();
    expect(sample).toMatch(/(赵敏|钱多)您好，春季洗牙8折/);
    expect(sample).toContain('拒收请回复R');
    await screenshot(page, 'campaigns-2-editor-1440');
  });

  it('sends a test to the admin\'s own phone once it is set, without counting it', async () => {
    const card = page.locator('[data-test-send]');
    await card.locator('input[name=myPhone]').fill(ADMIN_PHONE);
    await card.locator('[data-action="save-phone"]').click();
    await card.locator('[data-my-phone]').waitFor();
    expect((await hx.ds.manager.findOneByOrFail(Agent, { email: ADMIN.email })).phone).toBe(ADMIN_PHONE);
    await card.locator('[data-action="test-send"]').click();
    await card.locator('[data-test-sent]').waitFor();
    const admin = await hx.ds.manager.findOneByOrFail(Contact, { phone: ADMIN_PHONE });
    const test = await hx.ds.manager.findOneByOrFail(Message, { contactId: admin.id, direction: 'out' });
    expect(test.body).toContain('春季洗牙8折');
    expect(test.campaignId).toBeNull();
  });

  // Both texts go out before the start's answer is back (seen in CI): the page hears "done" first, and the answer,
  // read at the start, must not put it back to running with nothing sent — a running campaign's page hears no more.
  it('starts after a confirmation and shows the progress live, even when the start is answered after the sending', async () => {
    const startUrl = `**/api/campaigns/${campaignId}/start`;
    const stopHolding = await holdBack(page, startUrl, { holdAnswer: true });
    try {
      await page.click('[data-action="start"]');
      const dialog = page.locator('[data-dialog="confirm-start"]');
      expect(await dialog.innerText()).toContain('2');
      const started = page.waitForResponse((res) => res.url().endsWith(`/api/campaigns/${campaignId}/start`));
      await dialog.locator('[data-action="confirm"]').click();
      await started;
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await stopHolding();
    }
    await page.locator('[data-campaign-stats]').waitFor();
    await statIs('targeted', 2);
    // The sender delivers both through the loopback provider; the page hears it over the socket, no reload.
    await statIs('sent', 2);
    await page.locator('[data-status="done"]').waitFor({ timeout: 12_000 });
    expect(await page.locator('[data-live]').innerText()).toMatch(/实时|Live/);
    await screenshot(page, 'campaigns-3-progress-1440');
  });

  it('books from the customer\'s "1" then "A", and the replied count rises live', async () => {
    const customer = new Customer(hx, replier.phone);
    await customer.text('1');
    expect((await customer.lastReply())?.templateKey).toBe('booking_offer');
    await customer.text('A');
    const contact = await customer.contact();
    await eventually(async () => (await hx.ds.manager.countBy(Appointment, { contactId: contact.id, status: 'booked' })) === 1);
    await statIs('replied', 1);
    // The booking made in the thread is counted on the campaign's page, live.
    await statIs('booked', 1);
  });

  it('shows the reply in the inbox with the campaign named', async () => {
    const conversation = await new Customer(hx, replier.phone).conversation();
    await page.goto(`${hx.url}/inbox?conversation=${conversation.id}`);
    const line = page.locator('[data-campaign-reply]').first();
    await line.waitFor();
    expect(await line.innerText()).toMatch(new RegExp(`(回复了活动「${CAMPAIGN}」|Replied to campaign “${CAMPAIGN}”)`));
    await screenshot(page, 'campaigns-4-inbox-1440');
  });

  it('fits a tablet\'s and a phone\'s width on every campaigns page', async () => {
    for (const width of [768, 390]) {
      await page.setViewportSize({ width, height: 800 });
      for (const path of ['/campaigns', '/campaigns/segments', `/campaigns/${campaignId}`]) {
        await page.goto(`${hx.url}${path}`);
        await page.locator('main h1').waitFor();
        await page.locator('[data-skeleton]').first().waitFor({ state: 'detached' });
        expect({ width, path, fits: await noSidewaysScroll() }).toEqual({ width, path, fits: true });
      }
    }
    await screenshot(page, 'campaigns-5-campaign-390');
    await page.goto(`${hx.url}/campaigns`);
    await page.locator('[data-campaigns]').waitFor();
    await screenshot(page, 'campaigns-6-list-390');
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(cspViolations).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
  });
});
