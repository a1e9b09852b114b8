import type { Page } from 'playwright-core';
import { Customer } from '../support/customer';
import { eventually, type TestHuixin } from '../support/test-server';
import { appointment, book, local, serviceNamed } from '../server/appointments/support';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

// Issue 14 item 9: one click does what the bot would have done in a person's thread — confirm, or offer the free
// times for a vague one — and the contact panel shows the appointment as it now is, without a reload.

const suite = useBrowserSuite();
let hx: TestHuixin;
let wang: Page;
let cleaningId = 0;
let customers = 0;
const newCustomer = () => new Customer(hx, `+8613701500${String(++customers).padStart(3, '0')}`);

beforeAll(async () => {
  ({ hx, page: wang } = suite);
  cleaningId = (await serviceNamed(hx, '洗牙')).id;
  await logInToInbox(wang, hx.url, 'wang@clinic.example');
  await wang.locator('[data-connection]').filter({ hasText: '实时' }).waitFor();
}, 60_000);

/** A booked customer who asked for a person, in 王芳's thread, then texts `words`: that bubble. */
async function wangsThreadAfter(words: string) {
  const customer = newCustomer();
  const { id: apptId } = await book(hx, { contactPhone: customer.phone, serviceId: cleaningId, startsAt: local('2026-12-04 10:00') });
  await customer.text('人工');
  const { id } = await customer.conversation();
  await wang.click('[data-view="all"]');
  await wang.locator(`[data-conversation="${id}"]`).click();
  const [takeOver, handBack] = [wang.locator('[data-action="take-over"]'), wang.locator('[data-action="hand-back"]')];
  await takeOver.or(handBack).first().waitFor();
  // Round-robin may give the thread to 王芳 (online) while it opens: her take-over button then goes as it is clicked.
  if (await takeOver.isVisible()) await takeOver.click({ timeout: 2000 }).catch(() => undefined);
  await handBack.waitFor();
  await eventually(async () => (await customer.conversation()).assigneeId !== null);
  await customer.text(words);
  const bubble = wang.locator('.bubble').filter({ hasText: words });
  await bubble.locator('summary').click();
  return { customer, apptId, bubble };
}

const panelStatus = () => wang.locator(`[data-contact-panel] [data-appointment-status]`);

describe('doing what the bot would have done', () => {
  it('confirms with one click, and the contact panel says 已确认 at once', async () => {
    const { apptId, bubble } = await wangsThreadAfter('我确认预约，到时候会去');
    await panelStatus().filter({ hasText: '待确认' }).waitFor();
    await bubble.locator('[data-action="do-bot-action"]').click();
    await bubble.locator('[data-bot-action-done]').waitFor();
    await panelStatus().filter({ hasText: '已确认' }).waitFor({ timeout: 3000 });
    expect((await appointment(hx, apptId)).status).toBe('confirmed');
    expect(await wang.locator('[data-contact-panel] [data-action="confirm"]').count()).toBe(0);
    await screenshot(wang, 'do-what-bot-would-1-confirmed');
  });

  it('for "tomorrow afternoon", sends the lettered free times as 王芳, and the customer\'s "A" moves the visit', async () => {
    const { customer, apptId, bubble } = await wangsThreadAfter('可以改到明天下午吗');
    const button = bubble.locator('[data-action="do-bot-action"]');
    expect(await button.textContent()).toBe('照做：发送可选时间');
    await button.click();
    await bubble.locator('[data-bot-action-done]').waitFor();
    await wang.locator('[data-thread] [data-activity="slots_offered"]').filter({ hasText: /^王芳 代机器人发送了可选时间：\d+月\d+日 \d\d:\d\d/ }).waitFor();
    const offer = await eventually(async () => (await customer.replies()).find((m) => m.templateKey === 'reschedule_offer'));
    expect(offer.origin).toBe('agent');
    await wang.locator('.bubble').filter({ hasText: offer.body.slice(0, 12) }).waitFor();
    await screenshot(wang, 'do-what-bot-would-2-offered');

    const slotA = (await customer.conversation()).awaitingContext!.slots!.A;
    await customer.text('A');
    await eventually(async () => (await appointment(hx, apptId)).startsAt.toISOString() === slotA);
    const shown = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(slotA));
    await wang.locator('[data-contact-panel] [data-appointment-when]').filter({ hasText: shown }).waitFor();
    expect(suite.pageErrors).toEqual([]);
  });
});
