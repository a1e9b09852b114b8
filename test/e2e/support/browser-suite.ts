import type { Page } from 'playwright-core';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { openBrowser } from './browser';
import { buildUiIfStale } from './ui-build';

type Browser = Awaited<ReturnType<typeof openBrowser>>;
export interface BrowserSuite {
  hx: TestHuixin; page: Page; browser: Browser; pageErrors: string[];
  /** A second browser with its own profile (a colleague, an invited agent), when asked for. */
  second: Browser;
}

export interface BrowserSuiteOptions {
  /** The server's environment beyond the test defaults, e.g. `{ SEED_DEMO: 'false' }` for an empty database. */
  env?: Record<string, string>;
  secondBrowser?: boolean;
  /** The first browser's time zone, e.g. 'America/New_York' for an agent far from the business. */
  timezoneId?: string;
}

/**
 * Registers beforeAll/afterAll for a browser test file: the current UI build, a fresh server, a fresh chromium.
 * The returned object is filled in by beforeAll; script errors on the page are collected in `pageErrors`.
 */
export function useBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  const suite = { pageErrors: [] as string[] } as BrowserSuite;
  beforeAll(async () => {
    buildUiIfStale();   // before the server starts: it serves inbox-ui/dist only if it exists at start
    suite.hx = await startTestHuixin(options.env);
    suite.browser = await openBrowser({ timezoneId: options.timezoneId });
    if (options.secondBrowser) {
      suite.second = await openBrowser();
      suite.second.page.setDefaultTimeout(8000);
    }
    suite.page = suite.browser.page;
    suite.page.setDefaultTimeout(8000);
    suite.page.on('pageerror', (e) => suite.pageErrors.push(e.message));
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.second?.close();
    await suite.hx?.close();
  });
  return suite;
}
