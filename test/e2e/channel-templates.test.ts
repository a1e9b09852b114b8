import type { Locator, Page } from 'playwright-core';
import { Channel } from '../../server/db/entities';
import { aliyunEnv } from '../support/cn-channel';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { afterPaint, holdBack } from './support/late-answers';

// Issue 15: an admin adds an Aliyun channel (its options in words), maps a Huixin template to an approved one and
// sees, before saving, exactly what the carrier delivers: 【签名】 first, the sample filled in, the China billing count.
const suite = useBrowserSuite({
  env: aliyunEnv('http://127.0.0.1:9', { ALIYUN_TEMPLATES: '{"agent_reply":{"code":"SMS_100002","params":{"content":"body"}}}', CHANNEL_SECRETS_KEY: 'cd'.repeat(32) }),
});
let hx: TestHuixin;
let page: Page;
beforeAll(() => { ({ hx, page } = suite); });

/** Fills the channel form's name and Aliyun access key, as an admin adding a branch's channel would. */
async function fillAliyunChannel(form: Locator, branch: string, sender: string, key: string): Promise<void> {
  await form.locator('input[name=name]').fill(branch);
  await form.locator('input[name=sender]').fill(sender);
  await form.locator('input[name=config-accessKeyId]').fill(`LTAI-${key}`);
  await form.locator('input[name=secret-accessKeySecret]').fill(`${key}-secret`);
}

const noSideScroll = async (width: number) => expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);

describe('template mapping on the channels page', () => {
  it('maps a template with a live preview of the carrier’s text and billing count, at 1440 and 390 px', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${hx.url}/login?next=${encodeURIComponent('/admin/channels')}`);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await page.click('button[type=submit]');
    await page.waitForURL('**/admin/channels');

    const form = page.locator('[data-form="channel"]');
    await form.locator('input[name=name]').waitFor();
    await form.locator('select[name=provider]').selectOption('aliyun');
    // Options are named in words with a hint, not as raw keys.
    expect(await form.textContent()).toMatch(/阿里云 AccessKey ID|Aliyun AccessKey ID/);
    expect(await form.textContent()).not.toMatch(/\baccessKeyId\b/);
    await form.locator('[data-hint="callbackSecret"]').waitFor();
    await fillAliyunChannel(form, '分店B', '诊所B', 'b');
    await form.locator('input[name=secret-callbackSecret]').fill('clinic-b-callback-0001');
    await form.locator('input[name=config-callbackIps]').fill('203.0.113.0/24');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]').waitFor();
    expect(await form.locator('input[name=secret-callbackSecret]').getAttribute('placeholder')).toMatch(/已设置|Set/);

    const mapping = page.locator('[data-channel-templates]');
    await mapping.locator('[data-env-source]').waitFor();
    const row = mapping.locator('[data-template-key="appointment_confirmed"]');
    expect(await row.getAttribute('data-mapped')).toBe('false');
    await row.locator('button').click();
    const editor = mapping.locator('[data-form="template-mapping"]');
    await editor.locator('input[name=code]').fill('SMS_200010');
    await editor.locator('textarea[name=approvedText]').fill('您的预约${time}已确认，请准时到${place}');
    await editor.locator('select[name=param-time]').selectOption('appointment.when');

    // Live, before saving: the signature, the sample filled in, the unmapped parameter called out, the count.
    const preview = mapping.locator('[data-preview]');
    await eventually(async () => (await preview.locator('[data-preview-text]').textContent())?.startsWith('【诊所B】您的预约11月26日(周四) 10:00已确认'));
    expect(await preview.locator('[data-preview-warning]').textContent()).toContain('place');
    expect(await preview.locator('[data-preview-count]').textContent()).toMatch(/计费 1 条|billed as 1/);
    await editor.locator('select[name=param-place]').selectOption('business.name');
    await eventually(async () => (await preview.locator('[data-preview-warning]').count()) === 0);
    await screenshot(page, 'channel-templates-1440');
    await noSideScroll(1440);

    await editor.locator('button[type=submit]').click();
    await editor.locator('[role=status]').waitFor();
    await eventually(async () => (await row.getAttribute('data-mapped')) === 'true');
    const stored = await eventually(async () => (await hx.ds.manager.findOneBy(Channel, { sender: '诊所B' }))?.templates?.appointment_confirmed);
    expect(stored).toEqual({ code: 'SMS_200010', text: '您的预约${time}已确认，请准时到${place}', params: { time: 'appointment.when', place: 'business.name' } });

    // A long text bills in 67-character parts.
    await editor.locator('textarea[name=approvedText]').fill(`${'请按时到诊，'.repeat(12)}\${time}见`);
    await eventually(async () => /计费 2 条|billed as 2/.test((await preview.locator('[data-preview-count]').textContent()) ?? ''));

    await page.setViewportSize({ width: 390, height: 800 });
    await preview.locator('[data-preview-text]').scrollIntoViewIfNeeded();
    await noSideScroll(390);
    await screenshot(page, 'channel-templates-390');
    expect(suite.pageErrors).toEqual([]);
  });

  // Opening one channel and then another at once: the mappings shown are the second's, even when the first one's come
  // back last (they would otherwise be edited, and saved, under the second channel's name).
  it('shows the mappings of the channel opened last, whichever answer comes back last', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-action="new-channel"]');
    const form = page.locator('[data-form="channel"]');
    await form.locator('select[name=provider]').selectOption('aliyun');
    await fillAliyunChannel(form, '分店C', '诊所C', 'c');
    await form.locator('button[type=submit]').click();
    await form.locator('[role=status]').waitFor();
    const branchB = await hx.ds.manager.findOneByOrFail(Channel, { sender: '诊所B' });
    const branchBTemplates = (url: URL) => url.pathname === `/api/channels/${branchB.id}/templates`;
    const stopHolding = await holdBack(page, branchBTemplates);
    try {
      const slowAnswer = page.waitForResponse((res) => branchBTemplates(new URL(res.url())));
      await page.locator('[data-channel="诊所B"] button.pick').click();
      await page.locator('[data-channel="诊所C"] button.pick').click();
      const row = page.locator('[data-channel-templates] [data-template-key="appointment_confirmed"]');
      await row.waitFor();
      await slowAnswer;
      await afterPaint(page);   // B's list rendered, had it been used
      expect(await row.getAttribute('data-mapped')).toBe('false');   // mapped on B, not on C
      expect(await page.locator('[data-form="channel"] input[name=sender]').inputValue()).toBe('诊所C');
    } finally {
      await stopHolding();
    }
  });
});
