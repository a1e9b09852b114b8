import request from 'supertest';
import type { Page } from 'playwright-core';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

const wed = (n: number, edge: 'start' | 'end') => page.locator(`[data-day="wed"] input[aria-label="wed ${n} ${edge}"]`);

describe('an admin edits a location\'s hours in a browser', () => {
  it('logs in and opens the clinic on the locations page', async () => {
    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/inbox');
    await page.goto(`${hx.url}/admin/locations`);
    await page.locator('[data-location]', { hasText: '示例口腔诊所' }).click();
    expect(await wed(2, 'start').inputValue()).toBe('13:00');
  });

  it('is told which field is wrong when a period ends before it starts', async () => {
    await wed(1, 'end').fill('08:00');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-field="weeklyHours"]').waitFor();
    await screenshot(page, 'locations-1-invalid');
  });

  it('keeps Wednesday to one morning period, closes a holiday, and slot search follows', async () => {
    await wed(1, 'end').fill('11:00');
    await page.locator('[data-day="wed"] button[title="删除时段"]').nth(1).click();
    await page.fill('input[aria-label="closed date"]', '2026-11-26');
    await page.getByRole('button', { name: '添加日期' }).click();
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.ok', { hasText: '已保存' }).waitFor();
    await screenshot(page, 'locations-2-saved');

    const auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
    const location = (await request(hx.url).get('/api/locations').set('Authorization', auth).expect(200)).body.items[0];
    expect(location.weeklyHours.wed).toEqual([['09:00', '11:00']]);
    expect(location.closedDates).toEqual(['2026-11-26']);
    const service = (await request(hx.url).get('/api/services').set('Authorization', auth).expect(200)).body.items.find((s: { name: string }) => s.name === '洗牙');
    const slots = await request(hx.url).get(`/api/availability?serviceId=${service.id}&from=2026-11-25T02:00:00Z&limit=3`).set('Authorization', auth).expect(200);
    // Wednesday 10:00 and 10:30 (Shanghai), then nothing on the holiday Thursday: Friday 09:00.
    expect(slots.body.items.map((s: { startsAt: string }) => s.startsAt)).toEqual(['2026-11-25T02:00:00.000Z', '2026-11-25T02:30:00.000Z', '2026-11-27T01:00:00.000Z']);
  });
});

describe('an admin sets the bot\'s holidays and reminder timing in a browser', () => {
  it('adds a 春节 closure and a single 3-hour reminder on the settings page', async () => {
    await page.goto(`${hx.url}/admin/settings`);
    await page.locator('[data-day="mon"]').waitFor();
    await page.fill('input[aria-label="closed date"]', '2027-02-10');
    await page.getByRole('button', { name: '添加日期' }).click();
    const reminders = page.locator('[data-reminder]');
    while (await reminders.count() > 1) await reminders.last().getByRole('button', { name: '删除提醒' }).click();
    await reminders.first().locator('input[type=number]').fill('3');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.locator('.ok', { hasText: '已保存' }).waitFor();
    await screenshot(page, 'settings-hours-reminders');

    const auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
    const { settings } = (await request(hx.url).get('/api/settings').set('Authorization', auth).expect(200)).body;
    expect(settings.closedDates).toEqual(['2027-02-10']);
    expect(settings.reminders).toEqual([{ minutes: 180, unlessConfirmed: false }]);
  });

  it('adds make-up workdays (调休): one keeps Monday\'s hours, one its own; a clash with a closed date is refused in words', async () => {
    await page.goto(`${hx.url}/admin/settings`);
    await page.locator('[data-day="mon"]').waitFor();
    await page.fill('input[aria-label="调休上班日期"]', '2027-02-20');
    await page.getByRole('button', { name: '添加调休上班日' }).click();
    await page.fill('input[aria-label="调休上班日期"]', '2027-02-07');
    await page.getByRole('button', { name: '添加调休上班日' }).click();
    // Sorted by date: the 7th first. It works 10:00–15:00; the 20th keeps the default, Monday.
    await page.locator('[data-make-up-day][data-date="2027-02-07"] select').selectOption('own');
    await page.fill('input[aria-label="2027-02-07 1 start"]', '10:00');
    await page.fill('input[aria-label="2027-02-07 1 end"]', '15:00');
    await page.locator('[data-make-up-day][data-date="2027-02-07"] button[title="删除时段"]').nth(1).click();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.locator('.ok', { hasText: '已保存' }).waitFor();
    await page.locator('[data-make-up-day]').first().scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-make-up-workdays');

    const auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
    const { settings } = (await request(hx.url).get('/api/settings').set('Authorization', auth).expect(200)).body;
    expect(settings.makeUpWorkdays).toEqual([{ date: '2027-02-07', periods: [['10:00', '15:00']] }, { date: '2027-02-20', weekday: 1 }]);

    await page.fill('input[aria-label="调休上班日期"]', '2027-02-10');
    await page.getByRole('button', { name: '添加调休上班日' }).click();
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.locator('[data-field="makeUpWorkdays"]', { hasText: '第 2 个调休上班日：同时是休息日' }).waitFor();
  });
});
