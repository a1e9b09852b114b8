import request from 'supertest';
import type { Page } from 'playwright-core';
import { Message } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { Customer } from '../support/customer';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 14: canned replies in the composer (`/hou` + Enter), the picker without the bot's system templates, and an
// agent's own reply added on its page and used in a thread.
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

const PHONE = '+8613700880001';
const customer = () => new Customer(hx, PHONE);
const composer = () => page.locator('[data-composer]');

async function logIn(email: string, password: string, next: string): Promise<void> {
  await page.goto(`${hx.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**${next}`);
}

/** 孙丽, who asked for a person: her thread opened in the inbox as 王芳. */
async function openHerThread(): Promise<void> {
  const token = await hx.loginAs(ADMIN.email, ADMIN.password);
  await request(hx.url).post('/api/contacts').set('Authorization', `Bearer ${token}`).send({ phone: PHONE, name: '孙丽' }).expect(201);
  await customer().text('人工');
  const { id } = await customer().conversation();
  await logIn('wang@clinic.example', DEMO_AGENT_PASSWORD, `/inbox?conversation=${id}`);
  await composer().waitFor();
}

describe('canned replies in a browser', () => {
  it('`/hou` + Enter puts the clinic’s hours with the customer’s name in the box, editable, and sends it', async () => {
    await openHerThread();
    await composer().click();
    await page.keyboard.type('/hou');
    await page.locator('[data-slash-option="hours"]').waitFor();
    await screenshot(page, 'canned-1-slash-picker');
    await page.keyboard.press('Enter');
    await expectDraft('孙丽您好，示例口腔诊所营业时间：周一至周六 9:00–12:00、13:00–18:00，周日休息。');
    expect(await page.locator('[data-slash]').count()).toBe(0);
    await page.keyboard.type('期待您的光临！');
    await page.keyboard.press('Enter');
    const sent = '孙丽您好，示例口腔诊所营业时间：周一至周六 9:00–12:00、13:00–18:00，周日休息。期待您的光临！';
    await page.locator('.bubble.agent').filter({ hasText: '期待您的光临' }).waitFor();
    const reply = await eventually(async () => (await customer().replies()).find((m: Message) => m.origin === 'agent'));
    expect(reply.body).toBe(sent);
  });

  it('Esc closes the list and keeps what was typed; an unknown shortcut offers nothing and sends nothing', async () => {
    await composer().fill('');
    await page.keyboard.type('/zzz');
    await page.locator('[data-slash]').filter({ hasText: /没有匹配|No canned reply/ }).waitFor();
    const before = (await customer().replies()).length;
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-slash]').count()).toBe(0);
    await expectDraft('/zzz');
    expect((await customer().replies()).length).toBe(before);
    await composer().fill('');
  });

  it('the list button offers canned replies, never the bot’s system templates', async () => {
    await page.click('[data-action="templates"]');
    const list = page.locator('[data-canned-list]');
    await list.locator('[data-canned="thanks"]').waitFor();
    const text = await list.innerText();
    for (const key of ['csat_thanks', 'handoff_ack_closed', 'menu_clarify', 'reschedule_offer', 'appointment_cancelled', 'appointment_confirmed']) expect(text).not.toContain(key);
    expect(text).not.toMatch(/cannot render|已为您取消/);
    await screenshot(page, 'canned-2-list');
    await list.locator('[data-canned="address"]').click();
    await expectDraft('孙丽您好，示例口腔诊所地址：人民路 88 号 3 楼（地铁 2 号线人民广场站 5 号口）。');
    await composer().fill('');
  });

  it('an agent adds a reply of their own on its page, then uses it with `/`', async () => {
    await page.click('[data-action="templates"]');
    await page.click('[data-link="canned-admin"]');
    await page.waitForURL('**/admin/canned-replies');
    await page.locator('[data-canned-item="hours"]').waitFor();
    await page.click('[data-canned-item="hours"]');
    expect(await page.locator('[data-form="canned"] .btn.primary').count()).toBe(0);   // the team's: read-only for an agent
    await page.click('[data-action="new-canned"]');
    await page.fill('[data-field-input="shortcut"]', 'wang-x');
    await page.fill('[data-field-input="bodies.zh-CN"]', '{{contact.nmae}}');
    await page.click('[data-form="canned"] .btn.primary');
    await page.locator('[data-field="bodies"]').filter({ hasText: 'contact.nmae' }).waitFor();
    await page.fill('[data-field-input="bodies.zh-CN"]', '{{contact.name}}，王芳明天下午回电给您。');
    await page.click('[data-form="canned"] .btn.primary');
    await page.locator('[data-canned-item="wang-x"]').waitFor();
    await screenshot(page, 'canned-3-own-reply');

    const { id } = await customer().conversation();
    await page.goto(`${hx.url}/inbox?conversation=${id}`);
    await composer().click();
    await page.keyboard.type('/wang');
    await page.locator('[data-slash-option="wang-x"]').waitFor();
    await page.keyboard.press('Enter');
    await expectDraft('孙丽，王芳明天下午回电给您。');
    await page.click('[data-action="send"]');
    await eventually(async () => (await customer().replies()).some((m: Message) => m.body === '孙丽，王芳明天下午回电给您。'));
  });

  it('fits a phone’s width on the canned replies page', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${hx.url}/admin/canned-replies`);
    await page.locator('[data-canned-item="hours"]').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'canned-4-phone-width');
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});

async function expectDraft(text: string): Promise<void> {
  await eventually(async () => (await composer().inputValue()) === text).catch(async () => {
    throw new Error(`composer holds ${JSON.stringify(await composer().inputValue())}, expected ${JSON.stringify(text)}`);
  });
}
