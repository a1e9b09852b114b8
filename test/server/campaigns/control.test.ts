import supertest from 'supertest';
import { AgentNotification, Campaign, CampaignRecipient, Message } from '../../../server/db/entities';
import { eventually, startAnotherNode, testConfig, TUESDAY_MORNING, type TestHuixin } from '../../support/test-server';
import { RulesetCache } from '../../../server/admin/ruleset-cache';
import { startCampaign } from '../../../server/campaigns/campaign-control';
import { newQueueLease, queueCampaign, type QueueDeps } from '../../../server/campaigns/queue-campaign';
import type { Huixin } from '../../../server/huixin';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, recipientsOf, textIn } from './support';

let hx: TestHuixin;
let token: string;
let nodeB: Huixin;
beforeAll(async () => {
  ({ hx, token } = await campaignServer());
  nodeB = await startAnotherNode(hx);
  // Senders are driven by hand here, on either node.
  await nodeB.sender.stop();
});
afterAll(async () => { await nodeB.stop(); await hx.close(); });
afterEach(() => hx.clock.set(TUESDAY_MORNING));

async function audience(tag: string, n: number) {
  const contacts = [];
  for (let i = 0; i < n; i++) contacts.push(await addContact(hx, token, { tags: [tag], marketing: true }));
  return { contacts, segmentId: await makeSegment(hx, token, { tagsAny: [tag] }) };
}

const sentCount = async (id: number) => (await campaignMessages(hx, id)).filter((m) => m.sentAt).length;

describe('campaign control', () => {
  it('a pause on one node stops every sender at once; resume sends the rest; cancel refuses what is left', async () => {
    const { segmentId } = await audience('control', 3);
    const id = await makeCampaign(hx, token, { segmentId });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);

    // Paused through the second node: the first node's sender finds nothing to claim.
    const paused = await request(nodeB.url, token).post(`/api/campaigns/${id}/pause`).send({}).expect(200);
    expect(paused.body).toMatchObject({ status: 'paused', pausedReason: 'admin', stats: { queued: 3 } });
    await hx.sender.drain();
    expect(await sentCount(id)).toBe(0);
    expect((await campaignMessages(hx, id)).every((m) => m.status === 'held')).toBe(true);

    const resumed = await api(hx, token).post(`/api/campaigns/${id}/resume`).send({}).expect(200);
    expect(resumed.body.status).toBe('running');
    expect(resumed.body.pausedReason).toBeUndefined();
    await hx.sender.drain();
    expect(await sentCount(id)).toBe(3);
    await eventually(async () => (await hx.ds.manager.findOneByOrFail(Campaign, { id })).status === 'done');

    const other = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '停诊通知' });
    await api(hx, token).post(`/api/campaigns/${other}/start`).send({}).expect(200);
    const cancelled = await api(hx, token).post(`/api/campaigns/${other}/cancel`).send({}).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await hx.sender.drain();
    const left = await campaignMessages(hx, other);
    expect(left.map((m) => [m.status, m.errorCode])).toEqual([['refused', 'campaign_cancelled'], ['refused', 'campaign_cancelled'], ['refused', 'campaign_cancelled']]);
    const again = await api(hx, token).post(`/api/campaigns/${other}/resume`).send({}).expect(409);
    expect(again.body.error.code).toBe('invalid_status');
  });

  it('pauses itself when opt-outs today pass 0.5% of those it texted, and rings the admins', async () => {
    const { contacts, segmentId } = await audience('alarm', 4);
    // One a second: only the first text is due now.
    const id = await makeCampaign(hx, token, { segmentId, ratePerSecond: 1 });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    await hx.sender.drain();
    expect(await sentCount(id)).toBe(1);
    const first = (await campaignMessages(hx, id)).find((m) => m.sentAt)!;
    hx.clock.advance(500);
    await textIn(hx, contacts.find((c) => c.id === first.contactId)!.phone, 'R');

    const campaign = await eventually(async () => {
      const row = await hx.ds.manager.findOneByOrFail(Campaign, { id });
      return row.status === 'paused' ? row : null;
    });
    expect(campaign.pausedReason).toBe('opt_out_rate');
    const bell = await eventually(() => hx.ds.manager.findOneBy(AgentNotification, { kind: 'campaign' }));
    expect(bell.conversationId).toBe(first.conversationId);
    const view = await api(hx, token).get(`/api/campaigns/${id}`).expect(200);
    expect(view.body).toMatchObject({ status: 'paused', pausedReason: 'opt_out_rate', stats: { sent: 1, optedOut: 1, replied: 1 } });
    hx.clock.advance(10_000);
    await hx.sender.drain();
    expect(await sentCount(id)).toBe(1);
  });

  it('a node that died mid-audience is carried on by another: every contact once, none twice', async () => {
    const { contacts, segmentId } = await audience('crash', 6);
    const id = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '复诊提醒' });
    await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
    // As if the node died after committing the first batches: the later contacts were never written, its lease lapsed.
    const later = contacts.slice(3).map((c) => c.id);
    for (const contactId of later) {
      await hx.ds.manager.delete(Message, { campaignId: id, contactId });
      await hx.ds.manager.delete(CampaignRecipient, { campaignId: id, contactId });
    }
    await hx.ds.manager.update(Campaign, { id }, { audienceDone: false, leaseUntil: new Date(hx.clock.now().getTime() - 1) });

    await eventually(async () => (await hx.ds.manager.findOneByOrFail(Campaign, { id })).audienceDone);
    const messages = await campaignMessages(hx, id);
    expect(messages.map((m) => m.contactId).sort()).toEqual(contacts.map((c) => c.id).sort());
    expect((await recipientsOf(hx, id)).size).toBe(6);
  });

  it('starts a scheduled campaign at its time, and holds one whose time passed over 30 minutes ago for an admin', async () => {
    const { segmentId } = await audience('scheduled', 1);
    const inTen = () => new Date(hx.clock.now().getTime() + 10 * 60_000).toISOString();
    const onTime = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '通知', sendAt: inTen() });
    expect((await api(hx, token).post(`/api/campaigns/${onTime}/start`).send({}).expect(200)).body.status).toBe('scheduled');
    hx.clock.advance(11 * 60_000);
    await eventually(async () => (await hx.ds.manager.findOneByOrFail(Campaign, { id: onTime })).audienceDone);
    expect(await campaignMessages(hx, onTime)).toHaveLength(1);

    // The servers were down from before its time until 35 minutes after it: it waits for an admin instead.
    const missed = await makeCampaign(hx, token, { segmentId, category: 'transactional', body: '通知', sendAt: inTen() });
    await api(hx, token).post(`/api/campaigns/${missed}/start`).send({}).expect(200);
    hx.clock.advance(45 * 60_000);
    const held = await eventually(async () => {
      const row = await hx.ds.manager.findOneByOrFail(Campaign, { id: missed });
      return row.pausedReason === 'missed_start' ? row : null;
    });
    expect(held.status).toBe('scheduled');
    expect(await campaignMessages(hx, missed)).toHaveLength(0);
    // The admin decides: starting it now sends it now.
    const now = await api(hx, token).post(`/api/campaigns/${missed}/start`).send({}).expect(200);
    expect(now.body).toMatchObject({ status: 'running', stats: { queued: 1 } });
  });
  it('the run that makes a campaign run holds its queueing: another node finding it running and unqueued writes nothing', async () => {
    const { segmentId } = await audience('lease', 3);
    const id = await makeCampaign(hx, token, { segmentId });
    const depsOf = (node: Huixin): QueueDeps => ({ ds: node.ds, clock: hx.clock, bus: node.bus, rulesets: new RulesetCache(node.ds), channels: node.channels, config: testConfig(hx.db) });
    const lease = newQueueLease(hx.clock.now());
    await startCampaign(hx.ds, id, hx.clock.now(), lease);
    // What node B's campaign worker does on its tick when it sees a running campaign whose audience is not written.
    expect(await queueCampaign(depsOf(nodeB), id)).toBe(false);
    expect(await recipientsOf(hx, id)).toEqual(new Map());
    expect(await queueCampaign(depsOf(hx), id, lease)).toBe(true);
    expect((await recipientsOf(hx, id)).size).toBe(3);
  });
});

function request(url: string, bearer: string) {
  return { post: (path: string) => supertest(url).post(path).set('Authorization', `Bearer ${bearer}`) };
}
