import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** test-artifacts/, or TEST_ARTIFACTS_DIR (relative to the project) when CI runs both databases at once and keeps both sets. */
export const ARTIFACTS = path.resolve(__dirname, '../../..', process.env.TEST_ARTIFACTS_DIR ?? 'test-artifacts');

/** Debian's chromium, headless, with a fresh profile that is deleted on close. */
/** `timezoneId`: the zone the browser believes it is in (an agent abroad, a laptop set to UTC); the machine's by default. */
export async function openBrowser(options: { timezoneId?: string } = {}): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'huixin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    viewport: { width: 1360, height: 860 },
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page, close: async () => { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); } };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
