import request from 'supertest';
import { Conversation } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, type AgentSocket } from './inbox-client';

let hx: TestHuixin;
let wang: string;
const sockets: AgentSocket[] = [];
beforeAll(async () => {
  hx = await startTestHuixin();
  wang = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  await hx.close();
});

const list = async (query: string) =>
  (await request(hx.url).get(`/api/conversations?${query}`).set('Authorization', `Bearer ${wang}`).expect(200)).body as { items: Array<{ id: number }>; nextCursor: string | null };

/**
 * Two hand-offs while nobody is online: a routine one, then ten minutes later an urgent one (toothache at night).
 * The urgent reason is set on the row, as the engine's urgent stage leaves it, so this test is about the queue only.
 */
async function routineThenUrgent(): Promise<{ routine: number; urgent: number }> {
  const routine = new Customer(hx, '+8613500600001');
  await routine.text('人工');
  hx.clock.advance(10 * 60_000);
  const urgent = new Customer(hx, '+8613500600002');
  await urgent.text('人工');
  const urgentId = (await urgent.conversation()).id;
  await hx.ds.manager.update(Conversation, { id: urgentId }, { handoffReason: 'urgent' });
  return { routine: (await routine.conversation()).id, urgent: urgentId };
}

describe('urgent hand-offs jump the queue', () => {
  let ids: { routine: number; urgent: number };
  beforeAll(async () => { ids = await routineThenUrgent(); });

  it('lists an urgent hand-off above a routine one that has waited longer, in every waiting view and across pages', async () => {
    for (const view of ['needs-person', 'unassigned', 'all']) {
      const order = (await list(`view=${view}`)).items.map((c) => c.id);
      expect(order.indexOf(ids.urgent)).toBeLessThan(order.indexOf(ids.routine));
      expect(order.indexOf(ids.urgent)).toBe(0);
    }
    const first = await list('view=unassigned&limit=1');
    const second = await list(`view=unassigned&limit=1&cursor=${first.nextCursor}`);
    expect([first.items[0].id, second.items[0].id]).toEqual([ids.urgent, ids.routine]);
  });

  it('gives the urgent hand-off to the first agent with room, before the routine one that waited longer', async () => {
    const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
    await request(hx.url).put('/api/settings').set('Authorization', `Bearer ${admin}`).send({ assignmentCap: 1 }).expect(200);
    sockets.push(await connectAgent(hx.url, wang));   // coming online sweeps the queue; room for one
    const assignee = (id: number) => hx.ds.manager.findOneByOrFail(Conversation, { id }).then((c) => c.assigneeId);
    const given = await eventually(() => assignee(ids.urgent));
    expect(given).toEqual(expect.any(Number));
    expect(await assignee(ids.routine)).toBeNull();
  });
});
