import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Message } from '../../../server/db/entities';
import { DEMO_AGENT_PASSWORD } from '../../../server/db/seed/seed';
import { Customer } from '../../support/customer';
import { ADMIN, eventually, startTestHuixin, type TestHuixin } from '../../support/test-server';
import { connectAgent, nextEvent, type AgentSocket } from '../inbox/inbox-client';

let hx: TestHuixin;
let wang: AgentSocket;
let wangId: number;

beforeAll(async () => {
  hx = await startTestHuixin();
  // A genuine bug the validator lets through: a keyword rule's reply names the appointment, which only appointment
  // replies supply, so strict rendering throws at send time for every customer who texts it.
  const admin = await hx.loginAs(ADMIN.email, ADMIN.password);
  await request(hx.url).post('/api/rules').set('Authorization', `Bearer ${admin}`).send({
    name: 'my visit', match: { kind: 'exact', patterns: ['my visit?'] }, action: 'faq', reply: 'Your visit: {{appointment.when}}',
  }).expect(201);
  const token = await hx.loginAs('wang@clinic.example', DEMO_AGENT_PASSWORD);
  wangId = (await request(hx.url).get('/api/auth/me').set('Authorization', `Bearer ${token}`).expect(200)).body.agent.id;
  wang = await connectAgent(hx.url, token);   // online, so round-robin has someone to give the thread to
});
afterAll(async () => {
  wang?.close();
  await hx?.close();
});

const webhook = (id: string, from: string, text: string) =>
  request(hx.url).post('/webhooks/generic').send({ id, from, to: 'huixin', text });

describe('a text the pipeline fails on', () => {
  it('is stored with its error and handed to a person, and the webhook still answers 2xx', async () => {
    const customer = new Customer(hx, '+8613900139001');
    const listed = nextEvent(wang, 'conversation:updated', (c) => c.contact.phone === customer.phone);

    const res = await webhook(randomUUID(), customer.phone, 'my visit?').expect(200);

    const stored = await hx.ds.manager.findOneByOrFail(Message, { id: res.body.messageId });
    expect(stored).toMatchObject({ direction: 'in', body: 'my visit?', status: 'received', errorCode: 'pipeline_error' });
    expect(stored.errorMessage).toMatch(/"when" not defined/);
    expect(stored.errorMessage).not.toMatch(/13900139001/);
    expect(await customer.conversation()).toMatchObject({ handledBy: 'human', status: 'open', handoffReason: 'error' });
    expect(await customer.replies()).toEqual([]);   // no half-made answer reaches the customer
    await listed;                                    // the inbox shows it at once
    expect(await eventually(async () => (await customer.conversation()).assigneeId)).toBe(wangId);
  });

  it('stores nothing new when the provider retries the same message id', async () => {
    const customer = new Customer(hx, '+8613900139002');
    const id = randomUUID();
    const first = await webhook(id, customer.phone, 'my visit?').expect(200);

    const retry = await webhook(id, customer.phone, 'my visit?').expect(200);

    expect(retry.body).toMatchObject({ messageId: first.body.messageId, duplicate: true });
    expect(await hx.ds.manager.countBy(Message, { contactId: (await customer.contact()).id })).toBe(1);
  });

  it('leaves the texts the pipeline can answer to the bot as before', async () => {
    const customer = new Customer(hx, '+8613900139003');
    await customer.text('地址');
    expect(await customer.conversation()).toMatchObject({ handledBy: 'bot', handoffReason: null });
    expect(await customer.lastReply()).toBeDefined();
  });
});
