import type { Page } from 'playwright-core';
import { Campaign, CampaignRecipient, type Contact } from '../../server/db/entities';
import { FakeAliyun } from '../support/fake-aliyun';
import { ADMIN, eventually, type TestHuixin } from '../support/test-server';
import { addContact, makeSegment } from '../server/campaigns/support';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInAsAdmin } from './support/log-in';

// Issue 16 on an Aliyun channel, in a browser: the admin writes a campaign, gives it the approved provider template
// and maps its parameters, sees beside the preview what the template needs fixed (in Chinese, the admin's language),
// fixes the text, starts it, and the carrier is sent the mapped template; a recipient whose value is too long for
// Aliyun is left out with that reason, shown on the page.
const fake = new FakeAliyun();
const env: Record<string, string> = {
  SMS_PROVIDER: 'aliyun', ALIYUN_ACCESS_KEY_ID: 'LTAI-test', ALIYUN_ACCESS_KEY_SECRET: 'test-secret', ALIYUN_SIGN_NAME: '回信诊所',
  ALIYUN_TEMPLATES: '{"agent_reply":{"code":"SMS_100002","params":{"content":"body"}}}',
};
// Before the suite's own beforeAll starts the server: it must know where the fake listens.
beforeAll(async () => { await fake.start(); env.ALIYUN_SMS_ENDPOINT = fake.url; });
const suite = useBrowserSuite({ env });
afterAll(() => fake.stop());

let hx: TestHuixin;
let page: Page;
let wang: Contact;
const TAG = 'aliyun-template-e2e';
const SEGMENT = '阿里云模板老客户';
/** 36 characters: one over what Aliyun takes in a variable. */
const LONG_NAME = '上海浦东张江高科技园区口腔医院特需门诊部主任医师兼学科带头人欧阳文华先生';

beforeAll(async () => {
  ({ hx, page } = suite);
  const token = await hx.loginAs(ADMIN.email, ADMIN.password);
  wang = await addContact(hx, token, { tags: [TAG], marketing: true, name: '王芳' });
  await addContact(hx, token, { tags: [TAG], marketing: true, name: LONG_NAME });
  await makeSegment(hx, token, { name: SEGMENT, tagsAny: [TAG], consent: 'marketing' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await logInAsAdmin(page, hx.url, '/campaigns');
});

/** Every number the fake was sent `code` for (single sends and batches alike), with its signature and parameters. */
const sentWith = (code: string) => [
  ...fake.sends.filter((s) => s.templateCode === code).map((s) => ({ phone: s.phoneNumbers, sign: s.signName, params: s.templateParam })),
  ...fake.batches.filter((b) => b.templateCode === code).flatMap((b) => b.phoneNumbers.map((phone, i) => ({ phone, sign: b.signNames[i], params: b.templateParams[i] }))),
];
const noSidewaysScroll = async () => (await page.evaluate<number>('document.documentElement.scrollWidth')) <= (page.viewportSize()?.width ?? 0);

describe('a campaign on an Aliyun channel', () => {
  it('maps the provider template, shows what it needs fixed beside the preview, and sends the mapped template', async () => {
    await page.click('[data-action="new-campaign"]');
    const editor = page.locator('[data-campaign-editor]');
    await editor.locator('input[name=name]').fill('阿里云洗牙');
    await editor.locator('select[name=segmentId]').selectOption({ label: SEGMENT });
    await editor.locator('textarea[name=body]').fill('{{contact.name}}您好，洗牙8折');
    await editor.locator('[data-action="save-campaign"]').click();
    await page.waitForURL(/\/campaigns\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());

    // The channel sends approved templates only: the fields for one appear, with a parameter box per ${name}.
    const fields = page.locator('[data-part="provider-template"]');
    await fields.locator('input[name=providerTemplateCode]').fill('SMS_300001');
    await fields.locator('textarea[name=providerTemplateText]').fill('${name}您好，${clinic}本周洗牙8折，回复1预约。');
    await fields.locator('select[name="providerTemplateParam.name"]').selectOption('contact.name');
    await fields.locator('select[name="providerTemplateParam.clinic"]').selectOption('business.name');
    await fields.locator('[data-action="save-provider-template"]').click();
    await fields.locator('[role=status]').waitFor();
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id })).toMatchObject({
      providerTemplate: { code: 'SMS_300001', text: '${name}您好，${clinic}本周洗牙8折，回复1预约。', params: { name: 'contact.name', clinic: 'business.name' } },
    });

    // Beside the preview, in the admin's Chinese: a marketing template without the refusal text, and a value too long.
    const preview = page.locator('[data-campaign-preview]');
    const warnings = preview.locator('[data-template-warnings]');
    await warnings.locator('[data-warning="no_refusal"]').waitFor();
    expect(await warnings.locator('[data-warning="no_refusal"]').innerText()).toBe('营销模板没有以拒收说明「拒收请回复R」结尾：推广短信要求以它结尾');
    expect(await warnings.locator('[data-warning="long_value"]').innerText()).toBe('参数 name 对某位收件人有 36 个字，超过服务商 35 字的上限：这样的收件人不会发送，记为“模板参数过长”');
    expect(await preview.locator('[data-sample]').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('【回信诊所】王芳您好，示例口腔诊所本周洗牙8折')]));
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await noSidewaysScroll()).toBe(true);
    await warnings.scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-provider-template-1-warnings-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    // The approved text ends with the refusal: that warning goes, the long value stays.
    await fields.locator('textarea[name=providerTemplateText]').fill('${name}您好，${clinic}本周洗牙8折，回复1预约。拒收请回复R');
    await fields.locator('[data-action="save-provider-template"]').click();
    // (The preview reloads after the save: until then it shows no warnings at all.)
    const shown = () => warnings.locator('[data-warning]').evaluateAll((els) => els.map((e) => e.getAttribute('data-warning')).join(','));
    await eventually(async () => (await shown()) === 'long_value');
    await warnings.scrollIntoViewIfNeeded();
    await screenshot(page, 'campaign-provider-template-2-fixed-1440');

    await page.click('[data-action="start"]');
    await page.locator('[data-dialog="confirm-start"] [data-action="confirm"]').click();
    // The carrier gets the approved template's code with the mapped values, and nothing for the long name.
    const sent = await eventually(() => (sentWith('SMS_300001').length ? sentWith('SMS_300001') : null), 12_000);
    expect(sent).toEqual([{ phone: wang.phone.replace('+86', ''), sign: '回信诊所', params: { name: '王芳', clinic: '示例口腔诊所' } }]);
    expect(fake.malformed).toEqual([]);
    expect(await hx.ds.manager.findOneByOrFail(CampaignRecipient, { campaignId: id, reason: 'templateValueTooLong' })).toBeTruthy();
    // The page counts the recipient left out, in words.
    await page.locator('[data-excluded] [data-reason="templateValueTooLong"]').waitFor();
    expect(await page.locator('[data-excluded] [data-reason="templateValueTooLong"]').innerText()).toBe('模板参数过长（超过服务商 35 字上限）: 1');
    expect(suite.pageErrors).toEqual([]);
  });
});
