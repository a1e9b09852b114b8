import type { EntitySubscriberInterface } from 'typeorm';
import { In } from 'typeorm';
import { Campaign, Message, Segment } from '../../../server/db/entities';
import { FakeTwilio, twilioEnv } from '../../support/fake-twilio';
import { startTestHuixin, type TestHuixin } from '../../support/test-server';
import { queueTexts } from './outbox-support';
import { statementsDuring } from '../../support/statements-during';

/** How long the fake Twilio holds each answer: sends made one after another's answer would take this long apiece. */
const ANSWER_MS = 400;
const TEXTS = 120;

let hx: TestHuixin;
let twilio: FakeTwilio;
let commits = 0;
beforeAll(async () => {
  twilio = await new FakeTwilio().start();
  twilio.responseDelayMs = ANSWER_MS;
  hx = await startTestHuixin(twilioEnv(twilio, 'token-abc'), { startSender: false });
  const counter: EntitySubscriberInterface = { afterTransactionCommit: () => { commits++; } };
  hx.ds.subscribers.push(counter);
});
afterAll(async () => { await hx.close(); await twilio.stop(); });

describe('the outbox sender at volume', () => {
  it('sends a campaign\'s texts concurrently and records each one\'s own sid, in a few transactions', async () => {
    const ids = await queueTexts(hx.ds, hx.clock.now(), '+8613600990001', TEXTS, 'bulk', { provider: 'twilio' });
    commits = 0;
    await hx.sender.drain();

    // All were in flight together: none waited for another's answer (32 at a time, as before, took 4 answers' time).
    const arrivals = twilio.sends.map((s) => s.at.getTime());
    expect(twilio.sends).toHaveLength(TEXTS);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(ANSWER_MS);

    // Each row holds the sid Twilio gave its own text, although they were written together.
    const rows = await hx.ds.manager.findBy(Message, { id: In(ids) });
    const sidOfBody = new Map(twilio.sends.map((s) => [s.body, s.sid]));
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.billedSegments === 1)).toBe(true);
    expect(rows.map((r) => r.providerMessageId)).toEqual(rows.map((r) => sidOfBody.get(r.body)));
    expect(new Set(rows.map((r) => r.providerMessageId)).size).toBe(TEXTS);

    // The outcomes were stored a batch at a time, not in a transaction each.
    expect(commits).toBeLessThan(TEXTS / 4);

    // …and the reports counted every one of them as sent (queueTexts wrote the rows without counting them as pending).
    const [counts] = await hx.ds.query(`SELECT SUM(n) AS sent FROM report_rollups
      WHERE grain = 'h' AND dim = 'all' AND kind = 'out' AND value = 'twilio' AND state = 'sent'`) as Array<{ sent: number | string }>;
    expect(Number(counts.sent)).toBe(TEXTS);
  });

  it('counts a batch of a campaign\'s texts in the campaigns report with one read of them, not one each', async () => {
    const segment = await hx.ds.manager.save(Segment, { name: 'everyone', definition: {} });
    const campaign = await hx.ds.manager.save(Campaign, {
      name: '停诊通知', category: 'transactional', segmentId: segment.id, body: '本周六停诊', status: 'running', audienceDone: true, takenDown: false,
    } as Partial<Campaign>);
    // One text per recipient, as a campaign writes them.
    for (let i = 0; i < TEXTS; i++) await queueTexts(hx.ds, hx.clock.now(), `+86136009${String(10_000 + i).padStart(5, '0')}`, 1, 'bulk', { provider: 'twilio', campaignId: campaign.id });
    commits = 0;
    const log = await statementsDuring(hx, () => hx.sender.drain());

    // The campaign's texts as its counts need them (campaign-rollups.ts campaignTexts): read once per batch recorded.
    const reads = log.filter((q) => /LEFT JOIN campaign_recipients cr/.test(q));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(commits);
    // …and counted every one as left, awaiting its receipt (Twilio said `sent`).
    const [counts] = await hx.ds.query(`SELECT SUM(n) AS left_ FROM report_rollups
      WHERE grain = 'h' AND kind = 'campaign' AND state = 'pending' AND value LIKE ?`, [`${campaign.id}|%`]) as Array<{ left_: number | string }>;
    expect(Number(counts.left_)).toBe(TEXTS);
  });

  it('leaves alone a row another sender took over while its answer was on the way', async () => {
    const [id] = await queueTexts(hx.ds, hx.clock.now(), '+8613600990002', 1, 'reply', { provider: 'twilio' });
    const others = await queueTexts(hx.ds, hx.clock.now(), '+8613600990003', 5, 'reply', { provider: 'twilio' });
    // While Twilio holds its answer, the row's lease is taken by another sender (here: it is written as failed by it).
    setTimeout(() => void hx.ds.manager.update(Message, { id }, { status: 'failed', errorCode: 'other_sender', leaseUntil: null }), ANSWER_MS / 2);
    await hx.sender.drain();
    expect(await hx.ds.manager.findOneByOrFail(Message, { id })).toMatchObject({ status: 'failed', errorCode: 'other_sender', providerMessageId: null });
    const rest = await hx.ds.manager.findBy(Message, { id: In(others) });
    expect(rest.map((r) => r.status)).toEqual(others.map(() => 'sent'));
  });
});
