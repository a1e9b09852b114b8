import type { Page } from 'playwright-core';
import { Channel } from '../../server/db/entities';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 15: an admin adds a second Twilio number with its own auth token; the token is shown only as "set".
const TOKEN = 'browser-secret-token-42';
const suite = useBrowserSuite({ env: { CHANNEL_SECRETS_KEY: 'ab'.repeat(32) } });
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

async function logIn(next: string): Promise<void> {
  await page.goto(`${hx.url}/login?next=${encodeURIComponent(next)}`);
  await page.fill('input[name=email]', ADMIN.email);
  await page.fill('input[name=password]', ADMIN.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**${next}`);
}

describe('channels admin page', () => {
  it('adds a channel with a rate and a secret that is never shown again', async () => {
    await logIn('/admin/channels');
    await page.locator('[data-admin-nav] a[href="/admin/channels"]').waitFor();
    const form = page.locator('[data-form="channel"]');
    await form.locator('input[name=name]').fill('分店B');
    await form.locator('select[name=provider]').selectOption('twilio');
    await form.locator('input[name=sender]').fill('+8610690002');
    await form.locator('input[name=ratePerSecond]').fill('5');
    await form.locator('input[name=secret-authToken]').fill(TOKEN);
    await form.locator('button[type=submit]').click();
    await page.locator('[data-channel="+8610690002"]').waitFor();
    await form.locator('[role=status]').waitFor();
    const secret = form.locator('input[name=secret-authToken]');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toMatch(/已设置|Set/);
    expect(await page.content()).not.toContain(TOKEN);
    await screenshot(page, 'channels-1-added');

    const row = await eventually(() => hx.ds.manager.findOneBy(Channel, { sender: '+8610690002' }));
    expect(row).toMatchObject({ provider: 'twilio', ratePerSecond: 5, name: '分店B' });
    expect(row.secrets).not.toContain(TOKEN);

    await page.reload();
    await page.locator('[data-channel="+8610690002"] button').click();
    await form.locator('input[name=ratePerSecond]').fill('');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]').waitFor();
    expect((await hx.ds.manager.findOneByOrFail(Channel, { id: row.id })).ratePerSecond).toBeNull();
    expect(await form.locator('input[name=secret-authToken]').getAttribute('placeholder')).toMatch(/已设置|Set/);
  });

  it('sets the price per SMS part the reports cost this channel at, shown in yuan, and names a bad price', async () => {
    const form = page.locator('[data-form="channel"]');
    await page.locator('[data-channel="+8610690002"] button').click();
    await form.locator('input[name=pricePerSegment]').fill('0.045');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]').waitFor();
    expect((await hx.ds.manager.findOneByOrFail(Channel, { sender: '+8610690002' })).priceMicros).toBe(45_000);
    expect(await page.locator('[data-channel="+8610690002"] [data-price]').textContent()).toMatch(/¥0\.045/);

    // Seven decimals cannot be stored in millionths: the server refuses and the page says so beside the field.
    await form.locator('input[name=pricePerSegment]').fill('0.0450001');
    await form.locator('button[type=submit]').click();
    await form.locator('[data-error="pricePerSegment"]').waitFor();
    expect((await hx.ds.manager.findOneByOrFail(Channel, { sender: '+8610690002' })).priceMicros).toBe(45_000);

    // Emptied: the campaign settings' price again.
    await form.locator('input[name=pricePerSegment]').fill('');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]').waitFor();
    expect((await hx.ds.manager.findOneByOrFail(Channel, { sender: '+8610690002' })).priceMicros).toBeNull();
    await screenshot(page, 'channels-2-price');
  });
});
