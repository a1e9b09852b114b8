import type { Page } from 'playwright-core';
import { eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInAsAdmin } from './support/log-in';

// A new user's first look at /reports on the demo database (`npm start`: SEED_DEMO and its past month): the page
// opens on its default range, the last 7 days, and every tile and chart has something in it.

const suite = useBrowserSuite({ env: { SEED_DEMO_HISTORY: 'true' } });
let hx: TestHuixin;
let page: Page;

/** What ECharts plotted in a chart, once its section has loaded. */
async function plotted(section: string, chart: string): Promise<{ categories: string[]; series: Record<string, unknown[]> }> {
  await page.locator(`[data-section="${section}"]`).scrollIntoViewIfNeeded();
  const figure = page.locator(`[data-chart="${chart}"]`);
  await figure.scrollIntoViewIfNeeded();
  await figure.locator('canvas').first().waitFor();
  return JSON.parse(await eventually(() => figure.getAttribute('data-plotted'), 8000));
}
const total = (p: { series: Record<string, unknown[]> }) =>
  Object.values(p.series).flat().reduce<number>((n, v) => n + (typeof v === 'number' ? v : Number((v as { value?: unknown })?.value ?? 0) || 0), 0);

beforeAll(async () => {
  ({ hx, page } = suite);
  // The browser's today is the server's (the test clock), as a real user's laptop and server agree.
  await page.clock.setSystemTime(hx.clock.now());
  await page.setViewportSize({ width: 1440, height: 900 });
  await logInAsAdmin(page, hx.url, '/reports');
});

describe('a new user\'s dashboard', () => {
  it('shows figures in every headline tile', async () => {
    for (const id of ['deliveryRate', 'botResolutionRate', 'firstResponse', 'csatAverage']) {
      await page.locator(`[data-tile="${id}"]`).waitFor();
      expect(Number(await page.locator(`[data-tile="${id}"]`).getAttribute('data-value'))).toBeGreaterThan(0);
    }
    await screenshot(page, 'demo-dashboard-1440');
  });

  it('draws non-empty charts in every section', async () => {
    for (const [section, chart] of [['delivery', 'delivery-by-day'], ['conversations', 'conversations-by-day'], ['conversations', 'handoffs-by-reason'],
      ['appointments', 'reminder-outcomes'], ['satisfaction', 'csat-distribution']] as const) {
      const p = await plotted(section, chart);
      expect({ chart, drawn: total(p) > 0 }).toEqual({ chart, drawn: true });
    }
    expect(suite.pageErrors).toEqual([]);
  });

  it('fits a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${hx.url}/reports`);
    await page.locator('[data-tile="deliveryRate"]').waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, 'demo-dashboard-390');
  });
});
