import type { Page } from 'playwright-core';
import request from 'supertest';
import { Conversation, Message } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { Customer } from '../support/customer';
import { eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
const ids: Record<'a' | 'b' | 'c', number> = { a: 0, b: 0, c: 0 };

const row = (id: number) => page.locator(`[data-conversation="${id}"]`);

async function handedOff(phone: string): Promise<number> {
  const customer = new Customer(hx, phone);
  await customer.text('人工');
  return (await customer.conversation()).id;
}

beforeAll(async () => {
  hx = suite.hx;
  page = suite.page;
  ids.a = await handedOff('+8613701500001');
  ids.b = await handedOff('+8613701500002');
  ids.c = await handedOff('+8613701500003');
  // Liu owns c: a bulk resolve by Wang must leave it and say why.
  const liu = await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD);
  await request(hx.url).post(`/api/conversations/${ids.c}/take-over`).set('Authorization', `Bearer ${liu}`).expect(200);
  await logInToInbox(page, hx.url, 'wang@clinic.example');
  await page.locator('[data-connection]').filter({ hasText: '实时' }).waitFor();
  await page.click('[data-view="all"]');
}, 60_000);

describe('conversation tools in the inbox', () => {
  it('labels a thread and sets its priority from the thread header; the row shows both', async () => {
    await row(ids.a).click();
    await page.fill('[data-action="add-label"]', '回访');
    await page.press('[data-action="add-label"]', 'Enter');
    await page.locator('[data-tools] [data-label="回访"]').waitFor();
    await page.selectOption('[data-action="priority"]', 'high');
    await row(ids.a).locator('[data-priority="high"]').filter({ hasText: '高' }).waitFor();
    await row(ids.a).locator('[data-label="回访"]').waitFor();
    await page.locator('[data-thread] [data-activity="labelled"]').filter({ hasText: '王芳 添加了标签 回访' }).waitFor();
    expect(await hx.ds.manager.findOneByOrFail(Conversation, { id: ids.a })).toMatchObject({ labels: ['回访'], priority: 'high' });
    await screenshot(page, 'conversation-tools-1-labelled');
  });

  it('filters the list by that label, and clears the filter', async () => {
    // Opening the select re-reads the labels in use, so the one added a moment ago is offered.
    await page.focus('[data-filter="label"]');
    await page.locator('[data-filter="label"] option[value="回访"]').waitFor({ state: 'attached' });
    await page.selectOption('[data-filter="label"]', '回访');
    await eventually(async () => (await page.locator('[data-conversation]').count()) === 1);
    await row(ids.a).waitFor();
    expect(await row(ids.b).count()).toBe(0);
    await screenshot(page, 'conversation-tools-2-filtered');
    await page.click('[data-action="clear-filters"]');
    await row(ids.b).waitFor();
  });

  it('bulk-resolves two and says which one failed and why', async () => {
    for (const id of [ids.a, ids.b, ids.c]) {
      await row(id).hover();
      await row(id).locator('[data-check]').click();
    }
    await page.locator('[data-bulk-count]').filter({ hasText: '已选 3 个' }).waitFor();
    await page.click('[data-bulk-action="resolve"]');
    await page.locator('[data-bulk-feedback]').filter({ hasText: '2 个已解决，1 个失败：该会话由其他客服负责，请先接管' }).waitFor();
    for (const id of [ids.a, ids.b]) expect((await hx.ds.manager.findOneByOrFail(Conversation, { id })).status).toBe('resolved');
    expect((await hx.ds.manager.findOneByOrFail(Conversation, { id: ids.c })).status).toBe('open');
    // The one that failed stays ticked, to try again once someone has it.
    await page.locator('[data-bulk-count]').filter({ hasText: '已选 1 个' }).waitFor();
    await screenshot(page, 'conversation-tools-3-bulk-resolved');
    await page.click('[data-bulk-action="none"]');
  });

  it('starts a new conversation from the dialog (n) and shows the text in the thread', async () => {
    await page.locator('[data-thread]').click();   // out of any field, so the shortcut counts
    await page.keyboard.press('n');
    const dialog = page.locator('[data-dialog="new-conversation"]');
    await dialog.waitFor();
    await dialog.locator('[data-field="phone"]').fill('137 0150 0009');
    await dialog.locator('[data-field="name"]').fill('新病人');
    await dialog.locator('[data-field="body"]').fill('您好，您的检查报告已出，可以来取了。');
    await screenshot(page, 'conversation-tools-4-new-dialog');
    await dialog.locator('[data-action="send-new"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-thread] [data-origin="agent"]').waitFor();
    await page.locator('[data-thread]').filter({ hasText: '您的检查报告已出' }).waitFor();
    await page.locator('[data-owner]').filter({ hasText: '你' }).waitFor();
    const sent = await hx.ds.manager.findOneByOrFail(Message, { body: '您好，您的检查报告已出，可以来取了。' });
    expect(sent).toMatchObject({ direction: 'out', origin: 'agent' });
    await screenshot(page, 'conversation-tools-5-started');
  });

  it('refuses a number that opted out, in words, and sends nothing', async () => {
    const refuser = new Customer(hx, '+8613701500004');
    await refuser.text('STOP');
    const before = await hx.ds.manager.count(Message);
    await page.click('[data-action="new-conversation"]');
    const dialog = page.locator('[data-dialog="new-conversation"]');
    await dialog.locator('[data-field="phone"]').fill('+8613701500004');
    await dialog.locator('[data-field="body"]').fill('您好');
    await dialog.locator('[data-action="send-new"]').click();
    await dialog.locator('[data-error]').filter({ hasText: '此号码已退订所有短信' }).waitFor();
    expect(await hx.ds.manager.count(Message)).toBe(before);
    await screenshot(page, 'conversation-tools-6-opted-out');
    expect(suite.pageErrors).toEqual([]);
  });
});
