import type { Page } from 'playwright-core';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { openBrowser } from './browser';
import { buildUiIfStale } from './ui-build';

export interface BrowserSuite { hx: TestHuixin; page: Page; browser: Awaited<ReturnType<typeof openBrowser>>; pageErrors: string[] }

/**
 * Registers beforeAll/afterAll for a browser test file: the current UI build, a fresh server, a fresh chromium.
 * The returned object is filled in by beforeAll; script errors on the page are collected in `pageErrors`.
 */
export function useBrowserSuite(): BrowserSuite {
  const suite = { pageErrors: [] as string[] } as BrowserSuite;
  beforeAll(async () => {
    buildUiIfStale();   // before the server starts: it serves inbox-ui/dist only if it exists at start
    suite.hx = await startTestHuixin();
    suite.browser = await openBrowser();
    suite.page = suite.browser.page;
    suite.page.setDefaultTimeout(8000);
    suite.page.on('pageerror', (e) => suite.pageErrors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.hx?.close();
  });
  return suite;
}
