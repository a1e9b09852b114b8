import request from 'supertest';
import type { Page } from 'playwright-core';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 14 item 7 in a browser: admin pages in the agent's one language, readable version history with a
// confirmation before rollback, "try it" on a fresh page, and the review queue naming the intent it guessed.

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let auth: string;
const HAN = /[\u3400-\u9fff]/;
beforeAll(async () => {
  ({ hx, page } = suite);
  auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
});

const api = {
  get: (path: string) => request(hx.url).get(`/api${path}`).set('Authorization', auth).expect(200),
  send: (method: 'post' | 'put' | 'patch', path: string, body: object) => request(hx.url)[method](`/api${path}`).set('Authorization', auth).send(body),
};
const versionCount = async () => (await api.get('/versions')).body.items.length as number;

describe('an English-speaking admin', () => {
  it('sees the admin tabs and the page title in English only', async () => {
    await api.send('patch', '/me', { locale: 'en' }).expect(200);
    const created = await api.send('post', '/rules', { name: '营业时间', match: { kind: 'exact', patterns: ['几点开门'] }, action: 'faq', reply: '9:00–18:00' }).expect(201);
    await api.send('put', `/rules/${created.body.rule.id}`, { reply: '10:00–19:00' }).expect(200);

    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/inbox');
    await page.goto(`${hx.url}/admin/versions`);
    const nav = page.locator('[data-admin-nav]');
    await nav.getByText('Versions', { exact: true }).waitFor();
    expect(await nav.textContent()).not.toMatch(HAN);
    expect(await page.locator('main h1').textContent()).toBe('Versions');
    expect(await page.title()).toBe('Versions · Huixin');
    expect(await page.locator('[data-versions] tr').first().textContent()).not.toMatch(HAN);
  });

  it('reads each version as who, when in the business time zone, and what by name', async () => {
    const { items, timezone } = (await api.get('/versions')).body;
    const latest = page.locator('[data-versions] tr').nth(1);
    await latest.locator('[data-version-summary]').filter({ hasText: 'Changed rule “营业时间”: reply' }).waitFor();
    const expected = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(items[0].createdAt));
    expect(await latest.locator('[data-version-time]').textContent()).toBe(expected);
    expect(await latest.locator('[data-version-author]').textContent()).not.toBe(ADMIN.email);
    expect(await page.locator('[data-versions] tr').last().locator('[data-version-summary]').textContent()).toBe('The configuration before the first admin edit');

    await latest.locator('[data-action="diff"]').click();
    await page.locator('[data-diff] [data-field-change]').filter({ hasText: 'reply: 9:00–18:00 → 10:00–19:00' }).waitFor();
    expect(await page.locator('[data-diff]').textContent()).not.toContain('{');
    await screenshot(page, 'admin-language-1-versions-en');
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'admin-language-1-versions-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('asks before rolling back, naming the version, and only a confirmation rolls back', async () => {
    const before = await versionCount();
    const target = page.locator('[data-versions] tr').nth(2);
    const version = await target.getAttribute('data-version');
    await target.locator('[data-action="rollback"]').click();
    const dialog = page.locator('[data-dialog="rollback"]');
    await dialog.getByText(`Roll back to version ${version}?`).waitFor();
    await screenshot(page, 'admin-language-2-confirm-rollback');
    await dialog.locator('[data-action="cancel-rollback"]').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await versionCount()).toBe(before);

    await target.locator('[data-action="rollback"]').click();
    await dialog.locator('[data-action="confirm-rollback"]').click();
    await page.locator('[data-version-notice]').filter({ hasText: `Rolled back to version ${version}` }).waitFor();
    expect(await versionCount()).toBe(before + 1);
    await page.locator('[data-versions] tr').nth(1).locator('[data-version-summary]').filter({ hasText: `Rolled back to version ${version}` }).waitFor();
  });

  it('tries a text on a fresh rules page without naming a rule, and an error goes once the form changes', async () => {
    await page.goto(`${hx.url}/admin/rules`);
    await page.locator('[data-rule="转人工"]').waitFor();
    await page.fill('[data-try-text]', '人工');
    await page.click('[data-action="try"]');
    await page.locator('[data-try-answer]').waitFor();
    expect(await page.locator('[data-try-error]').count()).toBe(0);

    await page.click('[data-action="new-rule"]');
    await page.selectOption('[data-field="kind"]', 'regex');
    await page.fill('[data-field="patterns"]', '^(wifi');
    await page.click('[data-action="try"]');
    await page.locator('[data-try-error]').waitFor();
    expect(await page.locator('[data-try-error]').textContent()).not.toContain('name');
    await page.click('[data-rule="转人工"]');
    await page.locator('[data-try-error]').waitFor({ state: 'detached' });
    expect(await page.locator('main').textContent()).toContain('Try it');
    await screenshot(page, 'admin-language-3-try-it');
  });

  it('sees the intent the bot guessed, by name, in the review queue', async () => {
    await request(hx.url).post('/webhooks/generic').send({ id: 'lang-e2e-1', from: '+8613900139079', text: 'shift my visit pls' }).expect(200);
    const item = (await api.get('/intents/review')).body.items.find((i: { text: string }) => i.text === 'shift my visit pls');
    expect(item.guess).toMatchObject({ intent: expect.any(String) });
    await page.goto(`${hx.url}/admin/intents`);
    const guess = page.locator('[data-review-queue] [data-review-guess]').first();
    await guess.filter({ hasText: `Guess: ${item.guess.intent} · ${item.guess.score.toFixed(2)}` }).waitFor();
    expect(await page.locator('[data-admin-nav]').textContent()).not.toMatch(HAN);
    await screenshot(page, 'admin-language-4-review-guess');
  });

  it('reads every bot-configuration page in English: titles, headings, labels and buttons', async () => {
    for (const [path, title] of [['/admin', 'Bot configuration'], ['/admin/rules', 'Reply rules'], ['/admin/templates', 'Templates'], ['/admin/intents', 'Intents'], ['/admin/settings', 'Settings']]) {
      await page.goto(`${hx.url}${path}`);
      await page.locator('main h1').filter({ hasText: title }).waitFor();
      if (path === '/admin/templates') await page.getByText('appointment_reminder').click();
      if (path === '/admin/settings') await page.locator('[data-setting="businessName"]').waitFor();
      // The page's own words: each heading's, label's or button's text nodes (not the values inside inputs).
      const words = await page.evaluate<string[]>(`[...document.querySelector('main').querySelectorAll('h1, h3, h4, label, button, summary, th')]
        .map((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim()).filter(Boolean)`);
      expect({ path, chinese: words.filter((w) => HAN.test(w)) }).toEqual({ path, chinese: [] });
    }
  });

  it('finds the inbox header and the calendar’s links in English too', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${hx.url}/inbox`);
    const header = page.locator('header.top');
    await header.locator('[data-link="admin"]').filter({ hasText: 'Admin' }).waitFor();
    const links = await header.locator('a, button').allTextContents();
    expect(links.filter((w) => HAN.test(w))).toEqual([]);
    await page.goto(`${hx.url}/calendar`);
    await page.getByRole('link', { name: 'Inbox', exact: true }).waitFor();
    expect(await page.getByRole('link', { name: /收件箱/ }).count()).toBe(0);
  });
});
