import type { Page } from 'playwright-core';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { addContact, api, campaignMessages, makeCampaign, makeSegment, textIn } from '../server/campaigns/support';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 16 item 6: a monthly complaint rate over 0.3% of marketing texts raises an alarm on the admin overview, in words.
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let token: string;
beforeAll(async () => {
  ({ hx, page } = suite);
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
});

describe('the admin overview', () => {
  it('warns in the admin\'s language when this month\'s complaints pass 0.3% of marketing texts', async () => {
    await api(hx, token).patch('/api/me').send({ locale: 'en' }).expect(200);
    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/inbox');
    await page.goto(`${hx.url}/admin`);
    // Nothing sent yet: the rate, quietly.
    await page.locator('[data-test=campaign-alarms]').getByText('Complaint rate this month 0.00% (0/0), limit 0.30%').waitFor();

    const contact = await addContact(hx, token, { tags: ['alarm-e2e'], marketing: true });
    const id = await makeCampaign(hx, token, { segmentId: await makeSegment(hx, token, { tagsAny: ['alarm-e2e'] }) });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await eventually(async () => (await campaignMessages(hx, id)).some((m) => m.sentAt));
    hx.clock.advance(1000);
    await textIn(hx, contact.phone, '你们服务太差了');

    await page.reload();
    const alarm = page.locator('[data-test=campaign-alarms] [role=alert]');
    await alarm.waitFor();
    expect(await alarm.textContent()).toBe('Complaint alarm: 1 complaints on 1 marketing texts this month (100.00%), over the 0.30% limit. Check recent campaigns\' content and audiences.');
    await screenshot(page, 'campaign-alarms-1-overview');
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(suite.pageErrors).toEqual([]);
  });
});
