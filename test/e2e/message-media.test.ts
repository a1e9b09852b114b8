import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { Message } from '../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../server/db/seed/seed';
import { Customer } from '../support/customer';
import { eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInToInbox } from './support/log-in';

const suite = useBrowserSuite();
let hx: TestHuixin;
let inbox: Page;
let phone: Page;
const RECEIPT = fs.readFileSync(path.resolve(__dirname, '../../server/simulator/sample-pictures/receipt.png'));

/** Whether an <img> has loaded real pixels (a broken one has naturalWidth 0). */
const loaded = (img: ReturnType<Page['locator']>) => img.evaluate((el) => { const i = el as unknown as { complete: boolean; naturalWidth: number }; return i.complete && i.naturalWidth > 0; });

beforeAll(async () => {
  hx = suite.hx;
  inbox = suite.page;
  await logInToInbox(inbox, hx.url, 'wang@clinic.example');
  phone = await suite.browser.context.newPage();
  phone.setDefaultTimeout(8000);
}, 60_000);
afterAll(() => phone?.close());

describe('pictures customers send, in the inbox', () => {
  it('a picture sent from the phone simulator shows as a thumbnail in the thread, opens large, and previews as [图片]', async () => {
    const customer = new Customer(hx, '+8613701500001');
    await customer.text('人工');   // a person owns the thread, so the pictures stay its newest message
    const { id } = await customer.conversation();

    await phone.goto(`${hx.url}/simulator?phone=${encodeURIComponent(customer.phone)}`);
    await phone.click('[data-attach-picture]');
    await phone.click('[data-sample-picture="xray"]');
    await phone.click('[data-attach-picture]');
    await phone.setInputFiles('[data-picture-file]', { name: 'receipt.png', mimeType: 'image/png', buffer: RECEIPT });
    await phone.locator('[data-chosen-picture]').nth(1).waitFor();
    await phone.click('form.composer button[type=submit]');
    await phone.locator('[data-sim-picture]').nth(1).waitFor();
    await eventually(() => loaded(phone.locator('[data-sim-picture]').nth(1)));
    await screenshot(phone, 'message-media-1-simulator');

    await inbox.click('[data-view="all"]');
    await inbox.locator(`[data-conversation="${id}"] [data-preview]`).filter({ hasText: '[图片]' }).waitFor();
    await inbox.locator(`[data-conversation="${id}"]`).click();
    const thumbs = inbox.locator('[data-thread] [data-media] img');
    await thumbs.nth(1).waitFor();
    await thumbs.nth(0).scrollIntoViewIfNeeded();
    await eventually(() => loaded(thumbs.nth(0)));
    await eventually(() => loaded(thumbs.nth(1)));
    const src = await thumbs.nth(0).getAttribute('src');
    expect(src).toMatch(/^\/api\/messages\/\d+\/media\/0$/);   // Huixin's own URL, never the provider's

    await inbox.click('[data-thread] [data-media="0"]');
    const large = inbox.locator('[data-dialog="media"] img');
    await large.waitFor();
    await eventually(() => loaded(large));
    expect(await inbox.locator('[data-dialog="media"] [data-media-download]').getAttribute('href')).toBe(src);
    await screenshot(inbox, 'message-media-2-large-view');
    await inbox.keyboard.press('Escape');
    expect(suite.pageErrors).toEqual([]);
  });

  it('a picture the provider no longer has shows "图片无法加载" instead of a broken image', async () => {
    const customer = new Customer(hx, '+8613701500002');
    await customer.text('人工');
    const token = (await request(hx.url).post('/api/auth/login').send({ email: 'wang@clinic.example', password: DEMO_AGENT_PASSWORD }).expect(200)).body.token;
    const sent = await request(hx.url).post('/api/simulator/messages').set('Authorization', `Bearer ${token}`)
      .send({ from: customer.phone, text: '这张收据', pictures: ['receipt'] }).expect(200);
    // As after a restart: the upload it names was kept in memory and is gone.
    await hx.ds.manager.update(Message, { id: sent.body.messageId }, { media: [{ url: 'loopback://upload/00000000-0000-4000-8000-000000000000', contentType: 'image/png' }] });
    const { id } = await customer.conversation();

    await inbox.click('[data-view="all"]');
    await inbox.locator(`[data-conversation="${id}"]`).click();
    await inbox.locator(`[data-message="${sent.body.messageId}"] [data-media-unavailable]`).filter({ hasText: '图片无法加载' }).waitFor();
    expect(await inbox.locator(`[data-message="${sent.body.messageId}"] img`).count()).toBe(0);
    await screenshot(inbox, 'message-media-3-unavailable');
  });
});
