import type { Page } from 'playwright-core';
import { Appointment } from '../../server/db/entities';
import { zonedTime } from '../../server/appointments/zoned-time';
import { Customer } from '../support/customer';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { afterPaint, holdBack } from './support/late-answers';

// The appointments calendar in a browser, on the demo clinic (Asia/Shanghai; the server's clock is Tuesday
// 2026-11-24 11:00 there, and the demo bookings fall on Wednesday to Friday of that week).
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
const cspViolations: string[] = [];
beforeAll(() => {
  ({ hx, page } = suite);
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text()); });
});

const shanghai = (y: number, mo: number, d: number, h: number, mi = 0) => zonedTime(y, mo, d, h, mi, 'Asia/Shanghai').toISOString();
const zhang = { phone: '+8613800138000' };
const customer = (phone: string) => new Customer(hx, phone);
let bookedId = 0;

/** The centre of a day column at a time row of the time grid: where an agent clicks or drops. */
async function cellCentre(date: string, time: string): Promise<{ x: number; y: number }> {
  const col = await page.locator(`.fc-timegrid-col[data-date="${date}"]`).boundingBox();
  const row = await page.locator(`.fc-timegrid-slot-lane[data-time="${time}:00"]`).boundingBox();
  return { x: col!.x + col!.width / 2, y: row!.y + row!.height / 2 };
}

/** Drags an appointment by its top edge so that its start lands on a day's time row, in small mouse steps. */
async function drag(id: number, date: string, time: string): Promise<void> {
  // The side panel's last command refetches the diary, which re-renders every event: a box read during that
  // re-render is null, so wait for one that is on screen.
  const event = page.locator(`[data-appointment="${id}"]`);
  const box = await eventually(async () => { await event.waitFor(); return event.boundingBox(); });
  const to = await cellCentre(date, time);
  await page.mouse.move(box.x + box.width / 2, box.y + 4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + 30, { steps: 5 });
  await page.mouse.move(to.x, to.y - (box.height / 2) + 4, { steps: 10 });
  await page.mouse.up();
}

describe('the appointments calendar', () => {
  it('shows the demo bookings in week view with free places per slot and 24-hour labels', async () => {
    await page.goto(`${hx.url}/login?next=${encodeURIComponent('/calendar?date=2026-11-23&view=timeGridWeek')}`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/calendar?**');
    await page.locator('[data-appointment]').nth(3).waitFor();
    const titles = await page.locator('[data-appointment]').allInnerTexts();
    for (const name of ['张伟', '李娜', '陳美玲', 'Alex Chen']) expect(titles.join('\n')).toContain(name);
    // 张伟's cleaning is on Wednesday at 10:00 in Shanghai, whatever the browser's own zone.
    expect(await page.locator(`[data-appointment][data-start="${shanghai(2026, 11, 25, 10)}"]`).innerText()).toContain('10:00');
    expect(await page.locator(`[data-slot="${shanghai(2026, 11, 25, 10)}"]`).getAttribute('data-free')).toBe('1');
    expect(await page.locator(`[data-slot="${shanghai(2026, 11, 25, 9)}"]`).getAttribute('data-free')).toBe('2');
    expect(await page.locator('.fc-timegrid-slot-label[data-time="13:00:00"]').innerText()).toContain('13:00');
    await screenshot(page, 'calendar-1-week');
  });

  it('books a demo contact from an empty slot through the dialog', async () => {
    const at = await cellCentre('2026-11-26', '14:00');
    await page.mouse.click(at.x, at.y);
    const dialog = page.locator('[data-booking-dialog]');
    await dialog.waitFor();
    await eventually(async () => (await dialog.locator('[data-booking-time]').inputValue()) === '14:00');
    expect(await dialog.locator('[data-booking-date]').inputValue()).toBe('2026-11-26');
    // The time list is the day's free times, not three offers.
    expect(await dialog.locator('[data-booking-time] option').count()).toBeGreaterThan(10);
    await dialog.locator('[data-contact-search]').fill(zhang.phone);
    await dialog.locator('[data-contact-search]').press('Enter');
    await dialog.locator('[data-contact-option]').first().click();
    await dialog.locator('[data-booking-contact]').filter({ hasText: '张伟' }).waitFor();
    await screenshot(page, 'calendar-2-booking-dialog');
    await dialog.locator('[data-booking-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const event = page.locator(`[data-appointment][data-start="${shanghai(2026, 11, 26, 14)}"]`);
    await event.waitFor();
    expect(await event.innerText()).toContain('张伟');
    bookedId = Number(await event.getAttribute('data-appointment'));
    expect((await hx.ds.manager.findOneByOrFail(Appointment, { id: bookedId })).source).toBe('agent');
  });

  it('sends a reminder now from the side panel', async () => {
    const panel = page.locator('[data-appointment-panel]');
    await panel.locator('[data-panel-status="booked"]').waitFor();
    await panel.locator('[data-command="remind"]').click();
    await panel.locator('[data-panel-notice]').waitFor();
    const reminders = await eventually(async () => {
      const found = (await customer(zhang.phone).replies()).filter((m) => m.templateKey === 'appointment_reminder');
      return found.length ? found : null;
    });
    expect(reminders.at(-1)!.body).toContain('14:00');
    // The panel opens the customer's own thread in the inbox.
    const thread = (await customer(zhang.phone).conversation()).id;
    expect(await panel.locator('[data-open-thread]').getAttribute('href')).toBe(`/inbox?conversation=${thread}`);
  });

  it('moves an appointment by dragging it, after asking, and texts the customer the new time', async () => {
    await drag(bookedId, '2026-11-26', '16:30');
    const dialog = page.locator('[data-move-dialog]');
    await dialog.locator('[data-move-question]').filter({ hasText: '16:30' }).waitFor();
    await screenshot(page, 'calendar-3-move-confirm');
    await dialog.locator('[data-move-confirm]').click();
    await page.locator(`[data-appointment="${bookedId}"][data-start="${shanghai(2026, 11, 26, 16, 30)}"]`).waitFor();
    const moved = await eventually(async () => (await customer(zhang.phone).replies()).find((m) => m.templateKey === 'appointment_rescheduled') ?? null);
    expect(moved.body).toContain('16:30');
    expect((await hx.ds.manager.findOneByOrFail(Appointment, { id: bookedId })).startsAt.toISOString()).toBe(shanghai(2026, 11, 26, 16, 30));
  });

  it('puts a dragged appointment back when the agent says no', async () => {
    await drag(bookedId, '2026-11-27', '09:00');
    await page.locator('[data-move-dialog] [data-move-cancel]').click();
    await page.locator(`[data-appointment="${bookedId}"][data-start="${shanghai(2026, 11, 26, 16, 30)}"]`).waitFor();
    expect((await hx.ds.manager.findOneByOrFail(Appointment, { id: bookedId })).startsAt.toISOString()).toBe(shanghai(2026, 11, 26, 16, 30));
  });

  it('marks one visit complete and another a no-show, and each changes colour', async () => {
    await page.locator(`[data-appointment="${bookedId}"]`).click();
    const panel = page.locator('[data-appointment-panel]');
    await panel.locator('[data-command="complete"]').click();
    await panel.locator('[data-panel-status="completed"]').waitFor();
    const done = page.locator(`[data-appointment="${bookedId}"][data-status="completed"]`);
    await done.waitFor();
    expect(await done.getAttribute('class')).toContain('status-completed');

    const chan = page.locator(`[data-appointment][data-start="${shanghai(2026, 11, 27, 11)}"]`);
    const colourBefore = await chan.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    await chan.click();
    await panel.locator('[data-command="no-show"]').click();
    await panel.locator('[data-panel-status="no_show"]').waitFor();
    const noShow = page.locator(`[data-appointment][data-start="${shanghai(2026, 11, 27, 11)}"][data-status="no_show"]`);
    await noShow.waitFor();
    expect(await noShow.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor)).not.toBe(colourBefore);
    await page.keyboard.press('Escape');
    await screenshot(page, 'calendar-4-statuses');
  });

  it('books from the inbox contact panel with the contact filled in', async () => {
    const lina = customer('+8613900139000');
    // The dialog's lists are slowed down, so the agent types the day before the dialog has filled in today (seen in
    // CI: today's default, set once the lists came back, replaced the day typed and the booking went to today).
    const stopHolding = await holdBack(page, `${hx.url}/api/services`);
    await page.goto(`${hx.url}/inbox`);
    await page.click('[data-view="all"]');
    await page.locator(`[data-conversation="${(await lina.conversation()).id}"]`).click();
    const panel = page.locator('[data-contact-panel]');
    await panel.locator('[data-appointment]').first().waitFor();   // her demo booking: the panel has loaded
    const before = await panel.locator('[data-appointment]').count();
    await panel.locator('[data-action="book"]').click();
    const dialog = page.locator('[data-booking-dialog]');
    await dialog.locator('[data-booking-contact]').filter({ hasText: '李娜' }).waitFor();
    await dialog.locator('[data-booking-date]').fill('2026-11-28');
    await stopHolding();
    await eventually(async () => (await dialog.locator('[data-booking-time] option').count()) > 0);
    await dialog.locator('[data-booking-time]').selectOption('09:30');
    await dialog.locator('[data-booking-submit]').click();
    await dialog.waitFor({ state: 'detached' });
    await eventually(async () => (await panel.locator('[data-appointment]').count()) === before + 1);
    const contactId = (await lina.contact()).id;
    const stored = await hx.ds.manager.findBy(Appointment, { contactId });
    expect(stored.map((a) => a.startsAt.toISOString())).toContain(shanghai(2026, 11, 28, 9, 30));
    await panel.locator('[data-action="remind"]').first().waitFor();
    await screenshot(page, 'calendar-5-inbox-book');
  });

  // The dialog opens on today and asks for today's free times; the agent picks another day at once. Seen in CI: today's
  // answer came back last and the dialog offered today's afternoon on a day that closes at noon.
  it('offers the free times of the day chosen last, whichever answer comes back last', async () => {
    // The dialog's requests (the calendar's own name no service): the day it opens on is the browser's today, and any
    // day but the one chosen below is slowed down.
    const today = (url: URL) => url.pathname === '/api/calendar/capacity' && url.searchParams.has('serviceId')
      && url.searchParams.get('from') !== shanghai(2026, 11, 20, 0);
    const stopHolding = await holdBack(page, today);
    try {
      await page.goto(`${hx.url}/calendar?date=2026-11-25`);
      const asked = page.waitForRequest((req) => today(new URL(req.url())));
      const slowAnswer = page.waitForResponse((res) => today(new URL(res.url())));
      await page.locator('[data-new-appointment]').click();
      const dialog = page.locator('[data-booking-dialog]');
      await asked;
      await dialog.locator('[data-booking-date]').fill('2026-11-20');   // a day gone by: nothing left to offer
      await slowAnswer;
      await afterPaint(page);   // today's times rendered, had they been used
      expect(await dialog.locator('[data-booking-time] option').count()).toBe(0);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    } finally {
      await stopHolding();
    }
  });

  it('fits a 390 px phone in day view without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${hx.url}/calendar?date=2026-11-25`);
    await page.locator('.fc-timeGridDay-view').waitFor();
    await page.locator('[data-appointment]').first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.locator('[data-new-appointment]').click();
    await page.locator('[data-booking-dialog]').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'calendar-6-phone');
    await page.keyboard.press('Escape');
    await page.locator('[data-booking-dialog]').waitFor({ state: 'detached' });
    await page.setViewportSize({ width: 1360, height: 860 });
  });

  it('ran without script errors or CSP violations', () => {
    expect(suite.pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
  });
});
