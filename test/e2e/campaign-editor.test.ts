import type { Page } from 'playwright-core';
import { publishProgress, takeDownCampaign } from '../../server/campaigns/campaign-control';
import { Campaign } from '../../server/db/entities';
import { ADMIN, type TestHuixin } from '../support/test-server';
import { addContact, api, makeCampaign, makeSegment } from '../server/campaigns/support';
import { screenshot } from './support/browser';
import { useBrowserSuite } from './support/browser-suite';
import { logInAsAdmin } from './support/log-in';

// Issue 16 in the campaign editor: an A/B test with a tracked link, a recall campaign started by a trigger rather
// than a date, and an admin's review of content taken down for complaints. The admin reads English here.
const suite = useBrowserSuite();
let hx: TestHuixin;
let page: Page;
let token = '';
const SEGMENT = 'Spring cleaning regulars';
const TAG = 'editor-e2e';

beforeAll(async () => {
  ({ hx, page } = suite);
  token = await hx.loginAs(ADMIN.email, ADMIN.password);
  await api(hx, token).patch('/api/me').send({ locale: 'en' }).expect(200);
  for (let i = 0; i < 4; i += 1) await addContact(hx, token, { tags: [TAG], marketing: true, name: `Client ${i}` });
  await makeSegment(hx, token, { name: SEGMENT, tagsAny: [TAG], consent: 'marketing' });
  await page.setViewportSize({ width: 1440, height: 900 });
  await logInAsAdmin(page, hx.url, '/campaigns');
});

const noSidewaysScroll = async () => (await page.evaluate<number>('document.documentElement.scrollWidth')) <= (page.viewportSize()?.width ?? 0);
/** Saves the editor and waits for the campaign's own page, or fails with the words the form shows. */
async function save(editor: ReturnType<Page['locator']>): Promise<void> {
  await editor.locator('[data-action="save-campaign"]').click();
  try { await page.waitForURL(/\/campaigns\/\d+$/); } catch {
    throw new Error(`not saved: ${(await editor.locator('.error').allInnerTexts()).join(' | ')}`);
  }
}
const campaignIdInUrl = () => Number(new URL(page.url()).pathname.split('/').pop());
const segmentId = async (): Promise<number> => (await api(hx, token).get('/api/segments').expect(200)).body.items.find((s: { name: string }) => s.name === SEGMENT).id;

async function newCampaign(name: string): Promise<ReturnType<Page['locator']>> {
  await page.goto(`${hx.url}/campaigns`);
  await page.click('[data-action="new-campaign"]');
  const editor = page.locator('[data-campaign-editor]');
  await editor.locator('input[name=name]').fill(name);
  await editor.locator('select[name=segmentId]').selectOption({ label: SEGMENT });
  return editor;
}

describe('the campaign editor', () => {
  it('writes an A/B test with a tracked link, shows the weights as shares, and stores what was written', async () => {
    const editor = await newCampaign('Spring A/B');
    await editor.locator('textarea[name=body]').fill('{{contact.name}}, spring cleaning 20% off: ');
    await editor.locator('input[name=link]').fill('https://clinic.example/spring');
    expect(await editor.locator('[data-link-hint]').innerText()).toContain('{{link}}');
    // A link the text never mentions: the server's words appear under the text box, and nothing is stored.
    await editor.locator('[data-action="save-campaign"]').click();
    await editor.locator('[data-field="body"]').waitFor();
    expect(await hx.ds.manager.countBy(Campaign, { name: 'Spring A/B' })).toBe(0);
    // The variable picker offers {{link}}; it goes where the cursor is (the end).
    await editor.locator('textarea[name=body]').evaluate((el) => { const box = el as unknown as { value: string; setSelectionRange(a: number, b: number): void }; box.setSelectionRange(box.value.length, box.value.length); });
    await editor.locator('[data-variable-picker]').selectOption('link');
    expect(await editor.locator('textarea[name=body]').inputValue()).toBe('{{contact.name}}, spring cleaning 20% off: {{link}}');

    // Turning A/B on makes the text variant A and an empty B; the picker then writes into the variant last edited.
    await editor.locator('input[name=abTest]').check();
    expect(await editor.locator('textarea[name=body]').count()).toBe(0);
    expect(await editor.locator('textarea[name=variant-A]').inputValue()).toBe('{{contact.name}}, spring cleaning 20% off: {{link}}');
    await editor.locator('textarea[name=variant-B]').fill('Half-price whitening this spring ');
    await editor.locator('[data-variable-picker]').selectOption('link');
    expect(await editor.locator('textarea[name=variant-B]').inputValue()).toBe('Half-price whitening this spring {{link}}');
    // The cursor goes back into the variant on the next frame; typing a weight before that would type into the text.
    await editor.locator('textarea[name=variant-B]:focus').waitFor();
    await editor.locator('input[name=weight-B]').fill('3');
    expect(await editor.locator('[data-variant-row] [data-share]').allInnerTexts()).toEqual(['25% of the test', '75% of the test']);
    // A third variant can be added and removed again.
    await editor.locator('[data-action="add-variant"]').click();
    await editor.locator('[data-variant-row="C"]').waitFor();
    await editor.locator('[data-action="remove-variant-C"]').click();
    await editor.locator('input[name=testShare]').fill('50');
    await editor.locator('select[name=winnerBy]').selectOption('clicks');
    await editor.locator('input[name=winnerAfterHours]').fill('12');
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await noSidewaysScroll()).toBe(true);
    await screenshot(page, 'campaign-editor-1-ab-390');
    await page.setViewportSize({ width: 1440, height: 900 });

    await save(editor);
    const stored = await hx.ds.manager.findOneByOrFail(Campaign, { id: campaignIdInUrl() });
    expect(stored).toMatchObject({
      link: 'https://clinic.example/spring', body: '{{contact.name}}, spring cleaning 20% off: {{link}}', testShare: 50, winnerBy: 'clicks', winnerAfterHours: 12, trigger: null,
      variants: [
        { key: 'A', body: '{{contact.name}}, spring cleaning 20% off: {{link}}', weight: 1 },
        { key: 'B', body: 'Half-price whitening this spring {{link}}', weight: 3 },
      ],
    });
    // The preview names each sample's variant and shows a short link in place of {{link}}.
    const samples = page.locator('[data-campaign-preview] [data-sample]');
    await samples.first().waitFor();
    const variantsShown = await samples.evaluateAll((els) => els.map((e) => e.getAttribute('data-sample-variant')));
    expect(variantsShown.every((v) => v === 'A' || v === 'B')).toBe(true);
    expect(await samples.first().innerText()).toMatch(/Variant [AB][\s\S]*\/s\/\w{8}/);
    // Not started yet: the page says when the winner will be chosen.
    expect(await page.locator('[data-winner]').innerText()).toBe('Testing: the winner is chosen by clicks after 12 hours');
    // Once chosen (the choice itself is proved in test/server/campaigns), the winner and why are said in the admin's
    // words from the server's code and counts.
    await hx.ds.manager.update(Campaign, { id: stored.id }, {
      winner: { key: 'B', pValue: 0.2134, significant: false, reason: { code: 'not_significant', best: { sent: 10, successes: 3 }, rest: { sent: 10, successes: 2 }, alpha: 0.05 }, decidedAt: new Date().toISOString() },
    });
    await page.reload();
    expect(await page.locator('[data-winner]').innerText()).toBe('Winner: variant B · no significant difference (p = 0.213): the best by raw rate was sent\n\n'
      + 'Variant B: 3 of 10 (30.0%); the rest: 2 of 10 (20.0%). p = 0.213, not below 0.05: no variant was significantly better, so the best by raw rate, B, went to the rest.');
    await hx.ds.manager.update(Campaign, { id: stored.id }, {
      winner: { key: 'A', pValue: 0.00002, significant: true, reason: { code: 'significant', best: { sent: 40, successes: 20 }, rest: { sent: 40, successes: 4 }, alpha: 0.05 }, decidedAt: new Date().toISOString() },
    });
    await page.reload();
    expect(await page.locator('[data-winner-reason]').innerText())
      .toBe('Variant A: 20 of 40 (50.0%); the rest: 4 of 40 (10.0%). p < 0.001, below 0.05: a significant difference, so A went to the rest.');
    // A Chinese admin reads it in Chinese, with no English left in it.
    await api(hx, token).patch('/api/me').send({ locale: 'zh-CN' }).expect(200);
    await page.reload();
    const chinese = await page.locator('[data-winner-reason]').innerText();
    expect(chinese).toBe('版本 A：20/40（50.0%），其余版本：4/40（10.0%）；p < 0.001，低于 0.05，差异显著，所以把 A 发给了其余的人。');
    await api(hx, token).patch('/api/me').send({ locale: 'en' }).expect(200);
    await hx.ds.manager.update(Campaign, { id: stored.id }, {
      winner: { key: 'B', pValue: 1, significant: false, reason: { code: 'no_successes', best: { sent: 12, successes: 0 }, rest: { sent: 10, successes: 0 }, alpha: 0.05 }, decidedAt: new Date().toISOString() },
    });
    await page.reload();
    expect(await page.locator('[data-winner-reason]').innerText())
      .toBe('No variant led to a single click in the test (22 texts sent): nothing told them apart, and B went to the rest.');
    expect(suite.pageErrors).toEqual([]);
  });

  it('makes a recall campaign that runs on a trigger instead of a send time, and says so once started', async () => {
    const editor = await newCampaign('Half-year recall');
    await editor.locator('textarea[name=body]').fill('{{contact.name}}, it has been a while: reply 1 to book a cleaning');
    await editor.locator('select[name=triggerKind]').selectOption('last_visit');
    // A trigger replaces the send time.
    expect(await editor.locator('input[name=sendAt]').count()).toBe(0);
    await editor.locator('input[name=triggerMonths]').fill('6');
    await save(editor);
    const id = campaignIdInUrl();
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id })).toMatchObject({ trigger: { kind: 'last_visit', months: 6 }, sendAt: null });

    await page.click('[data-action="start"]');
    await page.click('[data-action="confirm"]');
    await page.locator('[data-status="running"]').waitFor();
    expect(await page.locator('[data-trigger-note]').innerText())
      .toBe('Triggered: 6 months after the last visit. It keeps running and texts each contact of the segment once, when due.');
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('offers custom date fields for a birthday trigger', async () => {
    await api(hx, token).post('/api/contact-attributes').send({ key: 'birthday', labels: { en: 'Birthday' }, type: 'date' }).expect(201);
    await api(hx, token).post('/api/contact-attributes').send({ key: 'shoe_size', labels: { en: 'Shoe size' }, type: 'number' }).expect(201);
    const editor = await newCampaign('Birthday greeting');
    await editor.locator('textarea[name=body]').fill('Happy birthday {{contact.name}}!');
    await editor.locator('select[name=triggerKind]').selectOption('date_attribute');
    expect(await editor.locator('select[name=triggerKey] option:not([disabled])').allInnerTexts()).toEqual(['Birthday · birthday']);
    await editor.locator('select[name=triggerKey]').selectOption('birthday');
    await editor.locator('input[name=triggerDaysBefore]').fill('3');
    await save(editor);
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id: campaignIdInUrl() })).toMatchObject({ trigger: { kind: 'date_attribute', key: 'birthday', daysBefore: 3 } });
  });

  it('offers the review instead of Resume once content is taken down, live, and Resume again once restored', async () => {
    // One a second on the test's still clock: the first text leaves, the rest wait, so it is running and can pause.
    const id = await makeCampaign(hx, token, { name: 'Complained about', ratePerSecond: 1, segmentId: await segmentId() });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await api(hx, token).post(`/api/campaigns/${id}/pause`).send({}).expect(200);
    await page.goto(`${hx.url}/campaigns/${id}`);
    await page.locator('[data-action="resume"]').waitFor();
    expect(await page.locator('[data-action="review"]').count()).toBe(0);

    // Taken down while the admin looks (the take-down itself, more than five complaints, is proved in
    // test/server/campaigns/complaints.test.ts): the page hears it and swaps Resume, which the server would refuse, for Review.
    await takeDownCampaign(hx.ds, id);
    await publishProgress(hx.ds, hx.bus, id, hx.clock.now());
    const notice = page.locator('[data-taken-down]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('It drew more complaints than allowed');
    expect(await page.locator('[data-commands] button').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual(['review', 'cancel']);
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    // After a reload too: what the page offers follows the campaign, not the moment.
    await page.reload();
    await page.locator('[data-action="review"]').waitFor();
    expect(await page.locator('[data-action="resume"]').count()).toBe(0);

    await page.click('[data-action="review"]');
    const dialog = page.locator('[data-dialog="review"]');
    expect(await dialog.innerText()).toContain('Review the content of “Complained about”');
    expect(await dialog.innerText()).toContain('Keep it down: everything not yet sent is cancelled, and this cannot be undone.');
    await screenshot(page, 'campaign-editor-2-review');
    await dialog.locator('[data-action="restore"]').click();
    await dialog.waitFor({ state: 'detached' });
    await notice.waitFor({ state: 'detached' });
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id })).toMatchObject({ takenDown: false, status: 'paused' });
    // Restored, a paused campaign stays paused until the admin resumes it: now the server takes Resume.
    await page.click('[data-action="resume"]');
    await page.locator('[data-status="running"]').waitFor();
    expect(suite.pageErrors).toEqual([]);
  });

  it('shows content kept down as settled, with no Review to offer, once the admin keeps it down', async () => {
    const id = await makeCampaign(hx, token, { name: 'Kept down', ratePerSecond: 1, segmentId: await segmentId() });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await api(hx, token).post(`/api/campaigns/${id}/pause`).send({}).expect(200);
    await takeDownCampaign(hx.ds, id);
    await page.goto(`${hx.url}/campaigns/${id}`);
    await page.click('[data-action="review"]');
    const dialog = page.locator('[data-dialog="review"]');
    await dialog.locator('[data-action="keep-down"]').click();
    await dialog.waitFor({ state: 'detached' });
    const notice = page.locator('[data-taken-down] [data-kept-down="true"]');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('An admin reviewed it and kept it down');
    expect(await page.locator('[data-commands] button').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).toEqual([]);
    await page.reload();
    await notice.waitFor();
    expect(await page.locator('[data-action="review"]').count()).toBe(0);
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id })).toMatchObject({ status: 'cancelled', takenDown: true });
    await screenshot(page, 'campaign-editor-3-kept-down');
    expect(suite.pageErrors).toEqual([]);
  });

  it('copies a campaign from its page and from the list, opening the new draft in the editor', async () => {
    const id = await makeCampaign(hx, token, {
      name: 'Autumn whitening', category: 'transactional', segmentId: await segmentId(), body: '{{contact.name}}, whitening this autumn: reply 1 to book',
      menu: [{ key: '1', action: 'book' }], trigger: { kind: 'no_show', days: 3 },
    });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await page.goto(`${hx.url}/campaigns/${id}`);
    await page.locator('[data-status="running"]').waitFor();
    expect(await page.locator('[data-campaign-editor]').count()).toBe(0);

    await page.click('[data-commands] [data-action="copy"]');
    await page.waitForURL((url) => /\/campaigns\/\d+$/.test(url.pathname) && url.pathname !== `/campaigns/${id}`);
    const copyId = campaignIdInUrl();
    // The same page, mounted afresh for the copy: a draft, in the editor, with what the original says.
    const editor = page.locator('[data-campaign-editor]');
    await editor.waitFor();
    expect(await editor.locator('input[name=name]').inputValue()).toBe('Autumn whitening (copy)');
    expect(await editor.locator('textarea[name=body]').inputValue()).toBe('{{contact.name}}, whitening this autumn: reply 1 to book');
    expect(await editor.locator('select[name=triggerKind]').inputValue()).toBe('no_show');
    expect(await editor.locator('input[name=category][value=transactional]').isChecked()).toBe(true);
    expect(await page.locator('[data-status="draft"]').count()).toBe(1);
    expect(await hx.ds.manager.findOneByOrFail(Campaign, { id: copyId })).toMatchObject({ status: 'draft', menu: [{ key: '1', action: 'book' }], trigger: { kind: 'no_show', days: 3 } });
    // The back button returns to the original, read afresh.
    await page.goBack();
    await page.locator('[data-status="running"]').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Autumn whitening');

    await page.goto(`${hx.url}/campaigns`);
    await page.locator(`[data-campaign="${copyId}"] [data-action="copy"]`).click();
    await page.waitForURL((url) => /\/campaigns\/\d+$/.test(url.pathname));
    await page.locator('[data-campaign-editor]').waitFor();
    expect(await page.locator('[data-campaign-editor] input[name=name]').inputValue()).toBe('Autumn whitening (copy) (copy)');
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${hx.url}/campaigns`);
    await page.locator('[data-campaigns]').waitFor();
    expect(await noSidewaysScroll()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    expect(suite.pageErrors).toEqual([]);
  });
});
