import request from 'supertest';
import type { Page } from 'playwright-core';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { afterPaint, answersTo, holdBack } from './support/late-answers';

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

const PASSWORD_REPLY = '【{{business.name}}】Wi-Fi: clinic-guest / smile2026';

describe('an admin edits reply rules in a browser', () => {
  it('logs in and opens the rules page', async () => {
    await page.goto(`${hx.url}/admin/rules`);
    await page.waitForURL('**/login');
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/inbox');
    await page.goto(`${hx.url}/admin/rules`);
    await page.locator('[data-rule="转人工"]').waitFor();
  });

  it('creates a keyword rule and tries the unsaved draft in the panel', async () => {
    await page.click('[data-action="new-rule"]');
    await page.fill('[data-field="name"]', 'Wi-Fi 密码');
    await page.fill('[data-field="patterns"]', 'wifi\n无线密码');
    await page.fill('[data-field="reply"]', PASSWORD_REPLY);
    await page.fill('[data-try-text]', '无线密码');
    await page.click('[data-action="try"]');
    await page.locator('[data-try-reply]').filter({ hasText: '【示例口腔诊所】Wi-Fi: clinic-guest / smile2026' }).waitFor();
    await page.locator('[data-try-answer]').getByText('Wi-Fi 密码', { exact: true }).waitFor();
    expect(await page.locator('[data-try-for]').innerText()).toBe('无线密码');
    await screenshot(page, 'admin-1-try-draft');
  });

  // Trying one text and then another at once: the answer shown is the last text's, whichever answer comes back last.
  it('shows the answer to the text tried last', async () => {
    const simulate = '**/api/rules/simulate';
    const stopHolding = await holdBack(page, simulate, { firstOnly: true });
    try {
      const bothAnswered = answersTo(page, /\/api\/rules\/simulate$/, 2);
      await page.fill('[data-try-text]', '人工');
      await page.click('[data-action="try"]');
      await page.fill('[data-try-text]', '无线密码');
      await page.click('[data-action="try"]');
      await page.locator('[data-try-reply]').filter({ hasText: 'Wi-Fi' }).waitFor();
      await bothAnswered;   // the first text's answer too, held back
      await afterPaint(page);   // its answer rendered, had it been used
      expect(await page.locator('[data-try-reply]').innerText()).toContain('Wi-Fi');
      expect(await page.locator('[data-try-for]').innerText()).toBe('无线密码');
    } finally {
      await stopHolding();
    }
  });

  it('saves the rule, and a text from the simulator gets the answer', async () => {
    await page.click('[data-action="save-rule"]');
    await page.locator('[data-rule-notice]').waitFor();
    await page.locator('[data-rule="Wi-Fi 密码"]').waitFor();
    await screenshot(page, 'admin-2-saved');

    await page.goto(`${hx.url}/simulator`);
    await page.fill('#any-number', '13900139077');
    await page.click('form.any-number button[type=submit]');
    await page.fill('textarea[aria-label="短信内容 Message text"]', 'WIFI');
    await page.click('button[aria-label="发送 Send"]');
    await page.getByText('Wi-Fi: clinic-guest / smile2026').waitFor();
    await screenshot(page, 'admin-3-simulator-answer');
  });

  it('tags whoever texts the rule, with the tags set in the form', async () => {
    await page.goto(`${hx.url}/admin/rules`);
    await page.click('[data-rule="Wi-Fi 密码"]');
    await page.locator('details summary').filter({ hasText: /条件|Conditions/ }).click();
    await page.fill('[data-field="addTags"]', 'wifi_asked，guest');
    await page.click('[data-action="save-rule"]');
    await page.locator('[data-rule-notice]').waitFor();
    await request(hx.url).post('/webhooks/generic').send({ id: 'admin-e2e-tag', from: '+8613900139079', text: 'wifi' }).expect(200);
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    const found = await request(hx.url).get('/api/contacts').query({ phone: '+8613900139079' }).set('Authorization', `Bearer ${token}`).expect(200);
    expect(found.body.items[0].tags).toEqual(expect.arrayContaining(['wifi_asked', 'guest']));
  });

  it('shows the exact error for a bad regex and keeps the saved rule', async () => {
    await page.goto(`${hx.url}/admin/rules`);
    await page.click('[data-rule="Wi-Fi 密码"]');
    await page.selectOption('[data-field="kind"]', 'regex');
    await page.fill('[data-field="patterns"]', '^(wifi');
    await page.click('[data-action="save-rule"]');
    await page.locator('[data-rule-error]').filter({ hasText: /第 2 个字符处的括号“\(”没有闭合|the bracket "\(" at character 2 is never closed/ }).waitFor();
    await screenshot(page, 'admin-4-bad-regex');
    const saved = await request(hx.url).post('/api/rules/simulate').set('Authorization', `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`).send({ text: 'wifi' });
    expect(saved.body.action).toBe('faq');
  });

  it('rolls back to the configuration before the rule once the admin confirms', async () => {
    await page.goto(`${hx.url}/admin/versions`);
    const seed = page.locator('[data-versions] tr').last();
    await page.locator('[data-versions] tr').nth(1).locator('[data-action="diff"]').click();
    await page.locator('[data-diff]').getByText('Wi-Fi 密码').first().waitFor();
    await seed.locator('[data-action="rollback"]').click();
    await page.click('[data-dialog="rollback"] [data-action="confirm-rollback"]');
    await page.locator('[data-version-notice]').waitFor();
    await screenshot(page, 'admin-5-rolled-back');
    const token = await hx.loginAs(ADMIN.email, ADMIN.password);
    const after = await request(hx.url).post('/api/rules/simulate').set('Authorization', `Bearer ${token}`).send({ text: 'wifi' });
    expect(after.body.action).not.toBe('faq');
  });
});

describe('the other admin pages in a browser', () => {
  it('previews a template with the sample contact and counts its segments', async () => {
    await page.goto(`${hx.url}/admin/templates`);
    await page.getByText('appointment_reminder').click();
    await page.locator('[data-preview]').filter({ hasText: '张伟' }).waitFor();
    await page.locator('[data-counter]').filter({ hasText: 'UCS-2' }).waitFor();
    await page.fill('[data-template-body]', '【{{business.name}}】{{contact.nmae}}您好');
    await page.locator('[data-preview-error]').filter({ hasText: 'contact.nmae' }).waitFor();
    await screenshot(page, 'admin-6-template-preview');
  });

  it('shows intent accuracy and the review queue', async () => {
    await request(hx.url).post('/webhooks/generic').send({ id: 'admin-e2e-1', from: '+8613900139078', text: 'shift my visit pls' }).expect(200);
    await page.goto(`${hx.url}/admin/intents`);
    await page.locator('[data-accuracy]').filter({ hasText: '%' }).waitFor();
    await page.locator('[data-review-queue]').getByText('shift my visit pls').waitFor();
    await screenshot(page, 'admin-7-intents-review');
  });
});
