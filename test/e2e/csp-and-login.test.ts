import type { Page } from 'playwright-core';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

const suite = useBrowserSuite();
let page: Page;
/** What the browser blocked under the server's Content-Security-Policy, and what it logged as errors. */
const violations: string[] = [];
const consoleErrors: string[] = [];
beforeAll(async () => {
  page = suite.page;
  // Init scripts run from the automation side, outside the page's CSP, before any of the app's code.
  await page.addInitScript({ content: `
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
  ` });
  // The one expected error: the login check's 401 before signing in, which the browser logs for any failed fetch.
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 401/.test(m.text())) consoleErrors.push(m.text()); });
});

async function recordViolations(): Promise<void> {
  violations.push(...await page.evaluate<string[]>('window.cspViolations'));
}

describe('the built app under the real security headers', () => {
  it('sends a logged-out visitor of the simulator to the login page, and back to the simulator after login', async () => {
    await page.goto(`${suite.hx.url}/simulator`);
    await page.waitForURL('**/login?next=%2Fsimulator');
    await page.fill('input[name=email]', 'sam@clinic.example');
    await page.fill('input[name=password]', DEMO_AGENT_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL('**/simulator**');
    await page.locator('.connection.online').waitFor();
    await recordViolations();
  });

  it('texts the bot from the simulator and shows its answer, live', async () => {
    await page.fill('#any-number', '13900139088');
    await page.click('form.any-number button[type=submit]');
    await page.fill('textarea[aria-label="短信内容 Message text"]', '人工');
    await page.click('button[aria-label="发送 Send"]');
    await page.getByText('人工客服', { exact: false }).first().waitFor();
    await screenshot(page, 'csp-1-simulator-answer');
    await recordViolations();
  });

  it('opens the inbox, live over Socket.IO, with the conversation the simulator started', async () => {
    await page.goto(`${suite.hx.url}/inbox`);
    await page.locator('[data-connection]').filter({ hasText: 'Live' }).waitFor();
    await page.locator('[data-conversation]').first().waitFor();
    await screenshot(page, 'csp-2-inbox');
    await recordViolations();
  });

  it('saw no CSP violation, console error or page error on the way', () => {
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
  });

  // Last: the browser logs the page's own 404 as a console error.
  it('shows a mistyped page as the app\'s "page not found" with a way back, and programs still get JSON', async () => {
    const res = await page.goto(`${suite.hx.url}/dashbord`);
    expect(res?.status()).toBe(404);
    await page.locator('[data-not-found]').getByText('找不到页面').waitFor();
    await page.locator('[data-home]').click();
    await page.waitForURL('**/inbox');
    await page.locator('[data-conversation]').first().waitFor();
    await recordViolations();
    expect(violations).toEqual([]);
    const asProgram = await fetch(`${suite.hx.url}/dashbord`, { headers: { Accept: 'application/json' } });
    expect(asProgram.status).toBe(404);
    expect((await asProgram.json() as { error: { code: string } }).error.code).toBe('not_found');
    const unknownApi = await fetch(`${suite.hx.url}/api/nothing-here`, { headers: { Accept: 'text/html' } });
    expect(unknownApi.headers.get('content-type')).toMatch(/json/);
  });
});
