import request from 'supertest';
import type { Page } from 'playwright-core';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { holdBack } from './support/late-answers';

// A business starting from nothing (SEED_DEMO=false): the admin's browser, and the invited agent's own.
const suite = useBrowserSuite({ env: { SEED_DEMO: 'false' }, secondBrowser: true });
let hx: TestHuixin;
let page: Page;
let inviteUrl = '';
const pageErrors = suite.pageErrors;
beforeAll(() => { ({ hx, page } = suite); });

const current = (key: string) => page.locator(`[data-current-step="${key}"]`).waitFor();
const mon = (n: number, edge: 'start' | 'end') => page.locator(`[data-day="mon"] input[aria-label="mon ${n} ${edge}"]`);
const api = async (path: string) => (await request(hx.url).get(`/api${path}`).set('Authorization', `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`).expect(200)).body;

describe('the first admin of an empty Huixin is walked through setup', () => {
  it('lands on the setup after logging in', async () => {
    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/setup');
    await current('business');
    expect(await page.locator('[data-progress]').textContent()).toContain('1');
  });

  it('names the business and its SMS signature, previewing a reminder as the customer sees it', async () => {
    await page.fill('input[name=businessName]', '示例诊所');
    await page.fill('input[name=smsSignature]', '示例诊所');
    await page.click('[data-step-form=business] button[type=submit]');
    await page.locator('[role=alert][data-field=smsSignature]').waitFor();

    await page.fill('input[name=smsSignature]', '【示例诊所】');
    const preview = await page.locator('[data-preview]').textContent();
    expect(preview).toMatch(/^【示例诊所】张伟您好/);
    expect(preview!.match(/【/g)).toHaveLength(1);
    await screenshot(page, 'setup-1-business');
    await page.click('[data-step-form=business] button[type=submit]');
    await current('hours');
    await page.locator('[data-step="business"].done').waitFor();
  });

  it('sets the time zone, opening hours with a lunch break and a 春节 closure', async () => {
    await page.selectOption('select[name=timezone]', 'Asia/Shanghai');
    await mon(1, 'start').fill('08:30');
    await mon(1, 'end').fill('12:00');
    await mon(2, 'start').fill('13:00');
    await mon(2, 'end').fill('17:30');
    await page.fill('input[aria-label="closed date"]', '2027-02-06');
    await page.getByRole('button', { name: '添加日期' }).click();
    await page.locator('[data-closed-date]', { hasText: '2027-02-06' }).waitFor();
    await screenshot(page, 'setup-2-hours');
    await page.click('[data-step-form=hours] button[type=submit]');
    await current('service');
  });

  it('adds a first service', async () => {
    await page.fill('input[name=nameZh]', '洗牙');
    await page.fill('input[name=nameEn]', 'Dental cleaning');
    await page.fill('input[name=durationMinutes]', '45');
    await page.click('[data-step-form=service] button[type=submit]');
    await current('team');
  });

  it('invites an agent and is shown the one-time link to pass on', async () => {
    await page.fill('[data-form=invite] input[name=email]', 'zhou@clinic.example');
    await page.fill('[data-form=invite] input[name=name]', '周婷');
    await page.click('[data-form=invite] button[type=submit]');
    inviteUrl = await page.locator('[data-invited="zhou@clinic.example"] [data-field=inviteUrl]').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${hx.url}/invite/`));
    await screenshot(page, 'setup-3-team');
    await page.click('[data-action=next]');
    await current('provider');
  });

  it('is told loopback reaches only the simulator and which variables switch to Twilio, then finishes into the inbox', async () => {
    await page.locator('[data-loopback]').waitFor();
    expect(await page.locator('[data-link=simulator]').getAttribute('href')).toBe('/simulator');
    const twilio = await page.locator('[data-provider-option=twilio]').textContent();
    for (const v of ['SMS_PROVIDER=twilio', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM']) expect(twilio).toContain(v);
    await expect(page.locator('[data-step] .mark').allTextContents()).resolves.toEqual(['✓', '✓', '✓', '✓', '5']);
    await screenshot(page, 'setup-4-provider');
    await page.click('[data-action=finish]');
    await page.waitForURL('**/inbox');
  });

  it('does not show the setup again, on reload or on the admin home', async () => {
    await page.reload();
    await page.locator('[data-me]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/inbox');
    await page.goto(`${hx.url}/admin`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForTimeout(300);
    expect(new URL(page.url()).pathname).toBe('/admin');
    expect((await api('/setup')).needed).toBe(false);
  });

  it('shows what it saved on the settings page and in the location', async () => {
    await page.goto(`${hx.url}/admin/settings`);
    await page.locator('[data-day="mon"]').waitFor();
    expect(await page.locator('input[data-setting=businessName]').inputValue()).toBe('示例诊所');
    expect(await page.locator('input[data-setting=smsSignature]').inputValue()).toBe('【示例诊所】');
    expect(await page.locator('select[data-setting=timezone]').inputValue()).toBe('Asia/Shanghai');
    expect(await mon(2, 'start').inputValue()).toBe('13:00');
    await page.locator('[data-closed-date]', { hasText: '2027-02-06' }).waitFor();

    const { settings } = await api('/settings');
    expect(settings.businessHours['1']).toEqual([['08:30', '12:00'], ['13:00', '17:30']]);
    const [location] = (await api('/locations')).items;
    expect(location).toMatchObject({ name: '示例诊所', timezone: 'Asia/Shanghai', closedDates: ['2027-02-06'] });
    expect(location.weeklyHours.mon).toEqual([['08:30', '12:00'], ['13:00', '17:30']]);
    expect((await api('/services')).items).toEqual([expect.objectContaining({ name: '洗牙', durationMin: 45 })]);
  });

  it('lets the invited agent set a password with the link and reach the inbox, never the setup', async () => {
    const agent = suite.second.page;
    await agent.goto(inviteUrl);
    await agent.fill('input[name=password]', 'zhou-password-1');
    await agent.fill('input[name=repeat]', 'zhou-password-1');
    await agent.click('button[type=submit]');
    await agent.waitForURL('**/inbox');
    await agent.locator('[data-me]').filter({ hasText: '周婷' }).waitFor();
    await agent.goto(`${hx.url}/setup`);
    await agent.waitForURL('**/inbox');
  });

  it('shows the stored hours when the admin comes back, and takes no typing before they are in', async () => {
    // The stored hours are slowed down: typed into before they came back, the fields were replaced by them.
    const stopHolding = await holdBack(page, `${hx.url}/api/locations`);
    try {
      await page.goto(`${hx.url}/setup`);
      await page.click('[data-step="hours"] button');
      await current('hours');
      expect(await mon(1, 'start').isEditable()).toBe(false);
      await page.locator('[data-step-form=hours][aria-busy=false]').waitFor();
      expect(await mon(1, 'start').inputValue()).toBe('08:30');
      expect(await mon(2, 'end').inputValue()).toBe('17:30');
      expect(await mon(1, 'start').isEditable()).toBe(true);
    } finally {
      await stopHolding();
    }
  });

  it('fits a 390 px phone screen on every step without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${hx.url}/setup`);
    for (const key of ['business', 'hours', 'service', 'team', 'provider']) {
      await page.click(`[data-step="${key}"] button`);
      await current(key);
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect({ key, overflow }).toEqual({ key, overflow: 0 });
    }
    await screenshot(page, 'setup-5-phone');
    await page.setViewportSize({ width: 1360, height: 860 });
    expect(pageErrors).toEqual([]);
  });
});
