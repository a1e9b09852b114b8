import { join } from 'node:path';
import type * as Form from '../../inbox-ui/src/campaigns/campaign-form';

// The campaign editor's A/B variants and trigger boxes → what POST/PATCH /api/campaigns takes
// (inbox-ui/src/campaigns/campaign-form.ts), loaded by path like the other UI modules.
const form = require(join(__dirname, '../../inbox-ui/src/campaigns/campaign-form')) as typeof Form;

describe('A/B variants in the editor', () => {
  it('shows relative weights as whole-percent shares of the test', () => {
    expect(form.variantShares([{ weight: '1' }, { weight: '1' }])).toEqual([50, 50]);
    expect(form.variantShares([{ weight: '1' }, { weight: '3' }])).toEqual([25, 75]);
    expect(form.variantShares([{ weight: '2' }, { weight: '' }])).toEqual([100, 0]);
    expect(form.variantShares([{ weight: '' }, { weight: '' }])).toEqual([0, 0]);
  });

  it('gives a new variant the first free key and none past H', () => {
    expect(form.nextVariantKey([{ key: 'A' }, { key: 'C' }])).toBe('B');
    expect(form.nextVariantKey(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((key) => ({ key: key as Form.VariantKey })))).toBeUndefined();
  });

  it('starts a test from the text written so far and sends weights as numbers, a blank one as null for the server to name', () => {
    const rows = form.startVariants('洗牙8折 {{link}}');
    expect(rows).toEqual([{ key: 'A', body: '洗牙8折 {{link}}', weight: '1' }, { key: 'B', body: '', weight: '1' }]);
    rows[1]!.weight = '';
    expect(JSON.parse(JSON.stringify(form.variantsInput(rows)))).toEqual([{ key: 'A', body: '洗牙8折 {{link}}', weight: 1 }, { key: 'B', body: '', weight: null }]);
  });
});

describe('a trigger in the editor', () => {
  it('is none for a campaign sent once, and each kind round-trips through the form', () => {
    expect(form.triggerInput(form.triggerForm(null))).toBeNull();
    for (const trigger of [
      { kind: 'last_visit', months: 6 }, { kind: 'date_attribute', key: 'birthday', daysBefore: 3 },
      { kind: 'no_show', days: 2 }, { kind: 'tag_added', tag: 'WANT100' },
    ] as const) expect(form.triggerInput(form.triggerForm(trigger))).toEqual(trigger);
  });

  it('takes the numbers Vue hands over from number boxes, and keeps the other kinds\' boxes when switching', () => {
    const f = form.triggerForm({ kind: 'last_visit', months: 6 });
    (f as { months: unknown }).months = 9;
    expect(form.triggerInput(f)).toEqual({ kind: 'last_visit', months: 9 });
    expect(form.triggerInput({ ...f, kind: 'no_show' })).toEqual({ kind: 'no_show', days: 1 });
  });

  it('writes a p-value as a person reads it', () => {
    expect(form.pValueText(0.0312)).toBe('0.031');
    expect(form.pValueText(1.2e-7)).toBe('< 0.001');
  });
});

describe("the A/B winner's reason on the page", () => {
  it("is worded from the server's code and counts: each side's successes, texts and rate, and p as a phrase", () => {
    expect(form.winnerReasonValues({
      key: 'B', pValue: 0.0004, reason: { code: 'significant', alpha: 0.05, best: { sent: 100, successes: 30 }, rest: { sent: 200, successes: 21 } },
    })).toEqual({ key: 'B', bestOk: 30, bestSent: 100, bestRate: '30.0%', restOk: 21, restSent: 200, restRate: '10.5%', p: 'p < 0.001', alpha: 0.05, sent: 300 });
    expect(form.winnerReasonValues({
      key: 'A', pValue: 1, reason: { code: 'no_successes', alpha: 0.05, best: { sent: 0, successes: 0 }, rest: { sent: 0, successes: 0 } },
    })).toMatchObject({ bestRate: '0.0%', restRate: '0.0%', p: 'p = 1.000', sent: 0 });
  });

  it('says nothing more for a winner chosen before reasons carried their counts', () => {
    expect(form.winnerReasonValues({ key: 'B', pValue: 0.21, reason: { code: 'not_significant', alpha: 0.05 } })).toBeNull();
  });
});
