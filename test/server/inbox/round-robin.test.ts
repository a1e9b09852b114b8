import request from 'supertest';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import type { Huixin } from '../../../server/huixin';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startAnotherNode, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, type AgentSocket } from './inbox-client';

// Its own server (and so its own database): the loads and turns these tests count start from nothing.
let hx: TestHuixin;
let nodeB: Huixin;
const sockets: AgentSocket[] = [];
const agents: Record<'wang' | 'liu' | 'sam', { id: number; token: string }> = {} as never;

beforeAll(async () => {
  hx = await startTestHuixin();
  nodeB = await startAnotherNode(hx);   // production with two nodes
  for (const name of ['wang', 'liu', 'sam'] as const) {
    const token = await hx.loginAs(`${name}@clinic.example`, DEMO_AGENT_PASSWORD);
    const me = await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    agents[name] = { id: me.body.agent.id, token };
  }
});
afterEach(() => { sockets.splice(0).forEach((s) => s.close()); });
afterAll(async () => {
  await nodeB?.stop();
  await hx?.close();
});

/** Online on both nodes (without Redis, a node sees only its own sockets). */
async function goOnline(...names: Array<keyof typeof agents>): Promise<void> {
  for (const name of names) for (const url of [hx.url, nodeB.url]) sockets.push(await connectAgent(url, agents[name].token));
}

let n = 0;
/** A customer who asks for a person through `node`'s webhook; resolves with whoever was given the conversation. */
async function handOff(node: { url: string }): Promise<number | null> {
  const customer = new Customer({ ...hx, url: node.url }, `+86135004${String(++n).padStart(5, '0')}`);
  await customer.text('人工');
  return eventually(async () => (await customer.conversation()).assigneeId, 3000).catch(() => null);
}

describe('round-robin assignment of hand-offs', () => {
  it('takes turns across two nodes sharing one database, whichever node took the webhook', async () => {
    await goOnline('wang', 'liu', 'sam');
    const given: Array<number | null> = [];
    for (let i = 0; i < 6; i++) given.push(await handOff(i % 2 ? nodeB : hx));
    const { wang, liu, sam } = agents;
    expect(given).toEqual([wang.id, liu.id, sam.id, wang.id, liu.id, sam.id]);
  });

  it('shares a burst of simultaneous hand-offs on two nodes out evenly', async () => {
    await goOnline('wang', 'liu', 'sam');
    const given = await Promise.all(Array.from({ length: 12 }, (_, i) => handOff(i % 2 ? nodeB : hx)));
    const count = (id: number) => given.filter((g) => g === id).length;
    expect([count(agents.wang.id), count(agents.liu.id), count(agents.sam.id)]).toEqual([4, 4, 4]);
  });

  it('skips an agent at the cap the admin set, and gives them the oldest waiting one as soon as they resolve one', async () => {
    // 刘洋 alone is online; the turns above left each agent with six open conversations. One more and he is full
    // (a cap of 7, below the default 8, so this fails if the setting is not read).
    await goOnline('liu');
    const liu = agents.liu;
    const carried = async () => (await request(hx.url).get('/api/conversations?view=mine').set('Authorization', `Bearer ${liu.token}`).expect(200)).body.items as Array<{ id: number }>;
    const cap = (await carried()).length + 1;
    const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
    await request(hx.url).put('/api/settings').set('Authorization', `Bearer ${admin}`).send({ assignmentCap: cap }).expect(200);
    expect(await handOff(nodeB)).toBe(liu.id);   // the other node reads the new cap as well

    const waiting = new Customer(hx, '+8613500499999');
    await waiting.text('人工');
    await new Promise((r) => setTimeout(r, 300));
    expect((await waiting.conversation()).assigneeId).toBeNull();   // full: it waits in the queue

    const [done] = await carried();
    await request(hx.url).post(`/api/conversations/${done.id}/resolve`).set('Authorization', `Bearer ${liu.token}`).expect(200);
    expect(await eventually(async () => (await waiting.conversation()).assigneeId)).toBe(liu.id);
  });
});
