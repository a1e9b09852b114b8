import { Campaign, CampaignRecipient } from '../../../server/db/entities';
import { eventually, TUESDAY_MORNING, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, textIn } from './support';

let hx: TestHuixin;
let token: string;
beforeAll(async () => ({ hx, token } = await campaignServer()));
afterAll(() => hx.close());
afterEach(() => hx.clock.set(TUESDAY_MORNING));

const VARIANTS = [{ key: 'A', body: '洗牙8折，回复1预约', weight: 1 }, { key: 'B', body: '春季洗牙优惠，回复1预约', weight: 1 }];

/** An A/B campaign over `n` fresh consented contacts, half of them in the test; started. */
async function abCampaign(tag: string, n: number) {
  const contacts = [];
  for (let i = 0; i < n; i++) contacts.push(await addContact(hx, token, { tags: [tag], marketing: true }));
  const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
  const id = await makeCampaign(hx, token, { segmentId, variants: VARIANTS, testShare: 50, winnerBy: 'replies', winnerAfterHours: 24 });
  await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
  await hx.sender.drain();
  const test = await hx.ds.manager.findBy(CampaignRecipient, { campaignId: id });
  return { id, contacts, test };
}

const view = async (id: number) => (await api(hx, token).get(`/api/campaigns/${id}`).expect(200)).body;

describe('A/B variants', () => {
  it('sends the test share split by weight first, then the significantly better variant to the rest', async () => {
    const { id, contacts, test } = await abCampaign('ab-clear', 40);
    expect(test.length).toBeGreaterThan(8);
    expect(test.length).toBeLessThan(32);
    const byKey = (k: string) => test.filter((r) => r.variant === k);
    expect(byKey('A').length + byKey('B').length).toBe(test.length);
    expect(byKey('A').length).toBeGreaterThan(0);
    expect(byKey('B').length).toBeGreaterThan(0);
    const texts = await campaignMessages(hx, id);
    expect(texts).toHaveLength(test.length);
    for (const m of texts) expect(m.body).toContain(VARIANTS.find((v) => v.key === byKey('A').concat(byKey('B')).find((r) => r.contactId === m.contactId)!.variant)!.body);

    // Everyone who got B answers; nobody who got A does.
    const phoneOf = new Map(contacts.map((c) => [c.id, c.phone]));
    for (const r of byKey('B')) await textIn(hx, phoneOf.get(r.contactId)!, '1');
    const waiting = await view(id);
    expect(waiting.status).toBe('running');
    expect(waiting.winner).toBeNull();
    expect(waiting.stats.variants.B).toMatchObject({ sent: byKey('B').length, replied: byKey('B').length });
    expect(waiting.stats.variants.A).toMatchObject({ sent: byKey('A').length, replied: 0 });

    hx.clock.advance(25 * 3_600_000);
    const decided = await eventually(async () => { const v = await view(id); return v.winner && v.stats.queued > 0 ? v : null; });
    expect(decided.winner).toMatchObject({
      key: 'B', significant: true,
      reason: { code: 'significant', alpha: 0.05, best: { sent: byKey('B').length, successes: byKey('B').length }, rest: { sent: byKey('A').length, successes: 0 } },
    });
    expect(decided.winner.pValue).toBeLessThan(0.05);
    const rest = (await campaignMessages(hx, id)).filter((m) => !test.some((r) => r.contactId === m.contactId));
    expect(rest).toHaveLength(40 - test.length);
    for (const m of rest) expect(m.body).toContain('春季洗牙优惠');
    expect(decided.stats.targeted).toBe(40);
  });

  it('sends the best by raw rate to the rest when nothing is significant, and says it was not', async () => {
    const { id, contacts, test } = await abCampaign('ab-even', 20);
    // One reply in the test: its variant is best by raw rate, but one in ten is no evidence.
    const first = test[0]!;
    await textIn(hx, contacts.find((c) => c.id === first.contactId)!.phone, '1');
    hx.clock.advance(25 * 3_600_000);
    const decided = await eventually(async () => { const v = await view(id); return v.winner && v.stats.targeted === 20 ? v : null; });
    expect(decided.winner).toMatchObject({ key: first.variant, significant: false });
    expect(decided.winner.pValue).toBeGreaterThanOrEqual(0.05);
    // The reason is a code with the test's numbers, no words in any language: the page words it.
    expect(decided.winner.reason).toMatchObject({ code: 'not_significant', alpha: 0.05, best: { successes: 1 }, rest: { successes: 0 } });
    expect(decided.winner.reason.best.sent + decided.winner.reason.rest.sent).toBe(test.length);
    const rest = (await campaignMessages(hx, id)).filter((m) => !test.some((r) => r.contactId === m.contactId));
    expect(rest.length).toBeGreaterThan(0);
    for (const m of rest) expect(m.body).toContain(VARIANTS.find((v) => v.key === first.variant)!.body);
  });

  it('reads a winner chosen before reasons were codes with the code its significance gives, and no English words', async () => {
    const id = await makeCampaign(hx, token, { segmentId: await makeSegment(hx, token, { tagsAny: ['ab-legacy'] }), variants: VARIANTS });
    const decidedAt = hx.clock.now().toISOString();
    await hx.ds.manager.update(Campaign, { id }, {
      winner: { key: 'B', pValue: 0.2134, significant: false, reason: 'B 30.0% vs the rest 20.0%: p = 0.2134, not significant at 0.05: the best by raw rate', decidedAt },
    });
    expect((await view(id)).winner).toEqual({ key: 'B', pValue: 0.2134, significant: false, reason: { code: 'not_significant', alpha: 0.05 }, decidedAt });
  });

  it('refuses variants that are too few, share a key, or name an unknown variable, naming the field', async () => {
    const segmentId = await makeSegment(hx, token, { tagsAny: ['nobody'] });
    const post = (fields: Record<string, unknown>) => api(hx, token).post('/api/campaigns').send({ name: 'x', category: 'marketing', segmentId, body: 'x', ...fields });
    expect((await post({ variants: [VARIANTS[0]] }).expect(400)).body.error.field).toBe('variants');
    expect((await post({ variants: [VARIANTS[0], { ...VARIANTS[1], key: 'A' }] }).expect(400)).body.error.field).toBe('variants');
    expect((await post({ variants: [VARIANTS[0], { ...VARIANTS[1], body: '{{nope}}' }] }).expect(400)).body.error.field).toBe('variants.1.body');
    expect((await post({ variants: VARIANTS, testShare: 0 }).expect(400)).body.error.field).toBe('testShare');
  });
});
