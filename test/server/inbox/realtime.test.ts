import request from 'supertest';
import { decisionsOfReplies } from '../../../server/conversations/reply-decisions';
import { Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import type { MessageView } from '../../../server/inbox/socket-contract';
import { Customer } from '../../support/customer';
import { publishedChannels } from '../../support/redis-channels';
import { eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { collect, connectAgent, nextEvent, type AgentSocket } from './inbox-client';

let hx: TestHuixin;
let wangToken: string;
let liuToken: string;
const sockets: AgentSocket[] = [];
beforeAll(async () => {
  hx = await startTestHuixin();
  [wangToken, liuToken] = await Promise.all([hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD), hx.loginAs('liu@clinic.example', DEMO_AGENT_PASSWORD)]);
});
afterEach(() => { sockets.splice(0).forEach((s) => s.close()); });
afterAll(() => hx.close());

let n = 0;
const newCustomer = () => new Customer(hx, `+86136002${String(++n).padStart(5, '0')}`);
const agent = async (token: string) => { const s = await connectAgent(hx.url, token); sockets.push(s); return s; };

describe('the inbox socket gateway', () => {
  it('refuses a socket without a token or with a wrong one at the handshake', async () => {
    await expect(connectAgent(hx.url, undefined)).rejects.toThrow('unauthenticated');
    await expect(connectAgent(hx.url, 'not-a-session')).rejects.toThrow('unauthenticated');
  });

  it('brings a hand-off from the webhook to every agent, and its messages to the assignee and the viewers', async () => {
    const wang = await agent(wangToken);
    const liu = await agent(liuToken);
    const customer = newCustomer();
    const handedOff = (who: AgentSocket) => nextEvent(who, 'conversation:updated', (c) => c.contact.phone === customer.phone && c.handledBy === 'human');
    const seenByWang = handedOff(wang);
    const seenByLiu = handedOff(liu);
    await customer.text('人工');
    const [a, b] = await Promise.all([seenByWang, seenByLiu]);
    expect(a).toMatchObject({ status: 'open', handoffReason: expect.any(String) });
    // The row arrives with its preview: the bot's acknowledgement, the newest message in the thread.
    expect(a.lastMessage).toMatchObject({ direction: 'out', origin: 'bot', body: expect.stringContaining('人工') });
    expect(b.id).toBe(a.id);

    // Round-robin gives it to one of the online agents; that agent then hears the customer's next text.
    const assigned = await eventually(async () => (await customer.conversation()).assigneeId);
    const owner = assigned === (await wangId()) ? wang : liu;
    const message = nextEvent(owner, 'message:created', (m) => m.conversationId === a.id && m.direction === 'in');
    await customer.text('我的牙很痛');
    expect((await message).body).toBe('我的牙很痛');
  });

  // Each message goes to its thread's room and, apart, to its assignee's: an assignee who has the thread open hears it
  // once; with Redis, it is published on that agent's own channel (other nodes drop it unread) and, while nobody shows
  // the thread, not on the thread's.
  it('brings each message of an assigned conversation to its assignee once, on the assignee\'s own channel', async () => {
    const wang = await agent(wangToken);
    const customer = newCustomer();
    await customer.text('人工');
    const assigned = await eventually(async () => (await customer.conversation()).assigneeId);
    expect(assigned).toBe(await wangId());
    const { id } = await customer.conversation();
    const published = process.env.REDIS_URL ? await publishedChannels(process.env.REDIS_URL, `huixin-test-${hx.db.name}#socket.io`) : null;
    const channels = published?.channels;

    const heard = collect(wang, 'message:created');
    await customer.text('还在吗');
    await eventually(() => heard.some((m) => m.conversationId === id && m.body === '还在吗'));
    if (channels) {
      await eventually(() => channels.includes(`agent:${assigned}#`));
      expect(channels).not.toContain('');   // the shared channel, decoded by every node
      expect(channels).not.toContain(`conversation:${id}#`);
    }

    await wang.emitWithAck('conversation:view', { conversationId: id });
    await customer.text('我在等');
    await eventually(() => heard.some((m) => m.body === '我在等'));
    await customer.text('好的');
    await eventually(() => heard.some((m) => m.body === '好的'));
    expect(heard.filter((m) => m.body === '我在等')).toHaveLength(1);
    await published?.stop();
  });

  // A bot reply stores no copy of its decision (the customer's text holds it): the inbox still explains it, live, when
  // the thread loads, and when the text is past the thread's page; its status changes carry no decision at all.
  it('explains the bot\'s reply with the decision its customer\'s text holds, live and when the thread loads', async () => {
    const wang = await agent(wangToken);
    const customer = newCustomer();
    await customer.text('你好');
    const conv = await customer.conversation();
    await wang.emitWithAck('conversation:view', { conversationId: conv.id });
    const created = collect(wang, 'message:created');
    const updated = collect(wang, 'message:updated');
    const askedId = await customer.text('请问诊所地址在哪里？');
    const reply = await eventually(() => created.find((m) => m.direction === 'out' && m.id > askedId));
    const asked = created.find((m) => m.id === askedId)!;
    expect(asked.decision).toMatchObject({ trace: { stage: 'keywords' } });
    expect(reply).toMatchObject({ origin: 'bot', decision: asked.decision });
    await eventually(() => updated.find((m) => m.id === reply.id && m.status === 'delivered'));
    expect(updated.filter((m) => m.id === reply.id).map((m) => m.decision)).toEqual(updated.filter((m) => m.id === reply.id).map(() => undefined));

    const thread = await request(hx.url).get(`/api/conversations/${conv.id}/messages`).set('Authorization', `Bearer ${wangToken}`).expect(200);
    const items = thread.body.items as MessageView[];
    expect(items.find((m) => m.id === reply.id)!.decision).toEqual(asked.decision);
    const stored = await hx.ds.manager.findOneByOrFail(Message, { id: reply.id });
    expect(stored).toMatchObject({ decision: null, decidedById: askedId });
    // A page that ends just after the reply: its text is read on its own.
    expect((await decisionsOfReplies(hx.ds.manager, [stored])).get(askedId)).toEqual(asked.decision);
  });

  it('delivers an agent reply sent over the socket through the provider, handed to the sender at commit, and broadcasts its status', async () => {
    const wang = await agent(wangToken);
    const customer = newCustomer();
    await customer.text('你好');
    const conv = await customer.conversation();
    const view = await wang.emitWithAck('conversation:view', { conversationId: conv.id });
    expect(view).toMatchObject({ ok: true, data: { conversationId: conv.id, agents: [expect.objectContaining({ name: '王芳' })] } });

    const updates = collect(wang, 'message:updated');
    const ack = await wang.emitWithAck('message:send', { conversationId: conv.id, body: '您好，我是王芳' });
    // Written as the sender's already (under its lease): no claim stands between the click and the provider.
    expect(ack).toMatchObject({ ok: true, data: { origin: 'agent', status: 'sending', body: '您好，我是王芳' } });
    const id = ack.ok ? ack.data.id : 0;
    await eventually(() => updates.find((m) => m.id === id && m.status === 'delivered'));
    expect(await customer.lastReply()).toMatchObject({ id, origin: 'agent', status: 'delivered', attempts: 1 });
    // Replying claimed the thread, so the bot stays quiet from now on.
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human', assigneeId: await wangId() });
  });

  it('refuses a reply over the socket from an agent who does not own the conversation', async () => {
    const liu = await agent(liuToken);
    const customer = newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    await request(hx.url).post(`/api/conversations/${id}/take-over`).set('Authorization', `Bearer ${wangToken}`).expect(200);
    const ack = await liu.emitWithAck('message:send', { conversationId: id, body: '抢答' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'not_assignee' } });
  });

  it('notifies a mentioned agent in their own room', async () => {
    const liu = await agent(liuToken);
    const customer = newCustomer();
    await customer.text('你好');
    const { id } = await customer.conversation();
    const mention = nextEvent(liu, 'mention:created', (m) => m.conversation.contact.phone === customer.phone);
    await request(hx.url).post(`/api/conversations/${id}/notes`).set('Authorization', `Bearer ${wangToken}`).send({ body: '@liu 帮忙看看' }).expect(201);
    expect(await mention).toMatchObject({ note: { conversationId: id, agentName: '王芳', body: '@liu 帮忙看看' }, conversation: { id } });
  });

  it('shows who is typing to the other viewers of the thread', async () => {
    const wang = await agent(wangToken);
    const liu = await agent(liuToken);
    const customer = newCustomer();
    await customer.text('在吗');
    const { id } = await customer.conversation();
    await wang.emitWithAck('conversation:view', { conversationId: id });
    const viewers = nextEvent(wang, 'conversation:viewers', (v) => v.conversationId === id && v.agents.length === 2);
    await liu.emitWithAck('conversation:view', { conversationId: id });
    expect((await viewers).agents.map((a) => a.name).sort()).toEqual(['刘洋', '王芳']);
    const typing = nextEvent(wang, 'conversation:typing', (t) => t.conversationId === id && t.name === '刘洋');
    liu.emit('typing', { conversationId: id, typing: true });
    expect(await typing).toMatchObject({ conversationId: id, name: '刘洋', typing: true });
  });

  it('passes an away agent by in automatic assignment, and hands them the queue when they come back', async () => {
    const wang = await agent(wangToken);
    const liu = await agent(liuToken);
    const setAway = (token: string, away: unknown) => request(hx.url).post('/api/agents/me/availability').set('Authorization', `Bearer ${token}`).send({ away });
    const wangAway = nextEvent(liu, 'agent:presence', (p) => p.name === '王芳' && p.away === true);
    await setAway(wangToken, true).expect(200);
    await wangAway;
    const liuAgentId = (await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${liuToken}`).expect(200)).body.agent.id;
    for (let i = 0; i < 2; i++) {   // round-robin would give one of two to wang
      const customer = newCustomer();
      await customer.text('人工');
      expect(await eventually(async () => (await customer.conversation()).assigneeId)).toBe(liuAgentId);
    }

    await setAway(liuToken, true).expect(200);
    const waiting = newCustomer();
    await waiting.text('人工');
    await new Promise((r) => setTimeout(r, 200));
    expect((await waiting.conversation()).assigneeId).toBeNull();   // everyone is away: it waits in the queue

    const wangBack = nextEvent(liu, 'agent:presence', (p) => p.name === '王芳' && p.away === false);
    await setAway(wangToken, false).expect(200);
    await wangBack;
    expect(await eventually(async () => (await waiting.conversation()).assigneeId)).toBe(await wangId());
    const agents = await request(hx.url).get('/api/agents').set('Authorization', `Bearer ${wangToken}`).expect(200);
    expect(agents.body.items.find((a: { name: string }) => a.name === '刘洋')).toMatchObject({ online: true, away: true });

    const refused = await setAway(liuToken, 'yes').expect(400);
    expect(refused.body.error).toMatchObject({ field: 'away' });
    await setAway(liuToken, false).expect(200);
    void wang;
  });
});

async function wangId(): Promise<number> {
  const res = await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${wangToken}`).expect(200);
  return res.body.agent.id;
}
