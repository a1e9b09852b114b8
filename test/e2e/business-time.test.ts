import type { Page } from 'playwright-core';
import { Customer } from '../support/customer';
import { TUESDAY_MORNING, type TestHuixin } from '../support/test-server';
import { book, local, serviceNamed } from '../server/appointments/support';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

// Issue 14 item 7: an agent whose browser is in New York reads every time in the clinic's zone (Asia/Shanghai), the
// one the customer was texted in, with the zone named in a title because it is not the browser's.

const suite = useBrowserSuite({ timezoneId: 'America/New_York' });
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

describe('an agent in another time zone', () => {
  it('reads the bubble, the activity line, the visit and the snooze menu on the clinic\'s clock', async () => {
    expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
    const customer = new Customer(hx, '+8613701600001');
    await book(hx, { contactPhone: customer.phone, serviceId: (await serviceNamed(hx, '洗牙')).id, startsAt: local('2026-12-04 10:00') });
    await customer.text('人工');
    const { id } = await customer.conversation();

    await logInToInbox(page, hx.url, 'wang@clinic.example');
    await page.click('[data-view="all"]');
    await page.locator(`[data-conversation="${id}"]`).click();

    // The server's clock says Tuesday 24 November 03:00Z: 11:00 in Shanghai, 22:00 the evening before in New York.
    expect(TUESDAY_MORNING).toBe('2026-11-24T03:00:00.000Z');
    const stamp = page.locator('.bubble.in').filter({ hasText: '人工' }).locator('[data-stamp]');
    await stamp.filter({ hasText: '11月24日 11:00' }).waitFor();
    expect(await stamp.getAttribute('title')).toContain('Asia/Shanghai（GMT+8）');
    const handoff = page.locator('[data-thread] [data-activity="handed_off"] time');
    expect(await handoff.textContent()).toBe('11:00');
    expect(await handoff.getAttribute('title')).toContain('Asia/Shanghai');

    await page.locator('[data-contact-panel] [data-appointment-when]').filter({ hasText: '12/4周五 10:00' }).waitFor();
    if (await page.locator('[data-action="take-over"]').isVisible()) await page.click('[data-action="take-over"]');
    expect(await page.locator('select[data-action="snooze"]').getAttribute('title')).toContain('Asia/Shanghai');
    await screenshot(page, 'business-time-1-new-york-agent');

    // "Tomorrow 09:00" is the clinic's tomorrow morning (the browser's own clock decides which day "now" is).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const tomorrowNine = new Date(Date.parse(`${today}T09:00:00+08:00`) + 86_400_000);
    const [month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(tomorrowNine).split('-').slice(1).map(Number);
    await page.selectOption('select[data-action="snooze"]', 'tomorrow');
    await page.locator('[data-owner]').filter({ hasText: `${month}/${day} 09:00` }).waitFor();
    expect((await customer.conversation()).snoozedUntil?.toISOString()).toBe(tomorrowNine.toISOString());
    expect(suite.pageErrors).toEqual([]);
  });
});
