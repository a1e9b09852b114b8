import { AgentNotification, Campaign, type Contact, type Message } from '../../../server/db/entities';
import { complaintCount, takeDownIfComplained } from '../../../server/campaigns/complaint-takedown';
import { eventually, TUESDAY_MORNING, type TestHuixin } from '../../support/test-server';
import { addContact, api, campaignMessages, campaignServer, makeCampaign, makeSegment, textIn } from './support';

// Issue 16 item 6: "同一内容投诉超5次：强制下架内容模板", and the monthly complaint rate alarm on the dashboard.
let hx: TestHuixin;
let token: string;
beforeAll(async () => { ({ hx, token } = await campaignServer()); });
afterAll(async () => { await hx.close(); });
afterEach(() => hx.clock.set(TUESDAY_MORNING));

async function sentCampaign(tag: string, n: number, sending: number) {
  const contacts: Contact[] = [];
  for (let i = 0; i < n; i++) contacts.push(await addContact(hx, token, { tags: [tag], marketing: true }));
  const segmentId = await makeSegment(hx, token, { tagsAny: [tag] });
  // One a second: `sending` texts leave now, the rest wait their turn.
  const id = await makeCampaign(hx, token, { segmentId, ratePerSecond: 1 });
  await api(hx, token).post(`/api/campaigns/${id}/start`).send({}).expect(200);
  for (let i = 0; i < sending; i++) {
    await hx.sender.drain();
    if (i < sending - 1) hx.clock.advance(1000);
  }
  const sent = (await campaignMessages(hx, id)).filter((m) => m.sentAt);
  expect(sent).toHaveLength(sending);
  const phoneOf = (m: Message) => contacts.find((c) => c.id === m.contactId)!.phone;
  return { id, sent, phoneOf };
}

const campaignRow = (id: number) => hx.ds.manager.findOneByOrFail(Campaign, { id });

describe('complaint take-down', () => {
  it('five complaints leave it running; the sixth takes the content down, pauses it and rings the admins until a review restores it', async () => {
    const { id, sent, phoneOf } = await sentCampaign('complain', 8, 6);
    hx.clock.advance(500);
    const complaints = ['你们服务太差了', '一直发短信烦不烦', '垃圾诊所', '坑人', 'this is a scam'];
    for (const [i, text] of complaints.entries()) await textIn(hx, phoneOf(sent[i]!), text);
    // Five is not more than five: the check the worker runs leaves it running.
    expect(await complaintCount(hx.ds.manager, await campaignRow(id))).toBe(5);
    expect(await takeDownIfComplained(hx.ds, hx.bus, await campaignRow(id), 5, hx.clock.now())).toBe(false);
    expect(await campaignRow(id)).toMatchObject({ status: 'running', takenDown: false });

    await textIn(hx, phoneOf(sent[5]!), '医生态度很差');
    const down = await eventually(async () => { const c = await campaignRow(id); return c.takenDown ? c : null; }, 10_000);
    expect(down).toMatchObject({ status: 'paused', pausedReason: 'complaints' });
    const bell = await eventually(() => hx.ds.manager.findOneBy(AgentNotification, { kind: 'campaign', conversationId: sent[5]!.conversationId }));
    expect(bell).toBeTruthy();
    // What had not left is held: nothing more goes out.
    hx.clock.advance(10_000);
    await hx.sender.drain();
    expect((await campaignMessages(hx, id)).filter((m) => m.sentAt)).toHaveLength(6);

    const refused = await api(hx, token).post(`/api/campaigns/${id}/resume`).send({}).expect(409);
    expect(refused.body.error.code).toBe('taken_down');
    const alarms = await api(hx, token).get('/api/campaign-alarms').expect(200);
    expect(alarms.body.takenDown).toEqual([expect.objectContaining({ id })]);
    expect(alarms.body.monthlyComplaints).toMatchObject({ month: '2026-11', alarm: true, threshold: 0.003 });
    expect(alarms.body.monthlyComplaints.complaints).toBeGreaterThanOrEqual(6);

    const bad = await api(hx, token).post(`/api/campaigns/${id}/review`).send({ decision: 'maybe' }).expect(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_field', field: 'decision' });
    const restored = await api(hx, token).post(`/api/campaigns/${id}/review`).send({ decision: 'restore' }).expect(200);
    expect(restored.body).toMatchObject({ takenDown: false, status: 'paused' });
    await api(hx, token).post(`/api/campaigns/${id}/resume`).send({}).expect(200);
    // The complaints the review saw do not take it down again.
    expect(await takeDownIfComplained(hx.ds, hx.bus, await campaignRow(id), 5, hx.clock.now())).toBe(false);
    hx.clock.advance(10_000);
    await hx.sender.drain();
    expect((await campaignMessages(hx, id)).filter((m) => m.sentAt)).toHaveLength(8);
    await api(hx, token).post(`/api/campaigns/${id}/review`).send({ decision: 'restore' }).expect(409);
  }, 40_000);

  it('kept down, what has not left is cancelled and it cannot be started again', async () => {
    await api(hx, token).put('/api/campaign-settings').send({ complaintTakeDownCount: 1 }).expect(200);
    try {
      const { id, sent, phoneOf } = await sentCampaign('keepdown', 4, 2);
      hx.clock.advance(500);
      for (const m of sent) await textIn(hx, phoneOf(m), '坑人');
      await eventually(async () => (await campaignRow(id)).takenDown || null, 10_000);
      const kept = await api(hx, token).post(`/api/campaigns/${id}/review`).send({ decision: 'keep_down' }).expect(200);
      expect(kept.body).toMatchObject({ status: 'cancelled', takenDown: true, keptDown: true });
      const left = (await campaignMessages(hx, id)).filter((m) => !m.sentAt);
      expect(left.map((m) => m.errorCode)).toEqual(['campaign_cancelled', 'campaign_cancelled']);
      // The decision is final: no second review either way, and the admin home no longer raises it as waiting.
      for (const decision of ['restore', 'keep_down']) {
        const again = await api(hx, token).post(`/api/campaigns/${id}/review`).send({ decision }).expect(409);
        expect(again.body.error.message).toMatch(/kept down/);
      }
      expect((await api(hx, token).get(`/api/campaigns/${id}`).expect(200)).body).toMatchObject({ takenDown: true, keptDown: true });
      const alarms = (await api(hx, token).get('/api/campaign-alarms').expect(200)).body;
      expect(alarms.takenDown.map((c: { id: number }) => c.id)).not.toContain(id);
    } finally {
      await api(hx, token).put('/api/campaign-settings').send({ complaintTakeDownCount: 5 }).expect(200);
    }
  }, 30_000);
});
