import request from 'supertest';
import type { Page } from 'playwright-core';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 14 item 7: a bad regex explained in words, in the admin's one language, with the pattern shown under the
// patterns field and the character at fault marked; never RE2's raw English.

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let auth: string;
beforeAll(async () => {
  ({ hx, page } = suite);
  auth = `Bearer ${await hx.loginAs(ADMIN.email, ADMIN.password)}`;
});

async function speak(locale: 'en' | 'zh-CN'): Promise<void> {
  await request(hx.url).patch('/api/me').set('Authorization', auth).send({ locale }).expect(200);
}

/** A new regex rule whose second pattern is `(预约`, saved: the refusal as the editor shows it. */
async function saveUnclosedBracket(): Promise<{ words: string; marked: string; shown: string }> {
  await page.goto(`${hx.url}/admin/rules`);
  await page.click('[data-action="new-rule"]');
  await page.fill('[data-field="name"]', '预约');
  await page.selectOption('[data-field="kind"]', 'regex');
  await page.fill('[data-field="patterns"]', '改期\n(预约');
  await page.fill('[data-field="reply"]', '请致电前台预约');
  await page.click('[data-action="save-rule"]');
  const problem = page.locator('[data-pattern-problem]');
  await problem.waitFor();
  return {
    words: (await problem.locator('[data-rule-error]').textContent())!,
    marked: (await problem.locator('mark').textContent())!,
    shown: (await problem.locator('code').textContent())!,
  };
}

describe('a rule pattern with a bracket never closed', () => {
  it('a Chinese-speaking admin reads where and what in Chinese, under the patterns, with "(" marked', async () => {
    await speak('zh-CN');
    await page.goto(`${hx.url}/login`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/inbox');

    const { words, marked, shown } = await saveUnclosedBracket();
    expect(words).toBe('第 2 个匹配模式：第 1 个字符处的括号“(”没有闭合');
    expect(marked).toBe('(');
    expect(shown).toBe('(预约');
    const main = (await page.locator('main').textContent())!;
    expect(main).not.toMatch(/invalid regular expression|missing closing/);
    expect(main).not.toContain('The bracket');
    // The form's foot does not repeat it: the words sit by the field at fault.
    expect(await page.locator('[data-rule-error]').count()).toBe(1);
    await screenshot(page, 'rule-regex-error-1-zh');
    expect((await request(hx.url).get('/api/rules').set('Authorization', auth)).body.items.some((r: { name: string }) => r.name === '预约')).toBe(false);
  });

  it('"try it" on the same draft says it too, with the character marked', async () => {
    await page.fill('[data-try-text]', '我想预约');
    await page.click('[data-action="try"]');
    const error = page.locator('[data-try-error]');
    await error.waitFor();
    expect(await error.textContent()).toContain('第 1 个字符处的括号“(”没有闭合');
    expect(await page.locator('[data-try-fault] mark').textContent()).toBe('(');
  });

  it('an English-speaking admin reads it in English only', async () => {
    await speak('en');
    const { words, marked } = await saveUnclosedBracket();
    expect(words).toBe('Pattern 2: the bracket "(" at character 1 is never closed');
    expect(marked).toBe('(');
    const main = (await page.locator('main').textContent())!;
    expect(main).not.toMatch(/invalid regular expression|missing closing|括号/);
    await screenshot(page, 'rule-regex-error-2-en');
  });

  it('fixing the pattern clears the explanation and saves the rule', async () => {
    await page.fill('[data-field="patterns"]', '改期\n(预约)');
    await page.click('[data-action="save-rule"]');
    await page.locator('[data-rule-notice]').waitFor();
    expect(await page.locator('[data-pattern-problem]').count()).toBe(0);
  });
});
