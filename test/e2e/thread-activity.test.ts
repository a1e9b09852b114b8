import type { Page } from 'playwright-core';
import { Conversation } from '../../server/db/entities';
import { Customer } from '../support/customer';
import { eventually, type TestHuixin } from '../support/test-server';
import { appointment, book, local, remindedCustomer, serviceNamed } from '../server/appointments/support';
import { openBrowser, screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

const suite = useBrowserSuite();
let hx: TestHuixin;
let wang: Page;
let liu: Page;
let other: Awaited<ReturnType<typeof openBrowser>>;
let customers = 0;
const clinic = {
  get hx() { return hx; },
  cleaningId: 0,
  newCustomer: () => new Customer(hx, `+8613701400${String(++customers).padStart(3, '0')}`),
};

async function logIn(p: Page, email: string): Promise<void> {
  await logInToInbox(p, hx.url, email);
  await p.locator('[data-connection]').filter({ hasText: '实时' }).waitFor();
}

async function open(p: Page, id: number, view = 'all'): Promise<void> {
  await p.click(`[data-view="${view}"]`);
  await p.locator(`[data-conversation="${id}"]`).click();
}

const line = (p: Page, kind: string) => p.locator(`[data-thread] [data-activity="${kind}"]`);

beforeAll(async () => {
  hx = suite.hx;
  clinic.cleaningId = (await serviceNamed(hx, '洗牙')).id;
  other = await openBrowser();
  liu = other.page;
  liu.setDefaultTimeout(8000);
  wang = suite.page;
  await Promise.all([logIn(wang, 'wang@clinic.example'), logIn(liu, 'liu@clinic.example')]);
}, 60_000);
afterAll(() => other?.close());

describe('activity lines in the thread', () => {
  let id: number;

  it('shows the bot\'s hand-off with its reason, and a take-over live to the colleague who owned it', async () => {
    const customer = clinic.newCustomer();
    await customer.text('人工');
    ({ id } = await customer.conversation());
    // Round-robin gives it to one of the two; the other takes it over while the owner watches.
    const owner = await eventually(async () => (await hx.ds.manager.findOneByOrFail(Conversation, { id })).assigneeId);
    const wangId = (await hx.ds.manager.query('SELECT id FROM agents WHERE email = ?', ['wang@clinic.example']))[0].id;
    const [watcher, taker, takerName, ownerName] = owner === wangId ? [wang, liu, '刘洋', '王芳'] : [liu, wang, '王芳', '刘洋'];
    await Promise.all([open(watcher, id), open(taker, id)]);
    await line(watcher, 'handed_off').filter({ hasText: '机器人 转人工：规则转人工' }).waitFor();

    await taker.click('[data-action="take-over"]');
    await line(watcher, 'taken_over').filter({ hasText: `${takerName} 从 ${ownerName} 接管了会话` }).waitFor();
    await screenshot(watcher, 'thread-activity-1-taken-over');

    await taker.click('[data-action="resolve"]');
    await line(watcher, 'resolved').filter({ hasText: `${takerName} 已解决会话` }).waitFor();
    // A quiet line: centred, with the time in the business's zone.
    await line(taker, 'resolved').locator('time').filter({ hasText: /^\d\d:\d\d$/ }).waitFor();
  });

  it('says the customer confirmed the appointment by SMS, with its day and time', async () => {
    const { customer } = await remindedCustomer(clinic as never, '2026-11-30');
    const { id: thread } = await customer.conversation();
    await open(wang, thread);
    await customer.text('1');
    await line(wang, 'appointment_confirmed').filter({ hasText: '客户 通过短信 确认了预约 12月2日 10:00' }).waitFor();
    expect(suite.pageErrors).toEqual([]);
    await screenshot(wang, 'thread-activity-2-confirmed-by-sms');
  });

  it('does what the bot would have done in a person\'s thread with one click, as that agent', async () => {
    const customer = clinic.newCustomer();
    const { id: apptId } = await book(hx, { contactPhone: customer.phone, serviceId: clinic.cleaningId, startsAt: local('2026-12-04 10:00') });
    await customer.text('人工');
    const { id: thread } = await customer.conversation();
    await open(wang, thread);
    if (await wang.locator('[data-action="take-over"]').isVisible()) await wang.click('[data-action="take-over"]');
    await wang.locator('[data-action="hand-back"]').waitFor();
    await eventually(async () => (await customer.conversation()).assigneeId !== null);

    await customer.text('我确认预约，到时候会去');
    const bubble = wang.locator('.bubble').filter({ hasText: '我确认预约' });
    await bubble.locator('summary').click();
    await bubble.locator('[data-action="do-bot-action"]').click();
    await bubble.locator('[data-bot-action-done]').waitFor();
    await line(wang, 'appointment_confirmed').filter({ hasText: '王芳 确认了预约 12月4日 10:00' }).waitFor();
    expect((await appointment(hx, apptId)).status).toBe('confirmed');
    await screenshot(wang, 'thread-activity-3-did-what-the-bot-would');
  });
});
