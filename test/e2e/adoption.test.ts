import type { Page } from 'playwright-core';
import { Appointment, Contact } from '../../server/db/entities';
import { zonedTime } from '../../server/appointments/zoned-time';
import { Customer } from '../support/customer';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 13's whole story in one browser run, from an empty database (SEED_DEMO=false): the first admin sets the
// business up, invites an agent who sets a password and logs in, imports the clinic's customers, books one from the
// calendar, sends the reminder; the customer answers 1 from the phone simulator and the calendar shows it confirmed.
// The server's clock is fixed: Tuesday 2026-11-24 11:00 in Shanghai.
const suite = useBrowserSuite({ env: { SEED_DEMO: 'false' }, secondBrowser: true });
let hx: TestHuixin;
let page: Page;
let inviteUrl = '';
let appointmentId = 0;
const pageErrors = suite.pageErrors;
beforeAll(() => { ({ hx, page } = suite); });

const CUSTOMER = '+8613712345678';
const LIST = '\uFEFF手机,姓名,标签,consent\n13712345678,陈小红,洗牙;老客户,marketing\n13712345679,王强,,transactional\n1234,号码不对,,\n';
const wednesday10 = zonedTime(2026, 11, 25, 10, 0, 'Asia/Shanghai').toISOString();
const step = (key: string) => page.locator(`[data-current-step="${key}"]`).waitFor();

describe('a clinic adopts Huixin from an empty database, in the browser', () => {
  it('sets itself up on first login: name, signature, hours, a service, the team, the provider', async () => {
    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/setup');

    await step('business');
    await page.fill('input[name=businessName]', '晨光口腔');
    await page.fill('input[name=smsSignature]', '【晨光口腔】');
    await page.click('[data-step-form=business] button[type=submit]');

    await step('hours');
    await page.selectOption('select[name=timezone]', 'Asia/Shanghai');
    await page.locator('[data-day="wed"] input[aria-label="wed 1 start"]').fill('09:00');
    await page.locator('[data-day="wed"] input[aria-label="wed 1 end"]').fill('12:00');
    // Wednesday afternoons the clinic is closed: its second period goes.
    while (await page.locator('[data-day="wed"] input[aria-label="wed 2 start"]').count()) await page.locator('[data-day="wed"] .period').nth(1).locator('button').click();
    await page.click('[data-step-form=hours] button[type=submit]');

    await step('service');
    await page.fill('input[name=nameZh]', '洗牙');
    await page.fill('input[name=nameEn]', 'Cleaning');
    await page.fill('input[name=durationMinutes]', '30');
    await page.click('[data-step-form=service] button[type=submit]');

    await step('team');
    await page.fill('[data-form=invite] input[name=email]', 'lin@chenguang.example');
    await page.fill('[data-form=invite] input[name=name]', '林医生助理');
    await page.click('[data-form=invite] button[type=submit]');
    inviteUrl = await page.locator('[data-invited="lin@chenguang.example"] [data-field=inviteUrl]').inputValue();
    await page.click('[data-action=next]');

    await step('provider');
    await page.locator('[data-loopback]').waitFor();
    await page.click('[data-action=finish]');
    await page.waitForURL('**/inbox');
    await screenshot(page, 'adoption-1-set-up');
  });

  it('lets the invited agent set a password from the link and log in', async () => {
    const agent = suite.second.page;
    await agent.goto(inviteUrl);
    await agent.fill('input[name=password]', 'lin-password-1');
    await agent.fill('input[name=repeat]', 'lin-password-1');
    await agent.click('button[type=submit]');
    await agent.waitForURL('**/inbox');
    await agent.locator('[data-me]').filter({ hasText: '林医生助理' }).waitFor();
    // Signed in for real: a fresh login with the new password works too.
    expect(await hx.loginAs('lin@chenguang.example', 'lin-password-1')).toBeTruthy();
  });

  it('imports the clinic\'s customer list, after a dry run that names the bad line', async () => {
    await page.goto(`${hx.url}/contacts`);
    await page.click('[data-action=import]');
    const dialog = page.locator('[data-dialog=import]');
    await dialog.locator('input[type=file]').setInputFiles({ name: '老客户.csv', mimeType: 'text/csv', buffer: Buffer.from(LIST, 'utf8') });
    await dialog.locator('[data-mapping]').waitFor();
    await dialog.locator('select[data-column="手机"]').selectOption('phone');
    await dialog.locator('select[data-column="姓名"]').selectOption('name');
    await dialog.locator('select[data-column="标签"]').selectOption('tags');
    await dialog.locator('input[name=source]').fill('2026-11 前台登记表');
    await dialog.locator('[data-action=dry-run]').click();
    await dialog.locator('[data-import-counts=preview]').filter({ hasText: '新建 2' }).waitFor();
    await dialog.locator('[data-import-errors=preview] [data-line="4"]').waitFor();
    await dialog.locator('[data-action=import]').click();
    await dialog.locator('[data-import-counts=result]').filter({ hasText: '新建 2' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator(`[data-contact="${CUSTOMER}"]`).filter({ hasText: '陈小红' }).waitFor();
    const imported = await hx.ds.manager.findOneByOrFail(Contact, { phone: CUSTOMER });
    expect(imported.tags).toEqual(['洗牙', '老客户']);
    expect(imported.marketingConsentAt).not.toBeNull();
    await screenshot(page, 'adoption-2-imported');
  });

  it('books her from the calendar with a free time of the day', async () => {
    await page.goto(`${hx.url}/calendar?date=2026-11-25&view=timeGridDay`);
    await page.locator('[data-new-appointment]').click();
    const dialog = page.locator('[data-booking-dialog]');
    await dialog.locator('[data-contact-search]').fill('陈小红');
    await dialog.locator('[data-contact-search]').press('Enter');
    await dialog.locator('[data-contact-option]').first().click();
    await dialog.locator('[data-booking-contact]').filter({ hasText: '陈小红' }).waitFor();
    await dialog.locator('[data-booking-date]').fill('2026-11-25');
    await eventually(async () => (await dialog.locator('[data-booking-time] option[value="10:00"]').count()) === 1);
    // Only the hours set up: Wednesday opens 09:00–12:00, so nothing is offered in the afternoon.
    expect(await dialog.locator('[data-booking-time] option[value="14:00"]').count()).toBe(0);
    await dialog.locator('[data-booking-time]').selectOption('10:00');
    await dialog.locator('[data-booking-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const event = page.locator(`[data-appointment][data-start="${wednesday10}"]`);
    await event.waitFor();
    expect(await event.innerText()).toContain('陈小红');
    appointmentId = Number(await event.getAttribute('data-appointment'));
    await screenshot(page, 'adoption-3-booked');
  });

  it('sends the reminder now, signed with the clinic\'s signature', async () => {
    const panel = page.locator('[data-appointment-panel]');
    await panel.locator('[data-command="remind"]').click();
    await panel.locator('[data-panel-notice]').waitFor();
    const reminder = await eventually(async () => (await new Customer(hx, CUSTOMER).replies()).find((m) => m.templateKey === 'appointment_reminder') ?? null);
    expect(reminder.body).toMatch(/^【晨光口腔】/);
    expect(reminder.body).toContain('10:00');
  });

  it('lets the customer answer 1 from the phone simulator, and the calendar shows the visit confirmed', async () => {
    await page.goto(`${hx.url}/simulator`);
    await page.fill('#any-number', CUSTOMER.replace('+86', ''));
    await page.click('form.any-number button[type=submit]');
    await page.getByText('【晨光口腔】', { exact: false }).first().waitFor();   // the reminder, on her phone
    await page.fill('textarea[aria-label="短信内容 Message text"]', '1');
    await page.click('button[aria-label="发送 Send"]');
    await eventually(async () => (await hx.ds.manager.findOneByOrFail(Appointment, { id: appointmentId })).status === 'confirmed');
    await screenshot(page, 'adoption-4-simulator');

    await page.goto(`${hx.url}/calendar?date=2026-11-25&view=timeGridDay`);
    await page.locator(`[data-appointment="${appointmentId}"][data-status="confirmed"]`).waitFor();
    await screenshot(page, 'adoption-5-confirmed');
    expect(pageErrors).toEqual([]);
  });
});
