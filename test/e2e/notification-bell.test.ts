import type { Page } from 'playwright-core';
import { Customer } from '../support/customer';
import type { TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

const suite = useBrowserSuite({ secondBrowser: true });
let hx: TestHuixin;
let wang: Page;
let liu: Page;

async function logIn(p: Page, email: string): Promise<void> {
  await logInToInbox(p, hx.url, email);
  await p.locator('[data-connection]').filter({ hasText: '实时' }).waitFor();
}

const badge = (p: Page) => p.locator('[data-action="notifications"] [data-unread]');

beforeAll(async () => {
  hx = suite.hx;
  wang = suite.page;
  liu = suite.second.page;
  await Promise.all([logIn(wang, 'wang@clinic.example'), logIn(liu, 'liu@clinic.example')]);
}, 60_000);

describe('the notification bell in the inbox header', () => {
  it('shows a colleague’s @mention live, opens its thread from the list and clears the badge', async () => {
    const customer = new Customer(hx, '+8613701500001');
    await customer.text('你好');   // the bot greets and keeps it: nobody is assigned, so 刘洋's badge counts the mention alone
    const { id } = await customer.conversation();
    await wang.click('[data-view="all"]');
    await wang.locator(`[data-conversation="${id}"]`).click();
    await wang.click('[data-tab="note"]');
    await wang.fill('[data-composer]', '@刘洋 这位客户问价格，麻烦跟进');
    await wang.click('[data-action="send"]');

    // No reload: the note reaches 刘洋's open, visible tab over the socket.
    await badge(liu).filter({ hasText: /^1$/ }).waitFor();
    expect(await badge(wang).count()).toBe(0);
    await liu.click('[data-action="notifications"]');
    expect(await liu.getAttribute('[data-action="notifications"]', 'aria-expanded')).toBe('true');
    const row = liu.locator('[data-notification][data-kind="mention"]').first();
    await row.filter({ hasText: '王芳 在 +86 137 0150 0001 的会话里提到了你' }).filter({ hasText: '这位客户问价格，麻烦跟进' }).waitFor();
    await screenshot(liu, 'notification-bell-1-mention');

    // 刘洋's view (待人工) does not hold a thread the bot handles: the bell opens it under 全部.
    expect(await liu.locator(`[data-conversation="${id}"]`).count()).toBe(0);
    await row.click();
    await liu.locator('[data-view="all"].active').waitFor();
    await liu.locator(`[data-conversation="${id}"]`).waitFor();
    await liu.locator('[data-thread]').filter({ hasText: '这位客户问价格，麻烦跟进' }).waitFor();
    await badge(liu).waitFor({ state: 'detached' });
    expect(await liu.locator('#notification-list').count()).toBe(0);
  });

  it('rings everyone for an urgent text, and the list is reachable and closable from the keyboard', async () => {
    const customer = new Customer(hx, '+8613701500002');
    await customer.text('牙疼得厉害，还在流血');
    await badge(liu).waitFor();
    await badge(wang).waitFor();

    await liu.focus('[data-action="notifications"]');
    await liu.keyboard.press('Enter');
    const urgent = liu.locator('[data-notification][data-kind="urgent"]').first();
    await urgent.filter({ hasText: '紧急：+86 137 0150 0002 需要人工' }).filter({ hasText: '牙疼得厉害，还在流血' }).waitFor();
    // The newest is on top and has the focus; arrows walk the list.
    const focused = liu.locator(':focus');
    expect(await focused.getAttribute('data-kind')).not.toBe('mention');
    await liu.keyboard.press('End');
    expect(await focused.getAttribute('data-kind')).toBe('mention');
    await liu.keyboard.press('ArrowUp');
    expect(await focused.getAttribute('data-kind')).not.toBe('mention');
    // The arrows moved within the list only: 刘洋 still reads the thread he opened from the mention.
    expect(await liu.locator('[data-thread]').filter({ hasText: '这位客户问价格，麻烦跟进' }).count()).toBe(1);
    await screenshot(liu, 'notification-bell-2-urgent');
    await liu.keyboard.press('Escape');
    await liu.locator('#notification-list').waitFor({ state: 'detached' });
    expect(await focused.getAttribute('data-action')).toBe('notifications');

    // Its row in the list says 紧急 once: the urgent priority it arrived with adds no second badge.
    const row = liu.locator('[data-conversation]').filter({ hasText: '+86 137 0150 0002' });
    await row.locator('[data-urgent]').waitFor();
    expect(await row.locator('.badge').filter({ hasText: '紧急' }).count()).toBe(1);

    await liu.click('[data-action="notifications"]');
    await liu.click('[data-action="read-all"]');
    await badge(liu).waitFor({ state: 'detached' });
    expect(suite.pageErrors).toEqual([]);
  });
});
