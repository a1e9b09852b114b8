import type { Page } from 'playwright-core';
import { ADMIN, startTestHuixin, type TestHuixin } from '../support/test-server';
import { openBrowser, screenshot } from './support/browser';
import { buildUiIfStale } from './support/ui-build';

// Two browsers with their own profiles: the admin's, and the new agent's, who has never signed in anywhere.
let hx: TestHuixin;
let adminBrowser: Awaited<ReturnType<typeof openBrowser>>;
let agentBrowser: Awaited<ReturnType<typeof openBrowser>>;
let admin: Page;
let agent: Page;
let inviteUrl = '';

beforeAll(async () => {
  buildUiIfStale();   // before the server starts: it serves inbox-ui/dist only if it exists at start
  hx = await startTestHuixin();
  adminBrowser = await openBrowser();
  agentBrowser = await openBrowser();
  admin = adminBrowser.page;
  agent = agentBrowser.page;
  admin.setDefaultTimeout(8000);
  agent.setDefaultTimeout(8000);
}, 120_000);
afterAll(async () => {
  await adminBrowser?.close();
  await agentBrowser?.close();
  await hx?.close();
});

describe('an admin brings a new agent onto the team in a browser', () => {
  it('invites them from the Team page and is shown a link to pass on', async () => {
    await admin.goto(`${hx.url}/login?next=/admin/team`);
    await admin.fill('input[name=email]', ADMIN.email);
    await admin.fill('input[name=password]', ADMIN.password);
    await admin.click('button[type=submit]');
    await admin.waitForURL('**/admin/team');
    await admin.fill('[data-form=invite] input[name=email]', 'chen@clinic.example');
    await admin.fill('[data-form=invite] input[name=name]', '陈静');
    await admin.click('[data-form=invite] button[type=submit]');
    inviteUrl = await admin.locator('[data-invite-link] [data-field=inviteUrl]').inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${hx.url}/invite/`));
    await admin.locator('[data-member="chen@clinic.example"] [data-status]').filter({ hasText: '已邀请' }).waitFor();
    await screenshot(admin, 'team-1-invited');
  });

  it('shows the admin the refusal of a taken email by its field', async () => {
    await admin.fill('[data-form=invite] input[name=email]', 'chen@clinic.example');
    await admin.fill('[data-form=invite] input[name=name]', '另一个陈静');
    await admin.click('[data-form=invite] button[type=submit]');
    await admin.locator('[data-form=invite] [role=alert][data-field=email]').filter({ hasText: '该邮箱已有账号' }).waitFor();
  });

  it('lets the new agent open the link in a fresh browser, set a password and reach the inbox', async () => {
    await agent.goto(inviteUrl);
    await agent.fill('input[name=password]', 'chen-password-1');
    await agent.fill('input[name=repeat]', 'chen-password-1');
    await agent.click('button[type=submit]');
    await agent.waitForURL('**/inbox');
    await agent.locator('[data-me]').filter({ hasText: '陈静' }).waitFor();
    await screenshot(agent, 'team-2-agent-inbox');

    await admin.reload();
    await admin.locator('[data-member="chen@clinic.example"] [data-status]').filter({ hasText: '在职' }).waitFor();
  });

  it('refuses the same link a second time, in words', async () => {
    const stranger = await agentBrowser.context.newPage();
    stranger.setDefaultTimeout(8000);
    await stranger.goto(inviteUrl);
    await stranger.fill('input[name=password]', 'someone-else-1');
    await stranger.fill('input[name=repeat]', 'someone-else-1');
    await stranger.click('button[type=submit]');
    // Nobody is signed in on this page, so it speaks the browser's language.
    await stranger.locator('[role=alert][data-field=token]').filter({ hasText: /此链接已使用|This link was used/ }).waitFor();
    await stranger.close();
  });

  it('lets the agent switch their profile to English', async () => {
    // The saved profile arrives late, as on a slow line: a choice made before it came must not be overwritten by it.
    await agent.route('**/api/me', async (route) => { await new Promise((r) => setTimeout(r, 600)); await route.continue(); });
    await agent.click('[data-me]');
    await agent.waitForURL('**/profile');
    await agent.selectOption('select[name=locale]', 'en');
    await agent.click('[data-form=profile] button[type=submit]');
    await agent.getByRole('heading', { name: /My profile/ }).waitFor();
    await screenshot(agent, 'team-3-profile-english');
  });
});
