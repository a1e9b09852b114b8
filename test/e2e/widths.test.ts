import type { Page, Route } from 'playwright-core';
import { Customer } from '../support/customer';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 14 item 6: every page at desktop, tablet and phone width, none wider than the screen.
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let conversationId = 0;
beforeAll(async () => {
  ({ hx, page } = suite);
  const customer = new Customer(hx, '+8613700990001');
  await customer.text('人工');
  conversationId = (await customer.conversation()).id;
  await page.goto(`${hx.url}/login?next=${encodeURIComponent(`/inbox`)}`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL('**/inbox');
});

const PAGES: Array<[name: string, path: string, ready: string]> = [
  ['inbox', '/inbox?conversation=', '[data-composer]'],
  ['admin', '/admin', '[data-admin-nav]'],
  ['admin-rules', '/admin/rules', '[data-admin-nav]'],
  ['admin-templates', '/admin/templates', '[data-admin-nav]'],
  ['admin-intents', '/admin/intents', '[data-admin-nav]'],
  ['admin-services', '/admin/services', '[data-admin-nav]'],
  ['admin-locations', '/admin/locations', '[data-admin-nav]'],
  ['admin-staff', '/admin/staff', '[data-admin-nav]'],
  ['admin-team', '/admin/team', '[data-admin-nav]'],
  ['admin-settings', '/admin/settings', '[data-admin-nav]'],
  ['admin-versions', '/admin/versions', '[data-admin-nav]'],
  ['admin-contact-fields', '/admin/contact-fields', '[data-admin-nav]'],
  ['admin-canned-replies', '/admin/canned-replies', '[data-admin-nav]'],
  ['contacts', '/contacts', '.contacts-page header'],
  ['calendar', '/calendar', '.fc'],
  ['reports', '/reports', '[data-tiles] [data-tile]'],
  ['profile', '/profile', 'h1'],
  ['simulator', '/simulator', '[data-composer], textarea, input'],
];

// In-page code as strings: the test project's TypeScript has no DOM library.
/** How far the document (and body) reaches past the viewport's right edge: 0 or less when nothing scrolls sideways. */
const overflow = (p: Page) => p.evaluate<number>('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth');

/** The elements that stick out past the right edge, to say in a failure what is too wide. */
const culprits = (p: Page) => p.evaluate<string>(`[...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + '[' + Math.round(el.getBoundingClientRect().width) + ']').join(' ')`);

/** Opens every page afresh at `width` in tab `p`, and says which are wider than the screen. */
async function tooWide(p: Page, width: number): Promise<string[]> {
  await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
  const wide: string[] = [];
  for (const [name, path, ready] of PAGES) {
    await p.goto(`${hx.url}${path}${name === 'inbox' ? conversationId : ''}`);
    await p.locator(ready).first().waitFor();
    await p.waitForLoadState('networkidle');
    await screenshot(p, `widths-${name}-${width}`);
    const over = await overflow(p);
    if (over > 0) wide.push(`${name} at ${width}px is ${over}px too wide: ${await culprits(p)}`);
  }
  return wide;
}

// One tab per width, side by side in the signed-in browser: each page is still loaded at each width and measured
// once the network is idle, but the three widths' idle waits (half a second per page) overlap instead of adding up.
it('no page scrolls sideways at 1440, 768 or 390 px wide', async () => {
  const tabs = [page, await page.context().newPage(), await page.context().newPage()];
  for (const tab of tabs) tab.setDefaultTimeout(8000);
  try {
    const wide = await Promise.all([1440, 768, 390].map((width, i) => tooWide(tabs[i], width)));
    expect(wide.flat()).toEqual([]);
  } finally {
    await Promise.all(tabs.slice(1).map((tab) => tab.close()));
  }
}, 120_000);

const visible = (selector: string) => page.locator(selector).first().isVisible();
const focusedAction = () => page.evaluate<string | null>("document.activeElement?.getAttribute('data-action') ?? null");
/** Holds a request for `ms` before letting it through: a slow network, on cue. */
const slow = (ms: number) => async (route: Route) => { await new Promise((r) => setTimeout(r, ms)); await route.continue(); };

describe('a tablet (768 px)', () => {
  it('hides the customer behind a button in the thread header; the drawer closes with Esc and focus returns', async () => {
    await page.setViewportSize({ width: 768, height: 900 });
    await page.goto(`${hx.url}/inbox?conversation=${conversationId}`);
    await page.locator('[data-composer]').waitFor();
    expect(await visible('[data-contact-panel]')).toBe(false);
    await page.click('[data-action="contact"]');
    await page.locator('[data-contact-panel]').waitFor();
    await screenshot(page, 'widths-inbox-768-contact-drawer');
    await page.keyboard.press('Escape');
    await page.locator('[data-contact-column]').waitFor({ state: 'hidden' });
    expect(await focusedAction()).toBe('contact');
  });

  it('keeps every composer button on one line', async () => {
    const tall = await page.evaluate<string[]>(`[...document.querySelectorAll('.composer button')]
      .filter((b) => b.getBoundingClientRect().height >= 2 * parseFloat(getComputedStyle(b).lineHeight))
      .map((b) => b.textContent.trim() + ' is ' + Math.round(b.getBoundingClientRect().height) + 'px tall')`);
    expect(tall).toEqual([]);
    expect(await page.locator('.composer button').count()).toBeGreaterThan(3);
  });
});

describe('a phone (390 px)', () => {
  beforeAll(() => page.setViewportSize({ width: 390, height: 844 }));
  const row = () => `[data-conversation="${conversationId}"]`;

  it('shows the list, then the thread, then the customer, and steps back with the button and the back gesture', async () => {
    await page.goto(`${hx.url}/inbox`);
    await page.locator(row()).waitFor();
    expect(await visible('[data-thread]')).toBe(false);
    await page.click(row());
    await page.locator('[data-composer]').waitFor();
    expect(await visible(row())).toBe(false);
    expect(new URL(page.url()).searchParams.get('conversation')).toBe(String(conversationId));
    await page.click('[data-action="contact"]');
    await page.locator('[data-contact-panel]').waitFor();
    expect(await visible('[data-thread]')).toBe(false);
    await screenshot(page, 'widths-inbox-390-contact');
    await page.click('[data-action="close-contact"]');
    await page.locator('[data-thread]').waitFor();
    expect(await visible('[data-contact-panel]')).toBe(false);
    await page.click('[data-action="back-to-list"]');
    await page.locator(row()).waitFor();
    expect(await visible('[data-thread]')).toBe(false);

    // The phone's back gesture: the same steps through history.
    await page.click(row());
    await page.click('[data-action="contact"]');
    await page.locator('[data-contact-panel]').waitFor();
    await page.goBack();
    await page.locator('[data-thread]').waitFor();
    expect(await visible('[data-contact-panel]')).toBe(false);
    await page.goBack();
    await page.locator(row()).waitFor();
    expect(await visible('[data-thread]')).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/inbox');
  });

  it('opens the thread screen directly from a link, and its back button goes to the list', async () => {
    await page.goto(`${hx.url}/inbox?conversation=${conversationId}`);
    await page.locator('[data-composer]').waitFor();
    expect(await visible(row())).toBe(false);
    await page.click('[data-action="back-to-list"]');
    await page.locator(row()).waitFor();
  });

  it('folds the header links into a menu button', async () => {
    expect(await visible('[data-link="contacts"]')).toBe(false);
    await page.click('[data-action="menu"]');
    await page.locator('[data-link="contacts"]').waitFor();
    expect(await visible('[data-action="logout"]')).toBe(true);
    await screenshot(page, 'widths-inbox-390-menu');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

describe('a slow network', () => {
  beforeAll(() => page.setViewportSize({ width: 1440, height: 900 }));

  it('shows the app shell before any script has run', async () => {
    await page.route('**/assets/*.js', slow(1500));
    try {
      await page.goto(`${hx.url}/inbox`, { waitUntil: 'commit' });
      await page.locator('[data-shell-skeleton]').waitFor({ timeout: 1400 });
      await screenshot(page, 'widths-shell-skeleton');
      await page.locator('[data-conversation]').first().waitFor();
      expect(await page.locator('[data-shell-skeleton]').count()).toBe(0);
    } finally {
      await page.unroute('**/assets/*.js');
    }
  });

  it('shows skeleton rows in the list until the conversations arrive', async () => {
    await page.route('**/api/conversations?*', slow(1500));
    try {
      await page.goto(`${hx.url}/inbox`);
      await page.locator('.list [data-skeleton]').waitFor({ timeout: 1400 });
      expect(await page.locator('[data-conversation]').count()).toBe(0);
      await screenshot(page, 'widths-list-skeleton');
      await page.locator('[data-conversation]').first().waitFor();
      expect(await page.locator('.list [data-skeleton]').count()).toBe(0);
    } finally {
      await page.unroute('**/api/conversations?*');
    }
  });

  it('shows an admin page as skeleton rows until its data arrives, and its save button busy until saved', async () => {
    await page.route('**/api/settings', slow(1500));
    try {
      await page.goto(`${hx.url}/admin/settings`);
      await page.locator('.admin [data-skeleton]').waitFor({ timeout: 1400 });
      expect(await page.locator('.admin [data-action="save"]').count()).toBe(0);
      await screenshot(page, 'widths-admin-skeleton');
      const save = page.locator('.admin [data-action="save"]');
      await save.click();
      await page.locator('.admin [data-action="save"][aria-busy="true"]').waitFor({ timeout: 1000 });
      expect(await save.isDisabled()).toBe(true);
      await page.locator('.admin .ok').waitFor();
      expect(await save.getAttribute('aria-busy')).toBeNull();
      expect(await save.isDisabled()).toBe(false);
    } finally {
      await page.unroute('**/api/settings');
    }
  });

  it('marks the resolve button busy and disabled until the server answers', async () => {
    await page.goto(`${hx.url}/inbox?conversation=${conversationId}`);
    await page.locator('[data-composer]').waitFor();
    await page.route('**/api/conversations/*/resolve', slow(1500));
    try {
      await page.click('[data-action="resolve"]');
      const resolve = page.locator('[data-action="resolve"][aria-busy="true"]');
      await resolve.waitFor({ timeout: 1000 });
      expect(await resolve.isDisabled()).toBe(true);
      expect(await page.locator('[data-action="take-over"]').isDisabled()).toBe(true);
      await screenshot(page, 'widths-resolve-busy');
      await page.locator(`[data-conversation="${conversationId}"]`).waitFor({ state: 'detached' });
    } finally {
      await page.unroute('**/api/conversations/*/resolve');
    }
  });
});

describe('an empty Huixin: the login and setup pages', () => {
  const empty = useBrowserSuite({ env: { SEED_DEMO: 'false' } });

  it.each([1440, 768, 390])('do not scroll sideways at %i px', async (width) => {
    const p = empty.page;
    await p.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await p.goto(`${empty.hx.url}/login`);
    await p.locator('input[name=email]').waitFor();
    const wide: string[] = [];
    if (await overflow(p) > 0) wide.push(`login at ${width}px: ${await culprits(p)}`);
    await screenshot(p, `widths-login-${width}`);
    if (width === 1440) {
      await p.fill('input[name=email]', ADMIN.email);
      await p.fill('input[name=password]', ADMIN.password);
      await p.click('button[type=submit]');
      await p.waitForURL('**/setup');
    } else {
      await p.goto(`${empty.hx.url}/setup`);
    }
    await p.locator('[data-current-step]').waitFor();
    await screenshot(p, `widths-setup-${width}`);
    if (await overflow(p) > 0) wide.push(`setup at ${width}px: ${await culprits(p)}`);
    expect(wide).toEqual([]);
  });
});
