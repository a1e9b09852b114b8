import { callContext, contextNames, planCalls } from '../../../server/channels/batch-calls';
import type { OutboundSms } from '../../../server/channels/sms-provider';

const sms = (messageId: number, to: string): OutboundSms => ({ messageId, to, body: '' });

describe('provider calls of a batch', () => {
  it('names a lone message by its id and a batch by ranges that name exactly its messages', () => {
    expect(callContext([42])).toBe('42');
    const context = callContext([12, 10, 11, 15, 30, 31]);
    expect(context).toBe('b:10-12,15,30-31');
    for (const id of [10, 11, 12, 15, 30, 31]) expect(contextNames(context, id)).toBe(true);
    for (const id of [9, 13, 14, 16, 29, 32, 1015]) expect(contextNames(context, id)).toBe(false);
    expect(contextNames('42', 42)).toBe(true);
    expect(contextNames('421', 42)).toBe(false);
    expect(contextNames(null, 42)).toBe(false);
  });

  it('splits a batch so no call repeats a number, exceeds its size, or carries a context longer than the provider takes', () => {
    // 200 scattered ids (every third): as ranges they would not fit 255 characters in one call.
    const batch = Array.from({ length: 200 }, (_, i) => sms(100_000 + i * 3, `+86139${String(i % 150).padStart(8, '0')}`));
    const calls = planCalls(batch, 100, 255);
    expect(calls.flat().sort((a, b) => a - b)).toEqual(batch.map((_, i) => i));
    for (const call of calls) {
      expect(call.length).toBeLessThanOrEqual(100);
      expect(new Set(call.map((i) => batch[i].to)).size).toBe(call.length);
      expect(callContext(call.map((i) => batch[i].messageId)).length).toBeLessThanOrEqual(255);
    }
    // Contiguous ids to distinct numbers fit one call of 100.
    expect(planCalls(Array.from({ length: 100 }, (_, i) => sms(500 + i, `+8613800${String(i).padStart(6, '0')}`)), 100, 255)).toHaveLength(1);
  });
});
