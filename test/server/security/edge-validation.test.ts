import request from 'supertest';
import type { Socket } from 'socket.io-client';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { ADMIN, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, type AgentSocket } from '../inbox/inbox-client';

let hx: TestHuixin;
let wang: string;
let admin: string;
const sockets: AgentSocket[] = [];
beforeAll(async () => {
  hx = await startTestHuixin();
  [wang, admin] = await Promise.all([hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD), hx.loginAs(ADMIN.email, ADMIN.password)]);
});
afterEach(() => { for (const s of sockets.splice(0)) s.close(); });
afterAll(() => hx.close());

const get = (path: string, token = wang) => request(hx.url).get(path).set('Authorization', `Bearer ${token}`);
const post = (path: string, body: object, token = wang) => request(hx.url).post(path).set('Authorization', `Bearer ${token}`).send(body);
const refusal = (field: string) => ({ error: { code: 'invalid_field', field, message: expect.stringContaining(field) } });

/** An inbox socket that may send what the typed contract forbids, as a buggy or hostile client would. */
async function rawAgent(): Promise<Socket> {
  const socket = await connectAgent(hx.url, wang);
  sockets.push(socket);
  return socket as unknown as Socket;
}

describe('query strings are parsed at the edge', () => {
  it.each([
    ['a repeated search', '?q=a&q=b', 'q'],
    ['a repeated status', '?status=open&status=resolved', 'status'],
    ['an unknown status', '?status=closed', 'status'],
    ['an assignee that is not an agent id, me or none', '?assignee=abc', 'assignee'],
    ['an assignee id in exponent form', '?assignee=1e3', 'assignee'],
    ['a contact id past any number', '?contactId=1e400', 'contactId'],
    ['a negative contact id', '?contactId=-1', 'contactId'],
    ['a zero contact id', '?contactId=0', 'contactId'],
    ['a fractional contact id', '?contactId=1.5', 'contactId'],
    ['a contact id past the id column', '?contactId=99999999999', 'contactId'],
    ['an unknown view', '?view=everything', 'view'],
    ['a limit that is not a number', '?limit=lots', 'limit'],
    ['a repeated cursor', '?cursor=a&cursor=b', 'cursor'],
  ])('the conversation list answers %s with a 400 naming it', async (_what, query, field) => {
    expect((await get(`/api/conversations${query}`).expect(400)).body).toMatchObject(refusal(field));
  });

  it('still lists by agent id, me and none', async () => {
    const customer = new Customer(hx, '+8613500990001');
    await customer.text('人工');
    const { id } = await customer.conversation();
    await post(`/api/conversations/${id}/take-over`, {}).expect(200);
    const me = (await get('/api/auth/me').expect(200)).body.agent.id as number;
    const ids = async (query: string) => ((await get(`/api/conversations${query}`).expect(200)).body.items as Array<{ id: number }>).map((c) => c.id);
    expect(await ids(`?assignee=${me}&status=open`)).toContain(id);
    expect(await ids('?assignee=me')).toContain(id);
    expect(await ids('?assignee=none')).not.toContain(id);
    expect(await ids(`?contactId=${(await customer.contact()).id}`)).toEqual([id]);
  });

  it.each([
    ['/api/conversations/1e400', 'id'],
    ['/api/conversations/0x10/messages', 'id'],
    ['/api/contacts/-1', 'id'],
    ['/api/appointments/1.5', 'id'],
    ['/api/appointments?contactId=1&contactId=2', 'contactId'],
    ['/api/appointments?from=yesterday', 'from'],
    ['/api/availability?serviceId=1&serviceId=2', 'serviceId'],
    ['/api/contacts?phone=1&phone=2', 'phone'],
    ['/api/versions/diff?from=1&from=2&to=3', 'from'],
    ['/api/versions/diff?from=1&to=x', 'to'],
    ['/api/versions/latest', 'version'],
  ])('GET %s is a 400 naming %s', async (path, field) => {
    expect((await get(path).expect(400)).body).toMatchObject(refusal(field));
  });

  it('refuses a malformed id in a route parameter of an admin command', async () => {
    expect((await request(hx.url).delete('/api/intents/phrases/1e400').set('Authorization', `Bearer ${admin}`).expect(400)).body).toMatchObject(refusal('id'));
  });

  it('answers a calendar feed asked for with two tokens with a 400 rather than a guess', async () => {
    expect((await request(hx.url).get('/api/calendar/staff/1.ics?token=a&token=b').expect(400)).body).toMatchObject(refusal('token'));
  });
});

describe('the rules simulator', () => {
  it.each(['constructor', '__proto__', 'xx-YY'])('answers an unknown locale "%s" in a supported one', async (locale) => {
    const res = await post('/api/rules/simulate', { text: '人工', locale }, admin).expect(200);
    expect(res.body.reply).toEqual(expect.stringMatching(/[\u4e00-\u9fff]/));
  });

  it('answers an English locale in English', async () => {
    const res = await post('/api/rules/simulate', { text: 'HELP', locale: 'en-GB' }, admin).expect(200);
    expect(res.body.reply).toMatch(/reply 1 to confirm/);
  });
});

describe('socket commands are parsed at the edge', () => {
  it.each([
    ['a null payload', null, undefined],
    ['a string payload', 'hello', undefined],
    ['a conversation id that is text', { conversationId: 'x', body: 'hi' }, 'conversationId'],
    ['a conversation id past any number', { conversationId: 1e400, body: 'hi' }, 'conversationId'],
    ['a fractional conversation id', { conversationId: 1.5, body: 'hi' }, 'conversationId'],
  ])('message:send with %s is acknowledged with invalid_field', async (_what, payload, field) => {
    const socket = await rawAgent();
    const ack = await socket.timeout(5000).emitWithAck('message:send', payload);
    expect(ack).toEqual({ ok: false, error: { code: 'invalid_field', message: expect.any(String), issue: expect.objectContaining({ code: expect.any(String) }), ...(field ? { field, path: [field] } : {}) } });
  });

  it.each([
    ['conversation:assign', { conversationId: 1, assigneeId: 'liu' }, 'assigneeId'],
    ['conversation:resolve', { conversationId: -3 }, 'conversationId'],
    ['conversation:view', { conversationId: '7' }, 'conversationId'],
    ['typing', { conversationId: 1, typing: 'yes' }, 'typing'],
  ])('%s with a malformed field is acknowledged with invalid_field naming it', async (event, payload, field) => {
    const socket = await rawAgent();
    expect(await socket.timeout(5000).emitWithAck(event, payload)).toMatchObject({ ok: false, error: { code: 'invalid_field', field } });
  });

  it('answers a command whose payload was left out, naming what is missing', async () => {
    const socket = await rawAgent();
    const ack = await socket.timeout(5000).emitWithAck('conversation:resolve');
    expect(ack).toMatchObject({ ok: false, error: { code: 'invalid_field' } });
  });

  it('survives commands sent without an ack, or with a value where the ack belongs, and keeps serving', async () => {
    const socket = await rawAgent();
    const customer = new Customer(hx, '+8613500990002');
    await customer.text('你好');
    const { id } = await customer.conversation();
    socket.emit('message:send', null);
    socket.emit('message:send', { conversationId: 'x' }, 'not an ack');
    socket.emit('conversation:resolve', 42, { ack: false });
    socket.emit('typing', null);
    socket.emit('conversation:view');

    const ack = await socket.timeout(5000).emitWithAck('message:send', { conversationId: id, body: '您好' });
    expect(ack).toMatchObject({ ok: true, data: { conversationId: id, origin: 'agent', body: '您好' } });
    expect(socket.connected).toBe(true);
    await request(hx.url).get('/healthz').expect(200);
  });
});
