import request from 'supertest';
import type { Page } from 'playwright-core';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 13 item 7 in a browser: a refusal names the field by its label, in the agent's language.

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let auth: string;
beforeAll(async () => {
  ({ hx, page } = suite);
  auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
});

/** The admin's language, changed the way the profile page changes it; the page then reloads to pick it up. */
async function speak(locale: 'en' | 'zh-CN'): Promise<void> {
  await request(hx.url).patch('/api/me').set('Authorization', auth).send({ locale }).expect(200);
}

async function saveServiceOfZeroMinutes(words: { name: string; duration: string; new: string; save: string }): Promise<string> {
  await page.goto(`${hx.url}/admin/services`);
  await page.getByRole('button', { name: words.new, exact: true }).click();
  await page.getByLabel(words.name, { exact: true }).fill('美白');
  await page.getByLabel(words.duration, { exact: true }).fill('0');
  await page.getByRole('button', { name: words.save, exact: true }).click();
  const error = page.locator('p.error[data-field="durationMinutes"]');
  await error.waitFor();
  return (await error.textContent())!.trim();
}

describe('a service with a duration of 0', () => {
  it('an English-speaking admin is told in English, naming "Duration", under that field', async () => {
    await speak('en');
    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/inbox');
    const text = await saveServiceOfZeroMinutes({ name: 'Chinese name', duration: 'Duration (minutes)', new: 'New', save: 'Save' });
    expect(text).toBe('Duration (minutes): must be at least 5');
    await screenshot(page, 'field-errors-1-english');
  });

  it('a Chinese-speaking admin is told in Chinese, naming 时长', async () => {
    await speak('zh-CN');
    const text = await saveServiceOfZeroMinutes({ name: '中文名称', duration: '时长（分钟）', new: '新建', save: '保存' });
    expect(text).toBe('时长（分钟）：至少 5');
    await screenshot(page, 'field-errors-2-chinese');
  });
});

describe('the rule editor', () => {
  it('says a bad regex as a sentence naming the pattern, not the raw path', async () => {
    await page.goto(`${hx.url}/admin/rules`);
    await page.click('[data-action="new-rule"]');
    await page.fill('[data-field="name"]', '发票');
    await page.selectOption('[data-field="kind"]', 'regex');
    await page.fill('[data-field="patterns"]', '发票\n^(invoice');
    await page.fill('[data-field="reply"]', '请到前台开发票');
    await page.click('[data-action="save-rule"]');
    const error = page.locator('[data-rule-error]');
    await error.filter({ hasText: '第 2 个匹配模式：第 2 个字符处的括号“(”没有闭合' }).waitFor();
    expect(await error.textContent()).not.toMatch(/patterns|rules\.|match\./);
    await screenshot(page, 'field-errors-3-bad-regex');
  });
});
