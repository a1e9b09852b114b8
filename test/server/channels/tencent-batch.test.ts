import request from 'supertest';
import { templatesVariable } from '../../../server/channels/provider-templates';
import { ProviderError, type OutboundSms, type SendResult } from '../../../server/channels/sms-provider';
import { TencentProvider } from '../../../server/channels/tencent.channel';
import { Contact, Message } from '../../../server/db/entities';
import { startCnChannelHuixin, TENCENT_OK } from '../../support/cn-channel';
import type { FakeTencent } from '../../support/fake-tencent';
import type { TestHuixin } from '../../support/test-server';
import { claimedUntil } from '../outbox/outbox-support';

const TEMPLATES = JSON.stringify({
  handoff_ack: { code: '1100001', params: { 2: 'contact.phone', 1: 'business.name' } },
  campaign_offer: { code: '1100009', params: { 1: 'offer' } },
});

let fake: FakeTencent;
let hx: TestHuixin;
let tencent: TencentProvider;
beforeAll(async () => {
  ({ hx, fake } = await startCnChannelHuixin('tencent', { templates: TEMPLATES, env: { OUTBOX_POLL_MS: '60000' }, start: { startSender: false } }));
  tencent = new TencentProvider({
    secretId: 'AKID-test', secretKey: 'test-key', sdkAppId: '1400006666', signName: '回信诊所', endpoint: fake.url, region: 'ap-guangzhou',
    templates: templatesVariable.parse(TEMPLATES),
  });
});
afterAll(async () => { await hx.close(); await fake.stop(); });

let phoneCounter = 0;
const nextMobile = () => `1380100${String(++phoneCounter).padStart(4, '0')}`;
let second = 1764100000;
const post = (path: string, body: unknown) => request(hx.url).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));

/** A customer who asked for a person: their acknowledgement waits in the outbox (the sender runs only when drained). */
async function queuedReply(): Promise<{ mobile: string; reply: Message }> {
  const mobile = nextMobile();
  await post('/webhooks/tencent/reply', { extend: '', mobile, nationcode: '86', sign: '回信诊所', text: '人工', time: ++second }).expect(200);
  const contact = await hx.ds.manager.findOneByOrFail(Contact, { phone: `+86${mobile}` });
  return { mobile, reply: await hx.ds.manager.findOneByOrFail(Message, { contactId: contact.id, direction: 'out' }) };
}

const offer = (messageId: number, mobile: string, what: string): OutboundSms =>
  ({ messageId, to: `+86${mobile}`, body: '', template: { key: 'campaign_offer', vars: { offer: what } } });

describe('Tencent SendSms over many numbers', () => {
  it('sends a batch as one SendSms, each message its own SerialNo or its own number\'s failure, and status reports find each by sid', async () => {
    const customers = [await queuedReply(), await queuedReply(), await queuedReply()];
    const batch = customers.map((c) => offer(c.reply.id, c.mobile, '洗牙八折'));
    expect(new Set(batch.map((m) => tencent.batchKey(m))).size).toBe(1);
    fake.failNumbers.set(`+86${customers[1].mobile}`, 'InvalidParameterValue.IncorrectPhoneNumber');
    const before = fake.requests.length;
    const results = await tencent.sendBatch(batch);
    fake.failNumbers.clear();

    const calls = fake.requests.slice(before).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ PhoneNumberSet: batch.map((m) => m.to), TemplateId: '1100009', TemplateParamSet: ['洗牙八折'], SmsSdkAppId: '1400006666' });
    // The call's SessionContext names its messages without being any one message's id.
    expect(calls[0].SessionContext).toMatch(/^b:/);
    const [ok1, bad, ok2] = results;
    expect(bad).toBeInstanceOf(ProviderError);
    expect(bad).toMatchObject({ code: 'InvalidParameterValue.IncorrectP', retryable: false });
    const serials = fake.sends.at(-1)!.serialNos;
    expect([ok1, ok2]).toEqual([{ providerMessageId: serials[0] }, { providerMessageId: serials[1] }]);
    expect(new Set(serials).size).toBe(2);
    expect(fake.malformed).toEqual([]);

    // Recorded as the sender records them; Tencent's status reports then name each message by its sid alone.
    for (const [i, c] of customers.entries()) {
      const r = results[i];
      await hx.ds.manager.update(Message, { id: c.reply.id }, r instanceof ProviderError
        ? { status: 'failed', errorCode: r.code ?? null, leaseUntil: null } : { status: 'sent', providerMessageId: (r as SendResult).providerMessageId, leaseUntil: null });
    }
    const report = (mobile: string, sid: string, ok: boolean) => ({ user_receive_time: '2026-11-24 11:00:04', nationcode: '86', mobile, report_status: ok ? 'SUCCESS' : 'FAIL', errmsg: ok ? 'DELIVRD' : 'MK:0001', description: ok ? '用户短信送达成功' : '空号', sid, ext: calls[0].SessionContext });
    expect((await post('/webhooks/tencent/status', [report(customers[2].mobile, serials[1], false), report(customers[0].mobile, serials[0], true)]).expect(200)).text).toBe(TENCENT_OK);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: customers[0].reply.id })).toMatchObject({ status: 'delivered' });
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: customers[2].reply.id })).toMatchObject({ status: 'undelivered', errorCode: 'no_such_number' });
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: customers[1].reply.id })).toMatchObject({ status: 'failed' });
  });

  it('keys a batch by template and parameters, and sends other parameters or a repeated number in calls of their own', async () => {
    const [a, b] = [nextMobile(), nextMobile()];
    expect(tencent.batchKey(offer(1, a, '八折'))).toBe(tencent.batchKey(offer(2, b, '八折')));
    expect(tencent.batchKey(offer(1, a, '八折'))).not.toBe(tencent.batchKey(offer(2, b, '九折')));
    expect(tencent.maxBatch).toBe(200);
    const before = fake.requests.length;
    const results = await tencent.sendBatch([offer(9_100_001, a, '八折'), offer(9_100_002, b, '九折'), offer(9_100_003, a, '八折')]);
    const calls = fake.requests.slice(before).map((r) => JSON.parse(r.body) as { PhoneNumberSet: string[]; TemplateParamSet: string[]; SessionContext: string });
    expect(calls.map((c) => [c.PhoneNumberSet, c.TemplateParamSet, c.SessionContext])).toEqual([
      [[`+86${a}`], ['八折'], '9100001'], [[`+86${a}`], ['八折'], '9100003'], [[`+86${b}`], ['九折'], '9100002'],
    ]);
    expect(results.every((r) => !(r instanceof ProviderError))).toBe(true);
  });

  it('throws when a batch that went as one call is refused as a whole', async () => {
    fake.failCall = ['RequestLimitExceeded'];
    await expect(tencent.sendBatch([offer(9_100_011, nextMobile(), '八折'), offer(9_100_012, nextMobile(), '八折')]))
      .rejects.toMatchObject({ code: 'RequestLimitExceeded', retryable: true });
  });
});

describe('Tencent after a crash mid-send (PullSmsSendStatusByPhoneNumber)', () => {
  const abandon = (reply: Message) =>
    hx.ds.manager.update(Message, { id: reply.id }, { ...claimedUntil(new Date(hx.clock.now().getTime() - 1)), attempts: 1 });
  const record = (mobile: string, sessionContext: string, serialNo: string) => fake.sends.push({
    phoneNumbers: [`+86${mobile}`], smsSdkAppId: '1400006666', signName: '回信诊所', templateId: '1100001', templateParams: [], sessionContext, serialNo, serialNos: [serialNo], at: new Date(),
  });

  it('finds a reply Tencent already took (its SessionContext) with its SerialNo, and does not send it again', async () => {
    const { mobile, reply } = await queuedReply();
    await abandon(reply);
    record(mobile, String(reply.id), '2433:found-1');
    const sendsBefore = fake.sends.length;
    await hx.sender.drain();
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'sent', providerMessageId: '2433:found-1' });
    expect(fake.sends.length).toBe(sendsBefore);
    expect(fake.pulls.some((p) => p.phoneNumber === `+86${mobile}`)).toBe(true);
  });

  it('finds a message that went in a batch by the batch SessionContext', async () => {
    const { mobile, reply } = await queuedReply();
    await abandon(reply);
    record(mobile, `b:${reply.id - 3}-${reply.id + 2}`, '2433:found-2');
    await hx.sender.drain();
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'sent', providerMessageId: '2433:found-2' });
  });

  it('sends a reply Tencent never got (nothing to that number names it), once', async () => {
    const { mobile, reply } = await queuedReply();
    await abandon(reply);
    record(mobile, String(reply.id + 1000), '2433:other');
    await hx.sender.drain();
    const sent = fake.sends.filter((s) => s.phoneNumbers[0] === `+86${mobile}` && s.sessionContext === String(reply.id));
    expect(sent).toHaveLength(1);
    expect(await hx.ds.manager.findOneByOrFail(Message, { id: reply.id })).toMatchObject({ status: 'sent', providerMessageId: sent[0].serialNo, attempts: 2 });
    expect(fake.malformed).toEqual([]);
  });
});
