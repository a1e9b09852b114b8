import type { Page } from 'playwright-core';
import { Conversation } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { Customer } from '../support/customer';
import { eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { afterPaint, holdBack } from './support/late-answers';

const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let ids: number[] = [];
beforeAll(async () => {
  ({ hx, page } = suite);
  // Five customers wait for a person before 王芳 logs in; the queue is dealt to her once her arrival settles.
  for (let i = 1; i <= 5; i++) {
    const customer = new Customer(hx, `+861370088000${i}`);
    await customer.text('人工');
    ids.push((await customer.conversation()).id);
  }
  await page.goto(`${hx.url}/inbox`);
  await page.waitForURL('**/login');
  await page.fill('input[name=email]', 'wang@clinic.example');
  await page.fill('input[name=password]', DEMO_AGENT_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL('**/inbox');
  await eventually(async () => (await hx.ds.manager.findBy(Conversation, ids.map((id) => ({ id })))).every((c) => c.assigneeId !== null), 10_000);
}, 60_000);

const rows = () => page.locator('[data-conversation]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-conversation'))));
const selectedId = async () => Number(await page.locator('[data-conversation].selected').getAttribute('data-conversation'));
const status = async (id: number) => (await hx.ds.manager.findOneByOrFail(Conversation, { id })).status;

describe('finishing a conversation moves on to the next, like archive in Gmail', () => {
  it('`e` on a conversation that needs a person takes it out of 待人工 and opens the one below', async () => {
    await page.locator('[data-view="needs-person"].active').waitFor();
    await page.locator(`[data-conversation="${ids[4]}"]`).waitFor();
    ids = await rows();
    expect(ids.length).toBe(5);
    await page.locator(`[data-conversation="${ids[1]}"]`).click();
    await page.locator(`[data-conversation="${ids[1]}"].selected`).waitFor();
    await page.locator('[data-thread]').getByText('人工', { exact: true }).waitFor();

    await page.keyboard.press('e');
    await page.locator(`[data-conversation="${ids[1]}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-conversation="${ids[2]}"].selected`).waitFor();
    expect(await rows()).toEqual([ids[0], ids[2], ids[3], ids[4]]);
    expect(await status(ids[1])).toBe('resolved');
    await screenshot(page, 'inbox-resolve-next');

    // The next `e` goes on from there: the list and the selection stay in step — also while the thread it moved
    // on to is still loading (a slow network here): the agent's `e` is not dropped for it.
    const slowThread = `**/api/conversations/${ids[3]}/messages`;
    const stopHoldingThread = await holdBack(page, slowThread, { ms: 3000 });
    await page.keyboard.press('e');
    await page.locator(`[data-conversation="${ids[2]}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-conversation="${ids[3]}"].selected`).waitFor();
    await page.keyboard.press('e');
    await page.locator(`[data-conversation="${ids[3]}"]`).waitFor({ state: 'detached', timeout: 2500 });
    await page.locator(`[data-conversation="${ids[4]}"].selected`).waitFor();
    expect(await status(ids[3])).toBe('resolved');
    await stopHoldingThread();
  });

  it('snoozing the last conversation takes it out of 待人工 and opens the one above', async () => {
    await page.selectOption('[data-action="snooze"]', '1h');
    await page.locator(`[data-conversation="${ids[4]}"]`).waitFor({ state: 'detached' });
    await page.locator(`[data-conversation="${ids[0]}"].selected`).waitFor();
    expect(await rows()).toEqual([ids[0]]);
    expect(await status(ids[4])).toBe('snoozed');
  });

  // 所有's list is read before the resolve and comes back after it (seen in CI): the row must not go back to open.
  it('keeps a resolved conversation open where the view still lists it (所有), even when the list lands after', async () => {
    const allView = (url: URL) => url.pathname === '/api/conversations' && url.searchParams.get('view') === 'all';
    let listRead!: () => void;
    const read = new Promise<void>((resolve) => { listRead = resolve; });
    const stopHolding = await holdBack(page, allView, { firstOnly: true, holdAnswer: true, onAnswer: () => listRead() });
    try {
      const lateList = page.waitForResponse((res) => allView(new URL(res.url())));
      await page.click('[data-view="all"]');
      await page.locator(`[data-conversation="${ids[0]}"].selected`).waitFor();
      await read;
      await page.keyboard.press('e');
      await eventually(async () => (await status(ids[0])) === 'resolved');
      await page.locator('[data-owner]').filter({ hasText: '已解决' }).waitFor();
      await lateList;
      await afterPaint(page);
      expect(await page.locator('[data-owner]').textContent()).toContain('已解决');
      expect(await page.locator(`[data-conversation="${ids[0]}"]`).count()).toBe(1);
      expect(await selectedId()).toBe(ids[0]);
    } finally {
      await stopHolding();
    }
  });

  // The first list (待人工) was still on its way when the agent chose 所有; it came back after 所有's and took its place
  // under the 所有 tab (seen in CI as a conversation that never appeared in 所有).
  it('shows the view chosen last, whichever list comes back last', async () => {
    const needsPerson = (url: URL) => url.pathname === '/api/conversations' && url.searchParams.get('view') === 'needs-person';
    const stopHolding = await holdBack(page, needsPerson);
    try {
      const asked = page.waitForRequest((req) => needsPerson(new URL(req.url())));
      const slowAnswer = page.waitForResponse((res) => needsPerson(new URL(res.url())));
      await page.reload();
      await asked;
      await page.click('[data-view="all"]');
      await page.locator(`[data-conversation="${ids[0]}"]`).waitFor();
      await slowAnswer;
      await afterPaint(page);   // its rows rendered, had they been used
      expect(await rows()).toEqual(expect.arrayContaining(ids));
      await page.locator('[data-view="all"].active').waitFor();
    } finally {
      await stopHolding();
    }
  });
});
