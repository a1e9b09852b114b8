import type { Page } from 'playwright-core';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { ADMIN } from '../../support/test-server';

/** Signs a demo agent in through the login page the inbox sends a stranger to, and waits for the inbox. */
export async function logInToInbox(p: Page, baseUrl: string, email: string): Promise<void> {
  await p.goto(`${baseUrl}/inbox`);
  await p.waitForURL('**/login');
  await p.fill('input[name=email]', email);
  await p.fill('input[name=password]', DEMO_AGENT_PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForURL('**/inbox');
}

/** Signs the test admin in through the login page, bound for `next` (an in-app path), and waits until it opens. */
export async function logInAsAdmin(p: Page, baseUrl: string, next: string): Promise<void> {
  await p.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await p.fill('input[name=email]', ADMIN.email);
  await p.fill('input[name=password]', ADMIN.password);
  await p.click('button[type=submit]');
  await p.waitForURL(`**${next}`);
}
