import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { Contact } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { openBrowser, screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { afterPaint, holdBack } from './support/late-answers';

// An admin sets up a custom field, imports a clinic's list (UTF-8 with a bad row, then a GBK file from Excel), finds,
// edits, merges and erases contacts; an agent sees the same page without the admin's tools; it fits a phone's width.
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

const UTF8_LIST = '\uFEFFphone,name,tags,会员等级,consent\n'
  + '13800138001,陈美玲,vip;新客,银卡,marketing\n'
  + '0086 138-0013-8002,黃志明,,金卡,transactional\n'
  + '12345,号码不对,,,\n';
const GBK_LIST = iconv.encode('电话,姓名,标签\r\n13900139001,张伟,老客户\r\n', 'gbk');

const row = (phone: string) => page.locator(`[data-contact="${phone}"]`);
const editor = () => page.locator('[data-form=contact]');

async function logIn(p: Page, email: string, password: string, next: string): Promise<void> {
  await p.goto(`${hx.url}/login?next=${next}`);
  await p.fill('input[name=email]', email);
  await p.fill('input[name=password]', password);
  await p.click('button[type=submit]');
  await p.waitForURL(`**${next}`);
}

async function search(q: string): Promise<void> {
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('/');   // the shortcut puts the cursor in the search box
  await page.locator('#contacts-search:focus').waitFor();
  await page.locator('#contacts-search').fill(q);
}

async function importFile(name: string, buffer: Buffer): Promise<void> {
  await page.click('[data-action=import]');
  const dialog = page.locator('[data-dialog=import]');
  await dialog.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await dialog.locator('[data-mapping]').waitFor();
}

describe('contacts in a browser', () => {
  it('lets an admin define a choice field 会员等级', async () => {
    await logIn(page, ADMIN.email, ADMIN.password, '/admin/contact-fields');
    const form = page.locator('[data-form=contact-field]');
    await form.locator('input[name=key]').fill('tier');
    await form.locator('input[name=labelZh]').fill('会员等级');
    await form.locator('input[name=labelEn]').fill('Membership');
    await form.locator('select[name=type]').selectOption('choice');
    await form.locator('textarea[name=choices]').fill('普通\n银卡\n金卡');
    await form.locator('button[type=submit]').click();
    await page.locator('[data-contact-field=tier]').filter({ hasText: '会员等级' }).waitFor();
    await screenshot(page, 'contacts-0-fields');
  });

  it('imports a list after a dry run that counts it and names the bad line, saving nothing until asked', async () => {
    await page.goto(`${hx.url}/contacts`);
    await page.locator('[data-contact]').first().waitFor();   // the demo clinic's contacts
    const before = await page.locator('[data-total]').textContent();
    await importFile('门店登记表.csv', Buffer.from(UTF8_LIST, 'utf8'));
    const dialog = page.locator('[data-dialog=import]');
    await dialog.locator('[data-encoding]').filter({ hasText: 'UTF-8' }).waitFor();
    // The header was read here: each column is offered its field, the custom one by its label.
    expect(await dialog.locator('select[data-column=phone]').inputValue()).toBe('phone');
    expect(await dialog.locator('select[data-column="会员等级"]').inputValue()).toBe('tier');
    await dialog.locator('input[name=source]').fill('2026-03 门店登记表');
    await dialog.locator('[data-action=dry-run]').click();
    await dialog.locator('[data-import-counts=preview]').filter({ hasText: '新建 2' }).waitFor();
    await dialog.locator('[data-import-errors=preview] [data-line="4"]').filter({ hasText: 'phone' }).waitFor();
    await screenshot(page, 'contacts-1-import-preview');
    await page.reload();   // the dry run stored nothing
    await page.locator('[data-contact]').first().waitFor();
    expect(await page.locator('[data-total]').textContent()).toBe(before);

    await importFile('门店登记表.csv', Buffer.from(UTF8_LIST, 'utf8'));
    await dialog.locator('input[name=source]').fill('2026-03 门店登记表');
    await dialog.locator('[data-action=dry-run]').click();
    await dialog.locator('[data-import-counts=preview]').waitFor();
    await dialog.locator('[data-action=import]').click();
    await dialog.locator('[data-import-counts=result]').filter({ hasText: '新建 2' }).waitFor();
    await dialog.locator('button', { hasText: '关闭' }).last().click();
    await row('+8613800138001').waitFor();
  });

  it('imports a GBK file saved by Excel', async () => {
    await importFile('excel.csv', GBK_LIST);
    const dialog = page.locator('[data-dialog=import]');
    await dialog.locator('[data-encoding]').filter({ hasText: 'GBK' }).waitFor();
    expect(await dialog.locator('select[data-column="电话"]').inputValue()).toBe('phone');
    await dialog.locator('[data-action=dry-run]').click();
    await dialog.locator('[data-import-counts=preview]').filter({ hasText: '新建 1' }).waitFor();
    await dialog.locator('[data-action=import]').click();
    await dialog.locator('[data-import-counts=result]').filter({ hasText: '新建 1' }).waitFor();
    await page.keyboard.press('Escape');
    await row('+8613900139001').filter({ hasText: '张伟' }).waitFor();
  });

  it('finds a contact by a differently written phone number and by traditional characters', async () => {
    await search('+86 138-0013-8001');
    await row('+8613800138001').waitFor();
    await page.locator('[data-contact]').nth(1).waitFor({ state: 'detached' });
    // Typed in traditional characters: the imported 陈美玲 (simplified) is found, beside the demo clinic's 陳美玲.
    await search('陳美玲');
    await row('+8613800138001').filter({ hasText: '陈美玲' }).waitFor();
    await row('+85291234567').waitFor();
    await page.locator('[data-total]').filter({ hasText: '共 2 位' }).waitFor();
  });

  it('filters by tag, and exports what the filter shows', async () => {
    await search('');
    await page.fill('input[name=tag]', 'vip');
    await page.press('input[name=tag]', 'Tab');
    await page.locator('[data-total]').filter({ hasText: '共 1 位' }).waitFor();
    const csv = await (await page.request.get(`${hx.url}${await page.locator('[data-action=export]').getAttribute('href')}`)).text();
    expect(csv).toContain('+8613800138001');
    expect(csv).not.toContain('+8613900139001');
    await page.fill('input[name=tag]', '');
    await page.press('input[name=tag]', 'Tab');
    await search('陳美玲');
    await row('+8613800138001').waitFor();
  });

  it('edits the custom field and the tags, and shows the consent the import recorded', async () => {
    // The saved contact arrives late, as on a slow line: a choice made at once must not be overwritten when it comes.
    const late = /\/api\/contacts\/\d+$/;
    await page.route(late, async (route) => { await new Promise((r) => setTimeout(r, 600)); await route.continue(); });
    await row('+8613800138001').focus();
    await page.keyboard.press('Enter');   // rows open from the keyboard
    await editor().locator('select[name=attr-tier]').selectOption('金卡');
    await editor().locator('[data-consent-history] [data-consent=opt_in]').filter({ hasText: '2026-03 门店登记表' }).waitFor();
    expect(await editor().locator('select[name=attr-tier]').inputValue()).toBe('金卡');
    await page.unroute(late);
    await editor().locator('[data-tag="新客"] [data-action=remove-tag]').click();
    await editor().locator('input[name=newTag]').fill('复诊');
    await editor().locator('input[name=newTag]').press('Enter');
    await editor().locator('button[type=submit]').click();
    await editor().locator('[role=status]').filter({ hasText: '已保存' }).waitFor();
    await row('+8613800138001').locator('[data-cell=tags]').filter({ hasText: '复诊' }).waitFor();
    expect(await row('+8613800138001').locator('[data-cell=tags]').textContent()).not.toContain('新客');
    await page.reload();
    await search('13800138001');
    await row('+8613800138001').click();
    await editor().locator('[data-tag="复诊"]').waitFor();
    expect(await editor().locator('select[name=attr-tier]').inputValue()).toBe('金卡');
    await screenshot(page, 'contacts-2-editor');
  });

  it('shows a refused phone number under the phone field of a new contact', async () => {
    await page.click('[data-action=new-contact]');
    await editor().locator('input[name=phone]').fill('12345');
    await editor().locator('input[name=name]').fill('新客人');
    await editor().locator('button[type=submit]').click();
    await editor().locator('[role=alert][data-error=phone]').waitFor();
    await editor().locator('[data-action=close]').click();
    await search('13800138001');
    await row('+8613800138001').click();
  });

  it('merges another contact in after showing what moves', async () => {
    await editor().locator('[data-action=merge]').click();
    const dialog = page.locator('[data-dialog=merge]');
    await dialog.locator('input[name=mergeSearch]').fill('张伟');
    await dialog.locator('input[name=mergeSearch]').press('Enter');
    // The admin picks the demo 张伟 first (a conversation, appointments), then the imported one: what the dialog says
    // moves is the one picked last, even when the first one's details come back after it.
    const demoZhang = await hx.ds.manager.findOneByOrFail(Contact, { phone: '+8613800138000' });
    const firstPick = `**/api/contacts/${demoZhang.id}`;
    const stopHolding = await holdBack(page, firstPick);
    try {
      const slowAnswer = page.waitForResponse((res) => new URL(res.url()).pathname === `/api/contacts/${demoZhang.id}`);
      await dialog.locator('[data-merge-candidate="+8613800138000"]').check();
      await dialog.locator('[data-merge-candidate="+8613900139001"]').check();
      await dialog.locator('[data-merge-counts]').waitFor();
      await slowAnswer;
      await afterPaint(page);   // its counts rendered, had they been used
      expect(await dialog.locator('[data-merge-counts]').innerText()).toMatch(/^会话：无 · 预约：0/);
    } finally {
      await stopHolding();
    }
    await dialog.locator('[data-merge-moves]').filter({ hasText: '张伟' }).filter({ hasText: '老客户' }).waitFor();
    await dialog.locator('[data-action=confirm-merge]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-notice]').filter({ hasText: '已合并' }).waitFor();
    await editor().locator('[data-tag="老客户"]').waitFor();   // 张伟's tag came along
    await search('13900139001');
    await page.locator('[data-total]').filter({ hasText: /共 0 位/ }).waitFor();
  });

  it('erases a contact only once the last four digits are typed', async () => {
    await search('黃志明');
    await row('+8613800138002').click();
    await editor().locator('[data-action=erase]').click();
    const dialog = page.locator('[data-dialog=erase]');
    await dialog.getByText('加密散列').waitFor();   // says what is kept
    expect(await dialog.locator('[data-action=confirm-erase]').isDisabled()).toBe(true);
    await dialog.locator('input[name=lastDigits]').fill('8002');
    await dialog.locator('[data-action=confirm-erase]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-notice]').filter({ hasText: '保留' }).waitFor();
    await search('13800138002');
    await page.locator('[data-total]').filter({ hasText: /共 0 位/ }).waitFor();
    expect(suite.pageErrors).toEqual([]);
  });

  it('shows an agent the contacts without merge, erase or import', async () => {
    const agentBrowser = await openBrowser();
    try {
      const agent = agentBrowser.page;
      agent.setDefaultTimeout(8000);
      await logIn(agent, 'wang@clinic.example', DEMO_AGENT_PASSWORD, '/contacts');
      await agent.fill('#contacts-search', '13800138001');
      await agent.locator('[data-contact="+8613800138001"]').click();
      await agent.locator('[data-form=contact] [data-consent-history]').waitFor();
      expect(await agent.locator('[data-action=merge], [data-action=erase], [data-action=import], [data-action=export]').count()).toBe(0);
    } finally { await agentBrowser.close(); }
  });

  it("opens a contact's conversation in the inbox", async () => {
    await search('13800138000');   // the demo clinic's 张伟, who has texted before
    await row('+8613800138000').click();
    await editor().locator('[data-link=conversation]').click();
    await page.waitForURL(/\/inbox\?conversation=\d+$/);
    const id = new URL(page.url()).searchParams.get('conversation');
    await page.locator(`[data-conversation="${id}"].selected`).waitFor();
    await page.locator('[data-thread]').waitFor();
    await page.goto(`${hx.url}/contacts`);
  });

  it('fits a 390 px wide phone without scrolling sideways', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await search('陈美玲');
    await row('+8613800138001').click();
    await editor().locator('[data-consent-history]').waitFor();
    await screenshot(page, 'contacts-3-phone');
    expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.click('[data-action=import]');
    await page.locator('[data-dialog=import]').waitFor();
    expect(await page.evaluate('document.scrollingElement.scrollWidth')).toBeLessThanOrEqual(390);
  });
});
