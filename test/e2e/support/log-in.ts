import type { Page } from 'playwright-core';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';

/** Signs a demo agent in through the login page the inbox sends a stranger to, and waits for the inbox. */
export async function logInToInbox(p: Page, baseUrl: string, email: string): Promise<void> {
  await p.goto(`${baseUrl}/inbox`);
  await p.waitForURL('**/login');
  await p.fill('input[name=email]', email);
  await p.fill('input[name=password]', DEMO_AGENT_PASSWORD);
  await p.click('button[type=submit]');
  await p.waitForURL('**/inbox');
}
