import type { OutboundSms } from './sms-provider';

/**
 * What a provider call carries to name the messages in it (Aliyun OutId, Tencent SessionContext), echoed back in
 * receipts and in the provider's send records: one message's id alone, or for a call of several `b:` and their ids as
 * ranges (`b:1201-1299,1304`). A receipt reads a bare number as its message's id; a batch context is never a number,
 * so a receipt never takes it for one message. After a crash the context tells whether a message was in the call.
 * @example callContext([7])          // → '7'
 * @example callContext([3, 1, 2, 9]) // → 'b:1-3,9'
 */
export function callContext(ids: number[]): string {
  if (ids.length === 1) return String(ids[0]);
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return `b:${runs.join(',')}`;
}

/** Whether a call's context (as `callContext` wrote it) names message `id`. */
export function contextNames(context: string | null | undefined, id: number): boolean {
  if (!context) return false;
  if (/^\d+$/.test(context)) return Number(context) === id;
  if (!context.startsWith('b:')) return false;
  return context.slice(2).split(',').some((run) => {
    const [from, to = from] = run.split('-').map(Number);
    return id >= from && id <= to;
  });
}

/**
 * How one batch goes out as provider calls: each call at most `maxPerCall` messages, each number at most once in a
 * call (a provider's answer and its receipts tell numbers apart, not messages), and a context no longer than
 * `maxContext`. Messages keep their order; a message that fits no open call starts a new one. Answers the positions
 * in `batch` of each call's messages.
 */
export function planCalls(batch: OutboundSms[], maxPerCall: number, maxContext: number): number[][] {
  const calls: Array<{ at: number[]; numbers: Set<string>; ids: number[] }> = [];
  batch.forEach((sms, at) => {
    const fits = (c: (typeof calls)[number]) => c.at.length < maxPerCall && !c.numbers.has(sms.to) && callContext([...c.ids, sms.messageId]).length <= maxContext;
    let call = calls.find(fits);
    if (!call) calls.push(call = { at: [], numbers: new Set(), ids: [] });
    call.at.push(at);
    call.numbers.add(sms.to);
    call.ids.push(sms.messageId);
  });
  return calls.map((c) => c.at);
}
