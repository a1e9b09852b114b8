import request from 'supertest';
import { Conversation } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import type { Huixin } from '../../../server/huixin';
import { Customer } from '../../support/customer';
import { eventually, startAnotherNode, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, type AgentSocket } from './inbox-client';

// Its own servers (and so its own database): the queue and the loads counted here start from nothing.
let hx: TestHuixin;
let nodeB: Huixin;
const sockets: AgentSocket[] = [];
const agents: Record<'wang' | 'liu', { id: number; token: string }> = {} as never;

beforeAll(async () => {
  hx = await startTestHuixin();
  nodeB = await startAnotherNode(hx);
  for (const name of ['wang', 'liu'] as const) {
    const token = await hx.loginAs(`${name}@clinic.example`, DEMO_AGENT_PASSWORD);
    const me = await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    agents[name] = { id: me.body.agent.id, token };
  }
});
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.close());
  // Everyone's conversations go back to nobody's, so each test starts with an empty desk.
  await hx.ds.manager.update(Conversation, { status: 'open' }, { status: 'resolved' });
});
afterAll(async () => {
  await nodeB?.stop();
  await hx?.close();
});

let n = 0;
/** Six customers ask for a person while nobody is online: six conversations wait in the queue. */
async function sixQueued(): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < 6; i++) {
    const customer = new Customer(hx, `+86135007${String(++n).padStart(5, '0')}`);
    await customer.text('人工');
    ids.push((await customer.conversation()).id);
  }
  return ids;
}

async function owners(ids: number[]): Promise<Array<number | null>> {
  const rows = await hx.ds.manager.findBy(Conversation, ids.map((id) => ({ id })));
  return rows.map((c) => c.assigneeId);
}
const countOf = (given: Array<number | null>, id: number) => given.filter((g) => g === id).length;
/** Three each, and it stays so (a late sweep must not move or add anything). */
async function expectThreeEach(ids: number[]): Promise<void> {
  const { wang, liu } = agents;
  await eventually(async () => (await owners(ids)).every((o) => o !== null), 12_000);
  await new Promise((r) => setTimeout(r, 500));
  const given = await owners(ids);
  expect([countOf(given, wang.id), countOf(given, liu.id)]).toEqual([3, 3]);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the queue is shared fairly when agents arrive', () => {
  it('gives two agents logging in together three each of six queued conversations', async () => {
    const ids = await sixQueued();
    expect(await owners(ids)).toEqual([null, null, null, null, null, null]);
    sockets.push(...await Promise.all([connectAgent(hx.url, agents.wang.token), connectAgent(hx.url, agents.liu.token)]));
    await expectThreeEach(ids);
  }, 30_000);

  it('gives the second of two agents logging in a second apart their half, not nothing; the first starts at once', async () => {
    const ids = await sixQueued();
    sockets.push(await connectAgent(hx.url, agents.wang.token));
    // Something to start on right away: the head of the queue.
    await eventually(async () => (await owners(ids)).includes(agents.wang.id), 2000);
    await pause(1000);
    sockets.push(await connectAgent(hx.url, agents.liu.token));
    await expectThreeEach(ids);
  }, 30_000);

  it('shares it the same way when the two agents are on different nodes', async () => {
    const ids = await sixQueued();
    // With Redis each node sees the other's sockets; without it (SQLite, one process per node here) each agent is
    // online on both nodes, as the round-robin test does.
    const wangOn = process.env.REDIS_URL ? [hx.url] : [hx.url, nodeB.url];
    const liuOn = process.env.REDIS_URL ? [nodeB.url] : [hx.url, nodeB.url];
    for (const url of wangOn) sockets.push(await connectAgent(url, agents.wang.token));
    await pause(1000);
    for (const url of liuOn) sockets.push(await connectAgent(url, agents.liu.token));
    await expectThreeEach(ids);
  }, 30_000);
});
