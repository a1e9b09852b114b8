import type { Page } from 'playwright-core';
import { Message } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { tencentEnv } from '../support/cn-channel';
import { Customer } from '../support/customer';
import type { TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';

// Issue 15: on a provider that sends approved templates only (here Tencent, with no customer-service template
// mapped), the composer says before anything is typed that a free reply cannot go out, and Send stays disabled.
const suite = useBrowserSuite({
  env: tencentEnv('http://127.0.0.1:9', { TENCENT_TEMPLATES: '{"handoff_ack":{"code":"1100001","params":{"1":"business.name"}}}' }),
});
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

const PHONE = '+8613700990001';

describe('the composer on a template-only provider', () => {
  it('explains that free replies cannot be sent and keeps Send disabled, in the agent’s language', async () => {
    const customer = new Customer(hx, PHONE);
    await customer.text('人工');
    const { id } = await customer.conversation();
    await page.goto(`${hx.url}/login?next=${encodeURIComponent(`/inbox?conversation=${id}`)}`);
    await page.fill('input[name=email]', 'wang@clinic.example');
    await page.fill('input[name=password]', DEMO_AGENT_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`**/inbox?conversation=${id}`);
    const notice = page.locator('[data-template-only]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('只能发送已备案的模板');
    expect(await page.locator('[data-composer]').isDisabled()).toBe(true);
    expect(await page.locator('[data-action="send"]').isDisabled()).toBe(true);
    await screenshot(page, 'template-only-composer');
    expect(await hx.ds.manager.countBy(Message, { direction: 'out', origin: 'agent' })).toBe(0);
  });
});
