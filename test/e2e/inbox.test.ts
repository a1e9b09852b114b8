import request from 'supertest';
import type { Page } from 'playwright-core';
import { Appointment, Conversation } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { Customer } from '../support/customer';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { openBrowser, screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

const suite = useBrowserSuite();
const alerts: string[] = [];
let hx: TestHuixin;
let page: Page;
beforeAll(() => {
  ({ hx, page } = suite);
  page.on('dialog', async (dialog) => { alerts.push(dialog.message()); await dialog.dismiss(); });
});
const customer = () => new Customer(hx, '+8613700990001');

const thread = () => page.locator('[data-thread]');

async function logIn(p: Page, email: string): Promise<void> {
  await logInToInbox(p, hx.url, email);
}

describe('the agent inbox in a browser', () => {
  it('logs in and survives a reload', async () => {
    await logIn(page, 'wang@clinic.example');
    await page.reload();
    await page.locator('[data-me]').filter({ hasText: '王芳' }).waitFor();
    await page.locator('[data-connection]').filter({ hasText: '实时' }).waitFor();
  });

  it('shows a customer who asks for a person live, and opens the thread', async () => {
    const waitingCount = page.locator('[data-count="needs-person"]');
    await waitingCount.waitFor();
    const before = Number(await waitingCount.textContent());
    await customer().text('人工');
    const item = page.locator('[data-conversation]').first();
    await item.waitFor();
    await page.locator('[data-count="needs-person"].unread').filter({ hasText: String(before + 1) }).waitFor();
    // The row arrives live with its preview: the bot's acknowledgement.
    await item.locator('[data-preview]').filter({ hasText: '转接人工' }).waitFor();
    await item.click();
    await thread().getByText('人工', { exact: true }).waitFor();
    await screenshot(page, 'inbox-1-handoff-live');
  });

  it('replies and shows the delivered tick', async () => {
    await page.locator('[data-owner]').filter({ hasText: '王芳' }).or(page.locator('[data-owner]').filter({ hasText: '你' })).first().waitFor().catch(() => undefined);
    if (await page.locator('[data-action="take-over"]').isVisible()) await page.click('[data-action="take-over"]');
    await page.fill('[data-composer]', '您好，我是王芳，请问有什么可以帮您？');
    await page.click('[data-action="send"]');
    const bubble = page.locator('.bubble.agent').filter({ hasText: '我是王芳' });
    await bubble.locator('[data-status="delivered"]').waitFor();
    await screenshot(page, 'inbox-2-reply-delivered');
  });

  it('hands back to the bot and takes over again', async () => {
    await page.click('[data-action="hand-back"]');
    await page.locator('[data-owner]').filter({ hasText: '机器人处理中' }).waitFor();
    await page.click('[data-action="take-over"]');
    await page.locator('[data-owner]').filter({ hasText: '人工处理' }).waitFor();
    await page.locator('[data-action="hand-back"]').waitFor();
  });

  it('shows a second agent who owns the thread, keeps their reply box shut, and lets them take it over from there', async () => {
    const other = await openBrowser();
    try {
      const liu = other.page;
      liu.setDefaultTimeout(8000);
      await logIn(liu, 'liu@clinic.example');
      const { id } = await customer().conversation();
      await liu.locator(`[data-conversation="${id}"]`).click();
      await liu.locator('[data-owned-by]').filter({ hasText: '王芳 正在处理此会话' }).waitFor();
      expect(await liu.locator('[data-composer]').isDisabled()).toBe(true);
      await page.locator('[data-viewers]').filter({ hasText: '刘洋' }).waitFor();   // 王芳 sees who else is looking
      await screenshot(liu, 'inbox-2b-owned-by-another-agent');
      // A note needs no ownership: only the reply is shut.
      await liu.click('[data-tab="note"]');
      expect(await liu.locator('[data-composer]').isDisabled()).toBe(false);
      await liu.click('[data-tab="reply"]');

      await liu.click('[data-action="composer-take-over"]');
      await liu.locator('[data-owned-by]').waitFor({ state: 'detached' });
      await liu.fill('[data-composer]', '您好，我是刘洋，由我继续为您服务');
      await liu.keyboard.press('Enter');
      await liu.locator('.bubble.agent').filter({ hasText: '我是刘洋' }).locator('[data-status="delivered"]').waitFor();
      // 王芳's screen follows live: now her reply box is the one that is shut.
      await page.locator('[data-owned-by]').filter({ hasText: '刘洋 正在处理此会话' }).waitFor();
      await page.click('[data-action="composer-take-over"]');
      await page.locator('[data-owned-by]').waitFor({ state: 'detached' });
    } finally {
      await other.close();
    }
  }, 40_000);

  it('renders a customer text that looks like HTML as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    await customer().text(evil);
    await thread().getByText(evil, { exact: true }).waitFor();
    // Read as it lands: the open thread shows no unread badge for a text the agent is looking at.
    await page.locator(`[data-conversation="${(await customer().conversation()).id}"] .unread`).waitFor({ state: 'detached' });
    expect((await customer().conversation()).unread).toBe(0);
    expect(await thread().locator('img').count()).toBe(0);
    await page.waitForTimeout(300);
    expect(alerts).toEqual([]);
    await screenshot(page, 'inbox-3-html-as-text');
  });

  it('counts SMS segments as the agent types', async () => {
    await page.fill('[data-composer]', 'a'.repeat(161));
    await page.locator('[data-counter]').filter({ hasText: 'GSM-7 · 161/153' }).waitFor();
    await page.fill('[data-composer]', '你'.repeat(71));
    await page.locator('[data-counter]').filter({ hasText: 'UCS-2 · 71/67' }).waitFor();
    await page.fill('[data-composer]', '');
  });

  it('offers agents after @ in an internal note and notifies the one picked', async () => {
    await page.click('[data-tab="note"]');
    await page.locator('[data-composer]').pressSequentially('请 @li');
    await page.locator('[data-mention="liu"]').waitFor();
    await screenshot(page, 'inbox-6-mention-autocomplete');
    await page.keyboard.press('Enter');   // picks the highlighted agent, does not send
    expect(await page.inputValue('[data-composer]')).toBe('请 @liu ');
    await page.locator('[data-composer]').pressSequentially('帮忙看看');
    await page.keyboard.press('Enter');
    await thread().getByText('请 @liu 帮忙看看').waitFor();
    const id = (await customer().conversation()).id;
    const notes = await request(hx.url).get(`/api/conversations/${id}/notes`).set('Authorization', `Bearer ${await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD)}`).expect(200);
    const liu = (await request(hx.url).get('/api/agents').set('Authorization', `Bearer ${await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD)}`)).body.items.find((a: { email: string }) => a.email.startsWith('liu@'));
    expect(notes.body.items.at(-1)).toMatchObject({ body: '请 @liu 帮忙看看', mentions: [liu.id] });
    await page.click('[data-tab="reply"]');
  });

  it('switches the agent to away and back, and keeps it across a reload', async () => {
    await page.click('[data-action="availability"]');
    await page.locator('[data-action="availability"]').filter({ hasText: '离开' }).waitFor();
    await page.reload();
    await page.locator('[data-action="availability"]').filter({ hasText: '离开' }).waitFor();
    await page.click('[data-action="availability"]');
    await page.locator('[data-action="availability"]').filter({ hasText: '接待中' }).waitFor();
    await page.locator(`[data-conversation="${(await customer().conversation()).id}"]`).click();
    await thread().getByText('请 @liu 帮忙看看').waitFor();
  });

  it('snoozes until a picked time and shows until when', async () => {
    await page.selectOption('[data-action="snooze"]', 'custom');
    await page.fill('[data-snooze-at]', '2031-05-06T09:30');
    // Snoozed, it leaves 待人工 at once (inbox-resolve.test.ts); 所有 still lists it, with until when.
    const { id } = await customer().conversation();
    await page.locator(`[data-conversation="${id}"]`).waitFor({ state: 'detached' });
    await page.click('[data-view="all"]');
    await page.locator(`[data-conversation="${id}"]`).click();
    await page.locator('[data-owner]').filter({ hasText: '已暂停' }).filter({ hasText: '09:30' }).waitFor();
    await screenshot(page, 'inbox-7-snoozed-until');
    const conv = await customer().conversation();
    expect(conv.status).toBe('snoozed');
    // The picked time is on the clinic's clock (Asia/Shanghai), not the browser's.
    expect(conv.snoozedUntil?.toISOString()).toBe(new Date('2031-05-06T09:30:00+08:00').toISOString());
    await page.locator('[data-action="reopen"]').waitFor();   // an agent can wake it by hand…
    await customer().text('我回来了');   // …and the customer's reply wakes it early
    await page.locator('[data-owner]').filter({ hasText: '进行中' }).waitFor();
    await page.click('[data-view="needs-person"]');
    await page.locator(`[data-conversation="${id}"]`).click();
  });

  it('notifies on the desktop, while the tab is in the background, of a hand-off given to me and of a mention', async () => {
    // The tab goes to the background, and Notification records instead of showing (headless has no desktop).
    await page.evaluate(`(() => {
      window.shown = [];
      class RecordingNotification { static permission = 'granted'; constructor(title, options) { window.shown.push(title + ' | ' + (options?.body ?? '')); } }
      Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    })()`);
    const shown = () => page.evaluate('window.shown') as Promise<string[]>;
    const newcomer = new Customer(hx, '+8613700990002');
    await newcomer.text('人工');   // the only agent online: round-robin gives it to 王芳
    await eventually(async () => (await shown()).some((n) => n.includes('回信 · 新会话 | +8613700990002')), 8000);
    const liuToken = await hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD);
    const { id } = await newcomer.conversation();
    await request(hx.url).post(`/api/conversations/${id}/notes`).set('Authorization', `Bearer ${liuToken}`).send({ body: '@wang 这位是老客户' }).expect(201);
    await eventually(async () => (await shown()).some((n) => n.includes('@刘洋 | @wang 这位是老客户')), 8000);
    // 王芳's own customer writes while she is in another tab: a notice, and the count in the tab's title.
    await customer().text('还在吗？');
    await eventually(async () => (await shown()).some((n) => n.includes(`回信 · ${customer().phone} | 还在吗？`)), 8000);
    await eventually(async () => /^\(\d+\) 回信 Huixin$/.test(await page.title()), 8000);
    await page.evaluate('delete document.visibilityState');
    await page.locator(`[data-conversation="${(await customer().conversation()).id}"]`).click();
  });

  it('reschedules through the slot picker and the confirmation SMS appears in the thread', async () => {
    const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
    const auth = { Authorization: `Bearer ${admin}` };
    const services = await request(hx.url).get('/api/services').set(auth).expect(200);
    const serviceId = services.body.items[0].id;
    const slots = await request(hx.url).get(`/api/availability?serviceId=${serviceId}&limit=3`).set(auth).expect(200);
    // Booked straight into the database: this test is about the inbox's picker, not the booking API.
    const startsAt = new Date(slots.body.items[0].startsAt);
    const booked = await hx.ds.manager.save(hx.ds.manager.create(Appointment, {
      contactId: (await customer().contact()).id, serviceId, service: services.body.items[0].name, location: null, status: 'booked', source: 'api',
      startsAt, endsAt: new Date(slots.body.items[0].endsAt),
    }));

    // Re-open the thread so the panel reads the new appointment.
    await page.click('[data-view="all"]');
    await page.locator(`[data-conversation="${(await customer().conversation()).id}"]`).click();
    const appt = page.locator('[data-appointment]').first();
    await appt.locator('[data-action="reschedule"]').click();
    const picker = page.locator('[data-slot-picker]');
    const slot = picker.locator('[data-slot]').last();   // a different time from the booked one
    await slot.waitFor();
    const chosen = await slot.getAttribute('data-slot');
    // The picker offers exactly what the SMS flow would offer this customer (A/B/C of reschedule_offer).
    const smsOffer = await request(hx.url).get(`/api/appointments/${booked.id}/reschedule-options`).set(auth).expect(200);
    const shown = await picker.locator('[data-slot]').evaluateAll((els) => els.map((e) => e.getAttribute('data-slot')));
    expect(shown).toEqual(smsOffer.body.items.map((i: { startsAt: string }) => i.startsAt));
    await screenshot(page, 'inbox-4-slot-picker');
    const before = await page.locator('.bubble.out').count();
    await slot.click();
    await page.waitForFunction((n) => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.bubble.out').length > n, before);
    const stored = await request(hx.url).get(`/api/appointments?contactId=${(await customer().contact()).id}`).set(auth).expect(200);
    expect(stored.body.items.map((a: { startsAt: string }) => a.startsAt)).toContain(chosen);
    // The agent has answered the customer: the row no longer counts as waiting.
    expect((await customer().conversation()).waitingSince).toBeNull();
    await screenshot(page, 'inbox-5-rescheduled');
  });

  it('re-syncs from REST after the connection drops, so no message is lost on screen', async () => {
    await suite.browser.context.setOffline(true);
    await page.locator('[data-connection]').filter({ hasText: '重新连接中' }).waitFor({ timeout: 15_000 });
    await customer().text('断线期间发的消息');
    await suite.browser.context.setOffline(false);
    await page.locator('[data-connection]').filter({ hasText: '实时' }).waitFor({ timeout: 15_000 });
    await thread().getByText('断线期间发的消息', { exact: true }).waitFor();
  }, 40_000);

  it('is driven from the keyboard: j/k move through the list, / searches, r replies, Escape leaves a field, e resolves', async () => {
    await page.click('[data-view="all"]');
    const ids = await page.locator('[data-conversation]').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')));
    expect(ids.length).toBeGreaterThan(2);
    await page.locator(`[data-conversation="${ids[0]}"]`).click();
    const selected = page.locator('[data-conversation].selected');
    const focused = () => page.evaluate(`(() => { const el = document.activeElement;
      return el?.id === 'search' ? 'search' : el?.hasAttribute('data-composer') ? 'composer' : el?.tagName; })()`);
    await page.keyboard.press('j');
    await page.locator(`[data-conversation="${ids[1]}"].selected`).waitFor();
    await page.keyboard.press('j');
    await page.locator(`[data-conversation="${ids[2]}"].selected`).waitFor();
    await page.keyboard.press('k');
    await page.locator(`[data-conversation="${ids[1]}"].selected`).waitFor();

    await page.keyboard.press('/');
    expect(await focused()).toBe('search');
    await page.keyboard.press('Escape');
    await page.keyboard.press('k');   // back in the list, not typed into the search box
    await page.locator(`[data-conversation="${ids[0]}"].selected`).waitFor();
    expect(await page.inputValue('#search')).toBe('');

    await page.keyboard.press('r');
    expect(await focused()).toBe('composer');
    await page.keyboard.type('j');   // typed, not a shortcut
    expect(await page.inputValue('[data-composer]')).toBe('j');
    await page.keyboard.press('Escape');
    await page.fill('[data-composer]', '');
    await page.evaluate('document.activeElement?.blur()');

    const id = Number(await selected.getAttribute('data-conversation'));
    await page.keyboard.press('e');
    await eventually(async () => (await hx.ds.manager.findOneBy(Conversation, { id }))?.status === 'resolved');
    await page.locator('[data-owner]').filter({ hasText: '已解决' }).waitFor();
  });

  it('explains each bot message: the stage, the rule or the intent with its confidence and runner-up, and what the engine read', async () => {
    const asker = new Customer(hx, '+8613700990003');
    await asker.text('請問診所地址在哪裡？');   // traditional characters: the engine reads them simplified
    await page.click('[data-view="all"]');
    await page.locator(`[data-conversation="${(await asker.conversation()).id}"]`).click();
    const answer = thread().locator('.bubble.bot').last();
    await answer.locator('summary').click();
    await answer.locator('[data-stage="keywords"]').filter({ hasText: '关键词规则' }).waitFor();
    await answer.getByText('地址与停车').waitFor();
    await answer.locator('[data-read-as]').filter({ hasText: '请问诊所地址在哪里' }).waitFor();

    const unsure = new Customer(hx, '+8613700990004');
    await unsure.text('我有问题想咨询一下');
    await page.locator(`[data-conversation="${(await unsure.conversation()).id}"]`).click();
    const ack = thread().locator('.bubble.bot').last();
    await ack.locator('summary').click();
    await ack.locator('[data-stage="intent"]').filter({ hasText: '意图识别' }).waitFor();
    await ack.getByText('handoff', { exact: true }).waitFor();
    await ack.getByText('100%', { exact: true }).waitFor();
    await ack.locator('[data-runner-up]').waitFor();
    await screenshot(page, 'inbox-9-why-the-bot-answered');
  });

  it('keeps each conversation\'s unsent draft to itself', async () => {
    const ids = await page.locator('[data-conversation]').evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')));
    const open = (id: string | null) => page.locator(`[data-conversation="${id}"]`).click();
    await open(ids[0]);
    await page.fill('[data-composer]', '给这位客户的草稿');
    await open(ids[1]);
    await page.locator(`[data-conversation="${ids[1]}"].selected`).waitFor();
    expect(await page.inputValue('[data-composer]')).toBe('');   // not the other customer's text, ready to be sent here
    await open(ids[0]);
    await page.locator(`[data-conversation="${ids[0]}"].selected`).waitFor();
    expect(await page.inputValue('[data-composer]')).toBe('给这位客户的草稿');
    await page.fill('[data-composer]', '');
  });

  it('puts an urgent text on top of the list, flagged urgent, above customers who waited longer', async () => {
    await page.click('[data-view="needs-person"]');
    const urgent = new Customer(hx, '+8613700990005');
    await urgent.text('牙疼得厉害，脸也肿了');
    const top = page.locator('[data-conversation]').first();
    await top.locator('[data-urgent]').waitFor();
    await top.filter({ hasText: '0005' }).waitFor();
    await screenshot(page, 'inbox-10-urgent-on-top');
  });

  it('threw no script error along the way', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
