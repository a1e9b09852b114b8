import request from 'supertest';
import { In } from 'typeorm';
import { Contact, Message } from '../../../server/db/entities';
import { startCnChannelHuixin, TENCENT_OK } from '../../support/cn-channel';
import type { FakeTencent } from '../../support/fake-tencent';
import { statementsDuring } from '../../support/statements-during';
import type { TestHuixin } from '../../support/test-server';
import { outboundDayCount } from '../../support/outbound-counts';

// A provider's status push carries up to a hundred receipts (Tencent) or a thousand (Aliyun): applied together, in one
// transaction with one read of their messages, and none held back by another that must wait for the sender.

const TEMPLATES = JSON.stringify({ handoff_ack: { code: '1100001', params: { 1: 'business.name' } } });

let fake: FakeTencent;
let hx: TestHuixin;
beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('tencent', { templates: TEMPLATES, env: { OUTBOX_POLL_MS: '60000' }, start: { startSender: false } }));
});
afterAll(async () => { await hx.close(); await fake.stop(); });

let phoneCounter = 0;
let second = 1764200000;
const post = (path: string, body: unknown) => request(hx.url).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));

/** Customers who asked for a person, each acknowledged by a reply the sender has sent to the fake Tencent. */
async function sentReplies(count: number): Promise<Array<{ mobile: string; reply: Message }>> {
  const mobiles = Array.from({ length: count }, () => `1380200${String(++phoneCounter).padStart(4, '0')}`);
  for (const mobile of mobiles) await post('/webhooks/tencent/reply', { extend: '', mobile, nationcode: '86', sign: '回信诊所', text: '人工', time: ++second }).expect(200);
  await hx.sender.drain();
  const contacts = await hx.ds.manager.findBy(Contact, { phone: In(mobiles.map((m) => `+86${m}`)) });
  const replies = await hx.ds.manager.findBy(Message, { contactId: In(contacts.map((c) => c.id)), direction: 'out' });
  return mobiles.map((mobile) => {
    const contact = contacts.find((c) => c.phone === `+86${mobile}`)!;
    return { mobile, reply: replies.find((r) => r.contactId === contact.id)! };
  });
}

const report = (mobile: string, sid: string | null, ext: number | null, ok = true) => ({
  user_receive_time: '2026-12-07 11:00:04', nationcode: '86', mobile, report_status: ok ? 'SUCCESS' : 'FAIL',
  errmsg: ok ? 'DELIVRD' : 'MK:0001', description: ok ? '用户短信送达成功' : '空号', sid, ext: ext === null ? '' : String(ext),
});

describe('a provider\'s batch of receipts', () => {
  it('is applied in one transaction with one read of its messages, each text counted once even when two receipts name it', async () => {
    const customers = await sentReplies(12);
    expect(customers.every((c) => c.reply.status === 'sent' && c.reply.providerMessageId)).toBe(true);
    const [sentBefore, deliveredBefore, undeliveredBefore] = [await outboundDayCount(hx, 'sent'), await outboundDayCount(hx, 'delivered'), await outboundDayCount(hx, 'undelivered')];
    // The first text has two receipts in the batch: a failure, then a late success, which wins (message-status.ts).
    const batch = [report(customers[0]!.mobile, customers[0]!.reply.providerMessageId, null, false),
      ...customers.map((c) => report(c.mobile, c.reply.providerMessageId, null))];

    const log = await statementsDuring(hx, async () => {
      expect((await post('/webhooks/tencent/status', batch).expect(200)).text).toBe(TENCENT_OK);
    });

    const messageReads = log.filter((q) => /^SELECT .* FROM [`"]?messages[`"]?/i.test(q));
    const commits = log.filter((q) => /^COMMIT/i.test(q));
    expect(messageReads.length).toBeLessThanOrEqual(1);
    expect(commits.length).toBeLessThanOrEqual(1);
    const stored = await hx.ds.manager.findBy(Message, { id: In(customers.map((c) => c.reply.id)) });
    expect(stored.filter((m) => m.status === 'delivered')).toHaveLength(12);
    expect(stored.every((m) => m.receiptAt !== null)).toBe(true);
    // Every text counted once out of "sent" and into "delivered"; the first's passing failure counts nowhere.
    expect(await outboundDayCount(hx, 'sent')).toBe(sentBefore - 12);
    expect(await outboundDayCount(hx, 'delivered')).toBe(deliveredBefore + 12);
    expect(await outboundDayCount(hx, 'undelivered')).toBe(undeliveredBefore);
  });

  it('applies its other receipts at once while one waits for the sender to store its text', async () => {
    const [waiting, ready] = await sentReplies(2);
    // The provider has answered the first send but the sender has not stored it yet: `sending`, no provider id.
    await hx.ds.manager.update(Message, { id: waiting!.reply.id }, { status: 'sending', providerMessageId: null, leaseUntil: new Date(Date.now() + 60_000) });
    const pushed = post('/webhooks/tencent/status', [report(waiting!.mobile, 'sid-not-stored-yet', waiting!.reply.id), report(ready!.mobile, ready!.reply.providerMessageId, null)])
      .then((res) => res);

    // The second receipt does not wait for the first: its text is delivered while the first is still being sent.
    const deadline = Date.now() + 2_000;
    let readyNow = await hx.ds.manager.findOneByOrFail(Message, { id: ready!.reply.id });
    while (readyNow.status !== 'delivered' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      readyNow = await hx.ds.manager.findOneByOrFail(Message, { id: ready!.reply.id });
    }
    expect(readyNow.status).toBe('delivered');
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: waiting!.reply.id })).toMatchObject({ status: 'sending' });

    // The sender stores its send; the waiting receipt then moves it on, and only then is the push answered.
    await hx.ds.manager.update(Message, { id: waiting!.reply.id }, { status: 'sent', providerMessageId: 'sid-not-stored-yet', sentAt: new Date(), leaseUntil: null });
    expect((await pushed).status).toBe(200);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: waiting!.reply.id })).toMatchObject({ status: 'delivered', providerMessageId: 'sid-not-stored-yet' });
  });
});
