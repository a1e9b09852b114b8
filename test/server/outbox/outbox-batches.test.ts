import { In } from 'typeorm';
import { ProviderError, type OutboundSms, type SendResult, type SmsProvider } from '../../../server/channels/sms-provider';
import { Message } from '../../../server/db/entities';
import type { Huixin } from '../../../server/huixin';
import { eventually, startAnotherNode, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { queueTexts } from './outbox-support';

/** Notes every message that reached it, in order, after a short random delay so concurrent senders interleave. */
class CountingProvider implements SmsProvider {
  readonly name = 'loopback';
  readonly sent: number[] = [];
  async send(sms: OutboundSms): Promise<SendResult> {
    this.sent.push(sms.messageId);
    await new Promise((r) => setTimeout(r, Math.random() * 3));
    return { providerMessageId: `count-${sms.messageId}`, status: 'sent' };
  }
}

/** A provider that sends bulk texts in batches of 3 when they share a body prefix, and refuses one number's text. */
class BatchingProvider implements SmsProvider {
  readonly name = 'loopback';
  readonly maxBatch = 3;
  readonly calls: Array<{ kind: 'send' | 'batch'; ids: number[] }> = [];
  refuse = new Set<number>();
  throwNext: Error | null = null;
  async send(sms: OutboundSms): Promise<SendResult> {
    this.calls.push({ kind: 'send', ids: [sms.messageId] });
    return { providerMessageId: `one-${sms.messageId}`, status: 'sent' };
  }
  async sendBatch(batch: OutboundSms[]): Promise<Array<SendResult | ProviderError>> {
    this.calls.push({ kind: 'batch', ids: batch.map((s) => s.messageId) });
    if (this.throwNext) { const err = this.throwNext; this.throwNext = null; throw err; }
    return batch.map((s) => (this.refuse.has(s.messageId) ? new ProviderError('invalid number', false, 'isv.MOBILE_NUMBER_ILLEGAL') : { providerMessageId: `batch-${s.messageId}`, status: 'sent' as const }));
  }
  batchKey(sms: OutboundSms): string | null {
    return sms.body.startsWith('bulk') ? 'same-template' : null;
  }
}

describe('the outbox sender in batches', () => {
  let hx: TestHuixin;
  let other: Huixin;
  const counting = new CountingProvider();
  beforeAll(async () => {
    hx = await startTestHuixin({}, { startSender: false, provider: counting });
    other = await startAnotherNode(hx, { startSender: false, provider: counting });
  });
  afterAll(async () => { await other.stop(); await hx.close(); });

  it('never sends a row twice when two nodes claim batches at once', async () => {
    const ids = await queueTexts(hx.ds, hx.clock.now(), '+8613700180001', 600, 'reply');
    await Promise.all([hx.sender.drain(), other.sender.drain(), hx.sender.drain()]);
    const ours = counting.sent.filter((id) => ids.includes(id));
    expect(ours).toHaveLength(600);
    expect(new Set(ours).size).toBe(600);
    const rows = await hx.ds.manager.findBy(Message, { id: In(ids) });
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.providerMessageId === `count-${r.id}`)).toBe(true);
  }, 60_000);

  it('sends a reply queued behind 2,000 campaign texts first', async () => {
    const bulk = await queueTexts(hx.ds, hx.clock.now(), '+8613700180002', 2000, 'bulk');
    const [reply] = await queueTexts(hx.ds, hx.clock.now(), '+8613700180003', 1, 'reply');
    expect(reply).toBeGreaterThan(bulk[bulk.length - 1]);
    const before = counting.sent.length;
    await hx.sender.drain();
    const order = counting.sent.slice(before);
    expect(order[0]).toBe(reply);
    expect(order).toHaveLength(2001);
  }, 120_000);
});

describe('bulk texts through a provider that sends batches', () => {
  let hx: TestHuixin;
  const provider = new BatchingProvider();
  beforeAll(async () => { hx = await startTestHuixin({ SMS_RATE_PER_SECOND: '50' }, { startSender: false, provider }); });
  afterAll(() => hx.close());

  it('sends bulk texts sharing a batch key in calls of maxBatch, failing only the refused number', async () => {
    const bulk = await queueTexts(hx.ds, hx.clock.now(), '+8613700180011', 7, 'bulk');
    const [apart] = await queueTexts(hx.ds, hx.clock.now(), '+8613700180012', 1, 'bulk', { body: 'a text of its own' });
    const [reply] = await queueTexts(hx.ds, hx.clock.now(), '+8613700180013', 1, 'reply');
    provider.refuse.add(bulk[1]);
    const started = performance.now();
    await hx.sender.drain();
    const took = performance.now() - started;

    // The reply lane goes first; then each group of three shares a call, and what is left over goes alone.
    expect(provider.calls[0]).toEqual({ kind: 'send', ids: [reply] });
    expect(provider.calls).toHaveLength(5);
    expect(provider.calls).toEqual(expect.arrayContaining([
      { kind: 'batch', ids: bulk.slice(0, 3) }, { kind: 'batch', ids: bulk.slice(3, 6) }, { kind: 'send', ids: [bulk[6]] }, { kind: 'send', ids: [apart] },
    ]));
    const rows = new Map((await hx.ds.manager.findBy(Message, { id: In([...bulk, apart, reply]) })).map((r) => [r.id, r]));
    expect(rows.get(bulk[1])).toMatchObject({ status: 'failed', errorCode: 'isv.MOBILE_NUMBER_ILLEGAL' });
    for (const id of [bulk[0], ...bulk.slice(2, 6)]) expect(rows.get(id)).toMatchObject({ status: 'sent', providerMessageId: `batch-${id}` });
    expect(rows.get(apart)).toMatchObject({ status: 'sent', providerMessageId: `one-${apart}` });
    // Nine messages at 50/s: the pacer charged a slot for each message of a batch, not one per call.
    expect(took).toBeGreaterThanOrEqual(8 * 20);
  });

  it('retries every text of a batch whose call failed as a whole', async () => {
    const bulk = await queueTexts(hx.ds, hx.clock.now(), '+8613700180021', 3, 'bulk');
    provider.throwNext = new ProviderError('Throttling.User', true, 'isv.BUSINESS_LIMIT_CONTROL');
    await hx.sender.drain();
    const rows = await hx.ds.manager.findBy(Message, { id: In(bulk) });
    expect(rows.map((r) => [r.status, r.errorCode, r.attempts])).toEqual(bulk.map(() => ['queued', 'isv.BUSINESS_LIMIT_CONTROL', 1]));
    hx.clock.advance(1000);
    await hx.sender.drain();
    expect((await hx.ds.manager.findBy(Message, { id: In(bulk) })).every((r) => r.status === 'sent' && r.attempts === 2)).toBe(true);
    expect(provider.calls.filter((c) => c.ids.includes(bulk[0]))).toHaveLength(2);
  });
});

describe('stopping the sender', () => {
  /** Holds every send until `release()`, so the test can stop the sender with sends in flight. */
  class HeldProvider implements SmsProvider {
    readonly name = 'loopback';
    readonly started: number[] = [];
    private readonly waiting: Array<() => void> = [];
    async send(sms: OutboundSms): Promise<SendResult> {
      this.started.push(sms.messageId);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      return { providerMessageId: `held-${sms.messageId}`, status: 'sent' };
    }
    release(): void { for (const go of this.waiting.splice(0)) go(); }
  }

  it('finishes the sends in flight and gives back the rows it claimed but had not started', async () => {
    const held = new HeldProvider();
    // 32 in flight, 64 claimed: 50 queued leaves rows claimed but not started when it stops.
    const hx = await startTestHuixin({ OUTBOX_CONCURRENCY: '32' }, { startSender: false, provider: held });
    try {
      const ids = await queueTexts(hx.ds, hx.clock.now(), '+8613700180031', 50, 'reply');
      hx.sender.start();
      await eventually(() => held.started.length === 32);
      const stopped = hx.sender.stop();
      held.release();
      await stopped;
      const rows = await hx.ds.manager.findBy(Message, { id: In(ids) });
      const sent = rows.filter((r) => r.status === 'sent');
      expect(sent.map((r) => r.id).sort((a, b) => a - b)).toEqual([...held.started].sort((a, b) => a - b));
      // The rest wait for the next sender at once, not for their lease to run out.
      const now = hx.clock.now().getTime();
      expect(rows.filter((r) => r.status !== 'sent').every((r) => r.status === 'queued' && r.attempts === 0 && r.leaseUntil === null && r.nextAttemptAt!.getTime() <= now)).toBe(true);
      expect(sent).toHaveLength(32);
    } finally {
      await hx.close();
    }
  });
});
